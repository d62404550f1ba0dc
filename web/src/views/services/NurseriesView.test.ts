import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import NurseriesView from './NurseriesView.vue';
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

const nurseries = {
  items: [{ id: 4, unit: '320706006010004', unit_name: '朝阳苑', type: 'nursery', type_name: '托育机构', name: '海连社区托育园', location: null, capacity: 30, staff: 6, synthetic: true, etag: '"f4v1"' }],
  total: 1, page: 1, page_size: 200,
};

function cls(id: number, name: string, type: string, extra: Record<string, unknown>) {
  const norms: Record<string, [number, number, number, string, string]> = {
    infant: [6, 12, 10, '1:3', '乳儿班'],
    younger: [12, 24, 15, '1:5', '托小班'],
  };
  const [min, max, size, ratio, typeName] = norms[type]!;
  return {
    id, nursery: 4, unit: '320706006010004', name, type, type_name: typeName, min_age_months: min, max_age_months: max,
    max_children: size, ratio, capacity: 10, caregivers: 2, caregivers_needed: 2, enrolled: 6, waiting: 0, free_places: 4,
    opened_on: '2025-09-01', closed_on: null, as_of: '2026-07-01', findings: [], synthetic: false, etag: `"n${id}v1"`, ...extra,
  };
}

const classes = [
  cls(1, '乳儿一班', 'infant', { capacity: 2, caregivers: 1, caregivers_needed: 1, enrolled: 2, waiting: 1, free_places: 0 }),
  cls(2, '托小一班', 'younger', {
    capacity: 10, caregivers: 1, caregivers_needed: 2, enrolled: 6,
    findings: [{ kind: 'ratio_breach', child: null, actual: 1, required: 2, message: 'class 托小一班: 1 caregiver for 6 children, the norm 1:5 needs 2' }],
  }),
];

function application(id: number, child: number, name: string, state: string, position: number | null) {
  return {
    id, nursery: 4, class: { id: 1, name: '乳儿一班', type: 'infant' },
    child: { id: child, name, id_number: '320706********0318', sex: 'male', birth_date: '2025-10-03', age_months: 8, community: '320706006010' },
    state, applied_on: '2026-06-20', enrolled_on: state === 'enrolled' ? '2026-06-20' : null, left_on: null, reason: '',
    waiting_position: position, synthetic: false,
  };
}

const applications = {
  items: [application(41, 907, '王小明', 'enrolled', null), application(42, 908, '李小红', 'waiting', 1)],
  total: 2, page: 1, page_size: 200,
};

const inspections = [{
  id: 5, nursery: 4, date: '2026-05-10', inspector: '区卫健委 王检查',
  items: [{ item: '消防设施', score: 80, passed: true }, { item: '膳食管理', score: 55, passed: false }],
  mean_score: 67.5, failed_items: ['膳食管理'], findings: ['膳食记录不全'], remedy_deadline: '2026-06-10',
  follow_up: null, follow_up_note: '', remedy_open: true, note: '', recorded_by: 'hailian', synthetic: false,
}];

function handlers(extra: Record<string, Parameters<typeof routeFetch>[0][string]> = {}) {
  return routeFetch({
    'GET /facilities': () => jsonResponse(200, nurseries),
    'GET /nurseries/4/classes': () => jsonResponse(200, { items: classes, on: '2026-07-01' }),
    'GET /nurseries/4/enrolments': () => jsonResponse(200, applications),
    'GET /nurseries/4/inspections': () => jsonResponse(200, { items: inspections }),
    ...extra,
  });
}

async function mountAt(path: string, permissions = ['services.read', 'services.write']) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(NurseriesView, { router });
  await flushPromises();
  await vi.waitFor(() => expect(wrapper.find('[data-testid=class-1]').exists()).toBe(true));
  return wrapper;
}

