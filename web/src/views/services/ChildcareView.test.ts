import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ChildcareView from './ChildcareView.vue';
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

const flags = {
  unit: '320706006010', on: '2026-12-01', inspection_interval_months: 12,
  counts: { ratio_breach: 1, class_over_size: 0, inspection_overdue: 0, remedy_overdue: 1 },
  flagged_nurseries: 1,
  nurseries: [{
    id: 4, name: '海连社区托育园', unit: '320706006010004', registered_on: '2025-09-01', last_inspection: '2026-10-01',
    flags: [
      { kind: 'ratio_breach', class_id: 2, class: '托小一班', inspection: null, due: null, days_overdue: null, message: 'class 托小一班: 1 caregiver for 6 children' },
      { kind: 'remedy_overdue', class_id: null, class: null, inspection: '2026-10-01', due: '2026-11-01', days_overdue: 30, message: 'no follow-up' },
    ],
  }],
};

function figures(unit: string, name: string, places: number, under3: number, residents: number) {
  const needed = Math.ceil((4.5 * residents) / 1000);
  return {
    unit, name, nurseries: places ? 1 : 0, classes: places ? 2 : 0, places, children_under_3: under3, residents,
    places_per_child: under3 ? places / under3 : null, places_per_1000: residents ? (places * 1000) / residents : null,
    target_per_1000: 4.5, places_needed: needed, gap: Math.max(0, needed - places), meets_target: places >= needed,
  };
}

const balance = {
  ...figures('320706006010', '海连社区居委会', 12, 193, 7266), as_of: '2026-12-01',
  children: [figures('320706006010001', '海连新村', 0, 51, 2140), figures('320706006010004', '朝阳苑', 12, 34, 1163)],
};

const norms = {
  norms: [{ type: 'infant', name: '乳儿班', min_age_months: 6, max_age_months: 12, max_children: 10, children_per_caregiver: 3, ratio: '1:3', source: '托育机构设置标准（试行）第十九条、第二十条' }],
  target_places_per_1000: 4.5, target_source: '十四五规划纲要', checklist_pass_mark: 60, inspection_interval_months: 12,
};

async function mountAt(path: string, permissions: string[]) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(ChildcareView, { router });
  await flushPromises();
  return wrapper;
}

describe('ChildcareView', () => {
  it('shows the flags per nursery and the balance of places against the target of 4.5 per 1,000', async () => {
    const server = routeFetch({
      'GET /childcare/flags': () => jsonResponse(200, flags),
      'GET /childcare/balance': () => jsonResponse(200, balance),
      'GET /childcare/norms': () => jsonResponse(200, norms),
    });
    const wrapper = await mountAt('/childcare?on=2026-12-01', ['units.read', 'services.read']);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=childcare-balance]').exists()).toBe(true));
    expect(server.calls('GET /childcare/flags')[0]!.query.get('on')).toBe('2026-12-01');
    expect(server.calls('GET /childcare/balance')[0]!.query.get('as_of')).toBe('2026-12-01');
    expect(wrapper.find('[data-testid=flag-count-ratio_breach] .stat-value').text()).toBe('1');
    expect(wrapper.find('[data-testid=flag-count-remedy_overdue] .stat-value').text()).toBe('1');
    expect(wrapper.find('[data-testid=flag-count-inspection_overdue] .stat-value').text()).toBe('0');
    expect(wrapper.find('[data-testid=flag-4-ratio_breach]').text()).toContain('师幼比不达标');
    expect(wrapper.find('[data-testid=flag-4-ratio_breach]').text()).toContain('托小一班');
    expect(wrapper.find('[data-testid=flag-4-remedy_overdue]').text()).toContain('到期日 2026-11-01 · 30 天');

    expect(wrapper.find('[data-testid=balance-places] .stat-value').text()).toBe('12');
    expect(wrapper.find('[data-testid=balance-children] .stat-value').text()).toBe('193');
    expect(wrapper.find('[data-testid=balance-per1000] .stat-value').text()).toBe('1.65');
    expect(wrapper.find('[data-testid=balance-per1000]').text()).toContain('目标 4.5');
    expect(wrapper.find('[data-testid=balance-gap] .stat-value').text()).toBe('21');
    expect(wrapper.find('[data-testid=balance-gap]').text()).toContain('应有托位 33 · 未达标');
    const rows = wrapper.findAll('[data-testid=balance-units] .el-table__body tr');
    expect(rows).toHaveLength(3);
    expect(rows[2]!.text()).toContain('朝阳苑');
    expect(rows[2]!.text()).toContain('10.32');
    expect(rows[2]!.text()).toContain('达标');
    expect(wrapper.find('[data-testid=childcare-norms]').text()).toContain('1:3');
  });

  it('shows the balance without the flags to a planner (units.read only)', async () => {
    const server = routeFetch({
      'GET /childcare/balance': () => jsonResponse(200, balance),
      'GET /childcare/norms': () => jsonResponse(200, norms),
    });
    const wrapper = await mountAt('/childcare', ['units.read']);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=childcare-balance]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=childcare-flags]').exists()).toBe(false);
    expect(server.unmatched).toEqual([]);
  });

  it("shows the scope's refusal of a unit outside", async () => {
    const refusal = { code: 'permission_denied', message: 'unit 320706006009 is outside your scope (320706006010)' };
    routeFetch({
      'GET /childcare/flags': () => jsonResponse(403, refusal),
      'GET /childcare/balance': () => jsonResponse(403, refusal),
      'GET /childcare/norms': () => jsonResponse(200, norms),
    });
    const wrapper = await mountAt('/childcare?unit=320706006009', ['units.read', 'services.read']);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=childcare-error]').text()).toContain('outside your scope'));
    expect(wrapper.find('[data-testid=childcare-balance]').exists()).toBe(false);
  });
});
