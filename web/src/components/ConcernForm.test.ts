import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils';
import { ElSelect } from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ConcernForm from './ConcernForm.vue';
import { setLocale } from '../i18n';
import { me } from '../session';
import { resetConcernVocabulary } from '../concerns';
import { resetUnitNames } from '../composables/unitNames';
import { callsTo, jsonResponse, mountWith, routeFetch } from '../testing/helpers';
import { categories, concern } from '../testing/concerns';

beforeEach(() => {
  setLocale('zh');
  me.value = { username: 'hailian', display_name: '海连', role: 'community_staff', unit: '320706006010',
    unit_name: '海连社区居委会', permissions: ['services.read', 'services.write'] };
});
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  resetConcernVocabulary();
  resetUnitNames();
  document.body.innerHTML = '';
});

// Registered last, so run first: the form is gone before the mocks are.
enableAutoUnmount(afterEach);

function errorUnder(wrapper: VueWrapper, field: string): string {
  const item = wrapper.find(`[data-field=${field}]`);
  if (!item.exists()) throw new Error(`no form item for ${field}`);
  const error = item.find('.el-form-item__error');
  return error.exists() ? error.text() : '';
}

async function mountForm(answer: () => Response) {
  const fetchMock = routeFetch(
    ['GET', /^\/concerns\/categories$/, () => jsonResponse(200, categories)],
    ['GET', /^\/units\/\d+$/, () => jsonResponse(200, { code: '320706006010', name: '海连社区居委会' })],
    ['POST', /^\/concerns$/, answer],
  );
  const { wrapper } = await mountWith(ConcernForm, { props: {} });
  await flushPromises();
  return { wrapper, fetchMock };
}

async function chooseCategory(wrapper: VueWrapper, id: string) {
  const select = wrapper.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === 'field-category');
  if (!select) throw new Error('no category select');
  select.vm.$emit('update:modelValue', id);
  await flushPromises();
}

describe('ConcernForm', () => {
  it('asks for the category and the description before calling the server', async () => {
    const { wrapper, fetchMock } = await mountForm(() => jsonResponse(201, concern()));
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await vi.waitFor(() => expect(errorUnder(wrapper, 'category')).toBe('请填写类别'));
    expect(errorUnder(wrapper, 'description')).toBe('请填写诉求内容');
    expect(errorUnder(wrapper, 'unit')).toBe('');
    expect(callsTo(fetchMock, 'POST', /^\/concerns$/)).toHaveLength(0);
  });

  it("shows the category's body and deadlines, and sends the concern in the user's unit", async () => {
    const made = concern({ id: 77 });
    const { wrapper, fetchMock } = await mountForm(() => jsonResponse(201, made, { ETag: '"c77v1"' }));
    await chooseCategory(wrapper, 'utilities');
    expect(wrapper.find('[data-testid=category-hint]').text()).toContain('水电气热供应企业；4 小时内响应，2 个工作日内办结');
    await wrapper.find('textarea[data-testid=field-description]').setValue('  3号楼停水两天  ');
    await wrapper.find('input[data-testid=field-address]').setValue('海连新村3号楼');
    await wrapper.find('input[data-testid=field-reporter_name]').setValue('李四');
    await wrapper.find('input[data-testid=field-reporter_phone]').setValue('13912345678');
    await wrapper.find('[data-testid=urgency-urgent] input').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const [post] = callsTo(fetchMock, 'POST', /^\/concerns$/);
    expect(new Headers(post!.init.headers).get('X-Alley-Request')).toBe('1');
    expect(JSON.parse(String(post!.init.body))).toEqual({
      unit: '320706006010', category: 'utilities', description: '3号楼停水两天', urgency: 'urgent',
      channel: 'hotline', address: '海连新村3号楼', reporter_name: '李四', reporter_phone: '13912345678',
    });
    const saved = wrapper.emitted('saved') as [{ id: number; etag: string }][];
    expect(saved[0]![0].id).toBe(77);
    expect(saved[0]![0].etag).toBe('"c77v1"');
  });

  it("puts the server's field errors under their fields", async () => {
    const { wrapper } = await mountForm(() =>
      jsonResponse(400, { code: 'invalid_argument', message: 'field reporter_phone: "12" is not a phone number (7–15 digits)' }),
    );
    await chooseCategory(wrapper, 'noise');
    await wrapper.find('textarea[data-testid=field-description]').setValue('楼上装修');
    await wrapper.find('input[data-testid=field-reporter_phone]').setValue('12');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await vi.waitFor(() => expect(errorUnder(wrapper, 'reporter_phone')).toBe('"12" is not a phone number (7–15 digits)'));
    expect(errorUnder(wrapper, 'description')).toBe('');
    expect(wrapper.find('[data-testid=form-error]').exists()).toBe(false);
  });

  it('puts a unit outside the scope (403) under the unit, and an unnamed error above the form', async () => {
    let answer = jsonResponse(403, { code: 'permission_denied', message: 'field unit: unit 320706006009 is outside your scope' });
    const { wrapper } = await mountForm(() => answer);
    await chooseCategory(wrapper, 'noise');
    await wrapper.find('textarea[data-testid=field-description]').setValue('楼上装修');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await vi.waitFor(() => expect(errorUnder(wrapper, 'unit')).toBe('unit 320706006009 is outside your scope'));
    answer = jsonResponse(503, { code: 'unavailable', message: 'the database is busy' });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(errorUnder(wrapper, 'unit')).toBe('');
    expect(wrapper.find('[data-testid=form-error]').text()).toContain('the database is busy');
  });
});