describe('NurseriesView', () => {
  it('shows the classes against their norms, the waiting list and the inspections', async () => {
    const server = handlers();
    const wrapper = await mountAt('/nurseries?on=2026-07-01');
    expect(server.calls('GET /facilities')[0]!.query.get('type')).toBe('nursery');
    expect(server.calls('GET /nurseries/4/classes')[0]!.query.get('on')).toBe('2026-07-01');
    const rows = wrapper.findAll('[data-testid=nursery-classes] .el-table__body tr');
    expect(rows[0]!.text()).toContain('6–12 个月');
    expect(rows[0]!.text()).toContain('2 / 10');
    expect(rows[0]!.text()).toContain('标准 1:3');
    expect(rows[0]!.text()).toContain('符合标准');
    expect(wrapper.find('[data-testid=class-caregivers-2]').text()).toBe('1 / 2');
    expect(wrapper.find('[data-testid=class-caregivers-2]').classes()).toContain('breach');
    expect(wrapper.find('[data-testid=class-caregivers-1]').classes()).not.toContain('breach');
    expect(wrapper.find('[data-testid=class-finding-2-ratio_breach]').text()).toBe('保育人员不足');
    expect(wrapper.find('[data-testid=application-state-907]').text()).toBe('在托');
    expect(wrapper.find('[data-testid=application-state-908]').text()).toBe('候补 1');
    const inspection = wrapper.find('[data-testid=nursery-inspections] .el-table__body tr');
    expect(inspection.text()).toContain('区卫健委 王检查');
    expect(inspection.text()).toContain('67.5');
    expect(inspection.text()).toContain('膳食记录不全');
    expect(inspection.text()).toContain('待整改');
    expect(wrapper.find('[data-testid=follow-up-5]').exists()).toBe(true);
  });

  it('applies for a place: the child picker asks for children under 3, and the answer says waiting and where', async () => {
    const server = handlers({
      'POST /nurseries/4/enrolments': () => jsonResponse(201, { ...application(43, 909, '赵小刚', 'waiting', 2), admitted_from_list: [] }),
    });
    const wrapper = await mountAt('/nurseries');
    await wrapper.find('[data-testid=nursery-apply]').trigger('click');
    await flushPromises();
    const picker = wrapper.findComponent(ResidentPicker);
    expect(picker.props('maxAge')).toBe(2);
    picker.vm.$emit('update:modelValue', 909);
    await flushPromises();
    await wrapper.find('[data-testid=apply-form]').trigger('submit');
    await flushPromises();
    expect(server.calls('POST /nurseries/4/enrolments')[0]!.body).toEqual({ class_id: 1, resident_id: 909 });
    await vi.waitFor(() => expect(document.body.textContent).toContain('赵小刚: 候补 · 候补顺位 2'));
    expect(server.calls('GET /nurseries/4/classes')).toHaveLength(2);
  });

  it('records an inspection from its checklist lines, and refuses a line without a score', async () => {
    const server = handlers({ 'POST /nurseries/4/inspections': (call) => jsonResponse(201, { ...inspections[0], ...(call.body as object), id: 6 }) });
    const wrapper = await mountAt('/nurseries');
    await wrapper.find('[data-testid=nursery-record-inspection]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=inspection-form]');
    await form.find('input[data-testid=inspection-inspector]').setValue('区卫健委 李检查');
    await form.find('textarea[data-testid=inspection-items]').setValue('消防设施 90\n膳食管理');
    await form.trigger('submit');
    await flushPromises();
    expect(form.find('[data-testid=form-error]').text()).toBe('检查项目每行应为“项目 分数”（0–100）');
    expect(server.calls('POST /nurseries/4/inspections')).toHaveLength(0);
    await form.find('textarea[data-testid=inspection-items]').setValue('消防设施 90\n膳食管理：72');
    await form.find('textarea[data-testid=inspection-findings]').setValue('晨检记录缺两天\n');
    await form.trigger('submit');
    await flushPromises();
    expect(server.calls('POST /nurseries/4/inspections')[0]!.body).toEqual({
      inspector: '区卫健委 李检查',
      items: [{ item: '消防设施', score: 90 }, { item: '膳食管理', score: 72 }],
      findings: ['晨检记录缺两天'],
    });
  });

  it('offers no writes without services.write, and says when the scope has no nursery', async () => {
    handlers();
    const readOnly = await mountAt('/nurseries', ['services.read']);
    expect(readOnly.find('[data-testid=nursery-apply]').exists()).toBe(false);
    expect(readOnly.find('[data-testid^=withdraw-]').exists()).toBe(false);
    expect(readOnly.find('[data-testid=follow-up-5]').exists()).toBe(false);

    routeFetch({ 'GET /facilities': () => jsonResponse(200, { items: [], total: 0, page: 1, page_size: 200 }) });
    me.value = user(['services.read']);
    const router = testRouter();
    await router.push('/nurseries');
    const { wrapper } = await mountWith(NurseriesView, { router });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=no-nursery]').text()).toBe('您的管辖范围内没有托育机构。'));
  });
});
