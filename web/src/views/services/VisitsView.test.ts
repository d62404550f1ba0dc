import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import VisitsView from './VisitsView.vue';
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

function person(id: number, name: string, daysOverdue: number, extra: Record<string, unknown> = {}) {
  return {
    resident_id: id, name, unit: '320706006010001', unit_name: '海连新村', sex: 'female', age: 84,
    interval_days: 7, enrolled_on: '2020-01-01', first_visit: false, last_visit: '2026-11-01',
    due: '2026-11-08', days_overdue: daysOverdue, unanswered_attempts: 0, last_attempt: null, ...extra,
  };
}

const overdue = {
  unit: '320706006010', on: '2026-12-01', on_schedule: 191, overdue: 3,
  groups: [
    {
      grid_worker: { id: 4, username: 'grid1', name: '李网格', unit: '320706006010001' }, max_days_overdue: 23,
      overdue: [person(17, '王秀英', 23), person(18, '赵桂兰', 5, { last_visit: null, unanswered_attempts: 2 })],
    },
    { grid_worker: null, max_days_overdue: 2, overdue: [person(30, '钱淑珍', 2)] },
  ],
};

const visits = {
  items: [
    { id: 9, resident_id: 40, resident_name: '孙玉兰', community: '320706006010', unit: '320706006010002', date: '2026-11-30',
      visitor_user_id: 1, visitor: 'hailian', outcome: 'not_at_home', follow_up_needed: false, notes: '敲门无人', recorded_by: 'hailian', synthetic: false },
  ],
  total: 1, page: 1, page_size: 10,
};

async function mountAt(path: string, permissions = ['services.read', 'services.write']) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(VisitsView, { router });
  await flushPromises();
  return wrapper;
}

describe('VisitsView', () => {
  it('lists who is overdue per grid worker, the most overdue group first, and the latest visits', async () => {
    const server = routeFetch({
      'GET /visits/overdue': () => jsonResponse(200, overdue),
      'GET /visits': () => jsonResponse(200, visits),
    });
    const wrapper = await mountAt('/visits?on=2026-12-01');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=visits-overdue] .stat-value').text()).toBe('3'));
    expect(server.calls('GET /visits/overdue')[0]!.query.get('on')).toBe('2026-12-01');
    expect(wrapper.find('[data-testid=visits-on-schedule] .stat-value').text()).toBe('191');
    const groups = wrapper.findAll('[data-testid^=overdue-group-]');
    expect(groups.map((g) => g.attributes('data-testid'))).toEqual(['overdue-group-grid1', 'overdue-group-none']);
    expect(groups[0]!.text()).toContain('李网格（grid1）');
    expect(groups[0]!.text()).toContain('最长逾期 23 天');
    expect(groups[1]!.text()).toContain('无负责网格员');
    const rows = groups[0]!.findAll('.el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('王秀英');
    expect(rows[0]!.text()).toContain('每 7 天');
    expect(rows[1]!.text()).toContain('从未探访');
    expect(wrapper.find('[data-testid=recent-visit-40]').text()).toBe('孙玉兰');
    expect(wrapper.find('[data-testid=recent-visits]').text()).toContain('不在家');
  });

  it('records a visit from a row, then reloads the list', async () => {
    let left = overdue;
    const server = routeFetch({
      'GET /visits/overdue': () => jsonResponse(200, left),
      'GET /visits': () => jsonResponse(200, visits),
      'POST /visits': (call) => {
        left = { ...overdue, overdue: 2, groups: [{ ...overdue.groups[0]!, overdue: [overdue.groups[0]!.overdue[1]!] }, overdue.groups[1]!] };
        return jsonResponse(201, { ...visits.items[0], id: 10, resident_id: 17, resident_name: '王秀英', ...(call.body as object) });
      },
    });
    const wrapper = await mountAt('/visits');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=visit-record-17]').exists()).toBe(true));
    await wrapper.find('[data-testid=visit-record-17]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=visit-form]');
    expect(form.find('[data-testid=visit-resident]').text()).toContain('王秀英');
    await form.find('[data-testid=outcome-needs_help] input').setValue(true);
    await flushPromises();
    await form.find('textarea[data-testid=visit-notes]').setValue('腿脚不便，需送餐');
    await form.trigger('submit');
    await flushPromises();
    const posted = server.calls('POST /visits');
    expect(posted).toHaveLength(1);
    // "Needs help" ticks the follow-up by itself (the server requires it).
    expect(posted[0]!.body).toEqual({ resident_id: 17, outcome: 'needs_help', follow_up_needed: true, notes: '腿脚不便，需送餐' });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=visits-overdue] .stat-value').text()).toBe('2'));
    expect(wrapper.find('[data-testid=visit-record-17]').exists()).toBe(false);
  });

  it("shows the server's refusal of a unit outside the scope", async () => {
    routeFetch({
      'GET /visits/overdue': () =>
        jsonResponse(403, { code: 'permission_denied', message: 'unit 320706006009 is outside your scope (320706006010)' }),
      'GET /visits': () =>
        jsonResponse(403, { code: 'permission_denied', message: 'unit 320706006009 is outside your scope (320706006010)' }),
    });
    const wrapper = await mountAt('/visits?unit=320706006009');
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid=visits-error]').text()).toContain('unit 320706006009 is outside your scope'),
    );
    expect(wrapper.find('[data-testid^=overdue-group-]').exists()).toBe(false);
  });

  it('asks for a resident before recording, and hides recording without services.write', async () => {
    const server = routeFetch({
      'GET /visits/overdue': () => jsonResponse(200, overdue),
      'GET /visits': () => jsonResponse(200, visits),
    });
    const wrapper = await mountAt('/visits');
    await wrapper.find('[data-testid=visit-record]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=visit-form]');
    await form.trigger('submit');
    await flushPromises();
    expect(form.find('[data-testid=form-error]').text()).toBe('请填写居民');
    expect(server.calls('POST /visits')).toHaveLength(0);

    const readOnly = await mountAt('/visits', ['services.read']);
    await vi.waitFor(() => expect(readOnly.find('[data-testid=overdue-17]').exists()).toBe(true));
    expect(readOnly.find('[data-testid=visit-record]').exists()).toBe(false);
    expect(readOnly.find('[data-testid=visit-record-17]').exists()).toBe(false);
  });
});
