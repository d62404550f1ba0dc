import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ElMessageBox } from 'element-plus';
import EnrolmentsView from './EnrolmentsView.vue';
import ResidentPicker from '../../components/ResidentPicker.vue';
import { setLocale } from '../../i18n';
import { me } from '../../session';
import type { Me } from '../../api';
import { jsonResponse, mountWith, testRouter } from '../../testing/helpers';
import { routeFetch } from '../../testing/routeFetch';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  document.body.innerHTML = '';
});

function user(permissions: string[]): Me {
  return { username: 'hailian', display_name: '', role: 'community_staff', unit: '320706006010', unit_name: '海连社区居委会', permissions };
}

function enrolment(id: number, programme: string, name: string, open = true) {
  const names: Record<string, string> = { rest_station: '户外劳动者驿站', canteen_meals: '助餐' };
  return {
    id, resident_id: 40 + id, resident_name: name, id_number: '320706********0147', programme, programme_name: names[programme],
    group: programme === 'canteen_meals' ? 'elderly' : 'platform_worker', unit: '320706006010001', unit_name: '海连新村',
    community: '320706006010', from: '2026-06-01', ended_on: open ? null : '2026-07-01', open, note: '午餐', end_reason: open ? '' : '搬离', synthetic: false,
  };
}

async function mountAt(path: string, permissions = ['services.read', 'services.write']) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(EnrolmentsView, { router });
  await flushPromises();
  return wrapper;
}

describe('EnrolmentsView', () => {
  it('lists the enrolments of a programme and status from the address', async () => {
    const server = routeFetch({
      'GET /enrolments': () => jsonResponse(200, { items: [enrolment(5, 'canteen_meals', '王秀英'), enrolment(4, 'canteen_meals', '赵桂兰', false)], total: 2, page: 1, page_size: 20 }),
    });
    const wrapper = await mountAt('/enrolments?programme=canteen_meals&status=all');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=enrolment-5]').text()).toBe('王秀英'));
    const query = server.calls('GET /enrolments')[0]!.query;
    expect([query.get('programme'), query.get('status')]).toEqual(['canteen_meals', 'all']);
    expect(wrapper.find('[data-testid=enrolment-programme-5]').text()).toBe('助餐');
    expect(wrapper.find('[data-testid=enrolment-status-5]').text()).toBe('在册');
    expect(wrapper.find('[data-testid=enrolment-status-4]').text()).toBe('已结束');
    expect(wrapper.find('[data-testid=enrolment-end-5]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=enrolment-end-4]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=enrolments-table]').text()).toContain('搬离');
  });

  it('enrols a resident; an elderly programme searches residents aged 60 and over', async () => {
    const server = routeFetch({
      'GET /enrolments': () => jsonResponse(200, { items: [], total: 0, page: 1, page_size: 20 }),
      'POST /enrolments': (call) => jsonResponse(201, { ...enrolment(6, 'canteen_meals', '王秀英'), ...(call.body as object) }),
    });
    const wrapper = await mountAt('/enrolments?programme=canteen_meals');
    await wrapper.find('[data-testid=enrol]').trigger('click');
    await flushPromises();
    const picker = wrapper.findComponent(ResidentPicker);
    expect(picker.props('minAge')).toBe(60);
    picker.vm.$emit('update:modelValue', 17);
    await wrapper.find('input[data-testid=enrol-note]').setValue('午餐');
    await wrapper.find('[data-testid=enrol-form]').trigger('submit');
    await flushPromises();
    expect(server.calls('POST /enrolments')[0]!.body).toEqual({ resident_id: 17, programme: 'canteen_meals', note: '午餐' });
    expect(server.calls('GET /enrolments')).toHaveLength(2);
  });

  it("shows the server's refusal of a resident outside the programme's group", async () => {
    routeFetch({
      'GET /enrolments': () => jsonResponse(200, { items: [], total: 0, page: 1, page_size: 20 }),
      'POST /enrolments': () => jsonResponse(409, { code: 'failed_precondition', message: 'rest_station is for platform workers: resident 17 is retired on 2026-12-01' }),
    });
    const wrapper = await mountAt('/enrolments');
    await wrapper.find('[data-testid=enrol]').trigger('click');
    await flushPromises();
    const picker = wrapper.findComponent(ResidentPicker);
    expect(picker.props('minAge')).toBeUndefined();
    picker.vm.$emit('update:modelValue', 17);
    await wrapper.find('[data-testid=enrol-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=enrol-form] [data-testid=form-error]').text()).toBe('rest_station is for platform workers: resident 17 is retired on 2026-12-01');
  });

  it('ends an enrolment with a reason', async () => {
    const server = routeFetch({
      'GET /enrolments': () => jsonResponse(200, { items: [enrolment(5, 'rest_station', '李强')], total: 1, page: 1, page_size: 20 }),
      'POST /enrolments/5/end': () => jsonResponse(200, enrolment(5, 'rest_station', '李强', false)),
    });
    vi.spyOn(ElMessageBox, 'prompt').mockResolvedValue({ value: '外出务工', action: 'confirm' } as never);
    const wrapper = await mountAt('/enrolments');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=enrolment-end-5]').exists()).toBe(true));
    await wrapper.find('[data-testid=enrolment-end-5]').trigger('click');
    await flushPromises();
    expect(server.calls('POST /enrolments/5/end')[0]!.body).toEqual({ reason: '外出务工' });
  });
});
