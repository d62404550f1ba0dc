import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ResidentForm from './ResidentForm.vue';
import { setLocale } from '../i18n';
import type { Resident } from '../api';
import { callOf, jsonResponse, mockFetch, mountWith } from '../testing/helpers';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

// The error text shown under the form item of `field`.
function errorUnder(wrapper: VueWrapper, field: string): string {
  const item = wrapper.find(`[data-field=${field}]`);
  if (!item.exists()) throw new Error(`no form item for ${field}`);
  const error = item.find('.el-form-item__error');
  return error.exists() ? error.text() : '';
}

async function fillRequired(wrapper: VueWrapper) {
  await wrapper.find('input[data-testid=field-id_number]').setValue('320706193801200147');
  await wrapper.find('input[data-testid=field-name]').setValue('王秀英');
  await wrapper.find('input[data-testid=field-phone]').setValue('12');
}

const resident: Resident = {
  id: 17, name: '王秀英', id_number: '320706********0147', phone: '138****5678', sex: 'female',
  birth_date: '1938-01-20', age: 88, unit: '320706006010001', unit_name: '海连新村', community: '320706006010',
  household: { id: 9, number: '0012' }, relation: 'head', building: '3', entrance: '1', room: '502',
  registration: 'registered', tags: [], employment: 'retired', insurance: 'resident', status: 'active',
  note: '', synthetic: true, valid_from: '2026-01-01', etag: '"r17v42"',
};

describe('ResidentForm', () => {
  it('puts a "field X: ..." message under field X and nowhere else', async () => {
    const fetchMock = mockFetch(() =>
      jsonResponse(400, { code: 'invalid_argument', message: 'field phone: "12" is not a phone number (7–15 digits)' }),
    );
    const { wrapper } = await mountWith(ResidentForm, { props: { mode: 'create', defaultUnit: '320706006010' } });
    await fillRequired(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const body = JSON.parse(String(callOf(fetchMock, 0).init.body));
    expect(body).toMatchObject({ id_number: '320706193801200147', name: '王秀英', unit: '320706006010', phone: '12' });
    await vi.waitFor(() => expect(errorUnder(wrapper, 'phone')).toBe('"12" is not a phone number (7–15 digits)'));
    expect(errorUnder(wrapper, 'name')).toBe('');
    expect(errorUnder(wrapper, 'id_number')).toBe('');
    expect(wrapper.find('[data-testid=form-error]').exists()).toBe(false);
  });

  it('puts a "column name: ..." message under the name', async () => {
    mockFetch(() => jsonResponse(400, { code: 'invalid_argument', message: 'column name: must not be empty' }));
    const { wrapper } = await mountWith(ResidentForm, { props: { mode: 'create', defaultUnit: '320706006010' } });
    await fillRequired(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await vi.waitFor(() => expect(errorUnder(wrapper, 'name')).toBe('must not be empty'));
    expect(errorUnder(wrapper, 'phone')).toBe('');
  });

  it('shows a message that names no field above the form', async () => {
    mockFetch(() => jsonResponse(403, { code: 'permission_denied', message: 'unit 320706006009 is outside your scope' }));
    const { wrapper } = await mountWith(ResidentForm, { props: { mode: 'create', defaultUnit: '320706006010' } });
    await fillRequired(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=form-error]').text()).toContain('unit 320706006009 is outside your scope');
  });

  it('sends only what changed, with If-Match, and emits conflict on a stale write', async () => {
    const fetchMock = mockFetch(() => jsonResponse(409, { code: 'aborted', message: 'resident 17 changed' }));
    const { wrapper } = await mountWith(ResidentForm, { props: { mode: 'edit', resident } });
    await wrapper.find('[data-testid=tag-living_alone] input').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const { init, headers } = callOf(fetchMock, 0);
    expect(init.method).toBe('PATCH');
    expect(headers.get('If-Match')).toBe('"r17v42"');
    expect(JSON.parse(String(init.body))).toEqual({ tags: ['living_alone'], change: 'update' });
    expect(wrapper.emitted('conflict')).toHaveLength(1);
    expect(wrapper.emitted('saved')).toBeUndefined();
  });
});
