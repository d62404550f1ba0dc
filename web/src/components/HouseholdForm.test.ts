import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import HouseholdForm from './HouseholdForm.vue';
import { setLocale } from '../i18n';
import type { Household } from '../api';
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

const household: Household = {
  id: 9, number: '0012', community: '320706006010', unit: '320706006010001', unit_name: '海连新村',
  building: '3', entrance: '1', room: '502', members: 2, head: '王秀英', etag: '"h9v4"',
};

describe('HouseholdForm', () => {
  it('creates with the number, the unit and the address filled in', async () => {
    const fetchMock = mockFetch(() => jsonResponse(201, { ...household, id: 31, number: 'E-1' }, { ETag: '"h31v1"' }));
    const { wrapper } = await mountWith(HouseholdForm, { props: { mode: 'create', defaultUnit: '320706006010' } });
    await wrapper.find('input[data-testid=field-number]').setValue(' E-1 ');
    await wrapper.find('input[data-testid=field-room]').setValue('101');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const { url, init, headers } = callOf(fetchMock, 0);
    expect(url).toBe('/api/v1/households');
    expect(init.method).toBe('POST');
    expect(headers.get('X-Alley-Request')).toBe('1');
    expect(JSON.parse(String(init.body))).toEqual({ number: 'E-1', unit: '320706006010', room: '101' });
    const saved = wrapper.emitted('saved')?.[0]?.[0] as Household;
    expect(saved.etag).toBe('"h31v1"');
  });

  it('asks nothing of the server without a number', async () => {
    const fetchMock = mockFetch(() => jsonResponse(201, household));
    const { wrapper } = await mountWith(HouseholdForm, { props: { mode: 'create', defaultUnit: '320706006010' } });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(errorUnder(wrapper, 'number')).toBe('请填写户号'));
    expect(errorUnder(wrapper, 'unit')).toBe('');
  });

  it('puts a "field X: ..." message under field X and nowhere else', async () => {
    mockFetch(() =>
      jsonResponse(409, {
        code: 'already_exists',
        message: 'field number: community 320706006010 already has a household 0012',
      }),
    );
    const { wrapper } = await mountWith(HouseholdForm, { props: { mode: 'create', defaultUnit: '320706006010' } });
    await wrapper.find('input[data-testid=field-number]').setValue('0012');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await vi.waitFor(() =>
      expect(errorUnder(wrapper, 'number')).toBe('community 320706006010 already has a household 0012'),
    );
    for (const field of ['unit', 'building', 'entrance', 'room']) expect(errorUnder(wrapper, field)).toBe('');
    expect(wrapper.find('[data-testid=form-error]').exists()).toBe(false);
  });

  it('shows a message that names no field above the form', async () => {
    mockFetch(() => jsonResponse(403, { code: 'permission_denied', message: 'role planner may not write the ledger' }));
    const { wrapper } = await mountWith(HouseholdForm, { props: { mode: 'create', defaultUnit: '320706006010' } });
    await wrapper.find('input[data-testid=field-number]').setValue('0099');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=form-error]').text()).toContain('role planner may not write the ledger');
    expect(errorUnder(wrapper, 'number')).toBe('');
  });

  it('edits with If-Match and X-Alley-Request, sending only what changed', async () => {
    const fetchMock = mockFetch(() => jsonResponse(200, { ...household, room: '602' }, { ETag: '"h9v5"' }));
    const { wrapper } = await mountWith(HouseholdForm, { props: { mode: 'edit', household } });
    expect(wrapper.find('input[data-testid=field-number]').attributes('disabled')).toBeDefined();
    await wrapper.find('input[data-testid=field-room]').setValue('602');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const { url, init, headers } = callOf(fetchMock, 0);
    expect(url).toBe('/api/v1/households/9');
    expect(init.method).toBe('PATCH');
    expect(headers.get('If-Match')).toBe('"h9v4"');
    expect(headers.get('X-Alley-Request')).toBe('1');
    expect(JSON.parse(String(init.body))).toEqual({ room: '602' });
    expect((wrapper.emitted('saved')?.[0]?.[0] as Household).etag).toBe('"h9v5"');
  });

  it('sends nothing when nothing changed', async () => {
    const fetchMock = mockFetch(() => jsonResponse(200, household));
    const { wrapper } = await mountWith(HouseholdForm, { props: { mode: 'edit', household } });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(wrapper.find('[data-testid=form-error]').text()).toContain('没有修改任何内容');
  });

  it('puts an edit error under its field', async () => {
    mockFetch(() =>
      jsonResponse(400, {
        code: 'invalid_argument',
        message: 'field unit: unit 320706006009001 is not in community 320706006010, whose ledger holds household 0012',
      }),
    );
    const { wrapper } = await mountWith(HouseholdForm, { props: { mode: 'edit', household } });
    await wrapper.find('input[data-testid=field-unit]').setValue('320706006009001');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await vi.waitFor(() => expect(errorUnder(wrapper, 'unit')).toContain('is not in community 320706006010'));
    expect(errorUnder(wrapper, 'room')).toBe('');
    expect(wrapper.emitted('conflict')).toBeUndefined();
  });

  it('emits conflict on a stale write (409 aborted), and nothing is saved', async () => {
    const fetchMock = mockFetch(() => jsonResponse(409, { code: 'aborted', message: 'household 0012 changed' }));
    const { wrapper } = await mountWith(HouseholdForm, { props: { mode: 'edit', household } });
    await wrapper.find('input[data-testid=field-building]').setValue('4');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(wrapper.emitted('conflict')).toHaveLength(1);
    expect(wrapper.emitted('saved')).toBeUndefined();
    expect(wrapper.find('[data-testid=form-error]').exists()).toBe(false);
  });
});
