import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import EChart from '../../components/EChart.vue';
import PlanView from './PlanView.vue';
import { setLocale } from '../../i18n';
import { me } from '../../session';
import type { Me } from '../../api';
import type { PlanRunAnswer } from '../../api/plan';
import { jsonResponse, mountWith, testRouter } from '../../testing/helpers';
import { routeFetch } from '../../testing/routeFetch';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  document.body.innerHTML = '';
});

const planner: Me = {
  username: 'planner', display_name: '', role: 'planner', unit: '320706006010', unit_name: '海连社区居委会',
  permissions: ['units.read', 'facilities.read', 'plan.read', 'plan.write'],
};

function answer(extra: Partial<PlanRunAnswer> = {}): PlanRunAnswer {
  return {
    unit: '320706006010', type: 'nursery', minutes: 5, method: 'e2sfca',
    norm: { facility: '托育机构', circle_minutes: 5, distance_m: 300, minutes: 5, target_group: 'children_0_2', clause: 'GB 50180-2018 附录B', in_standard: true },
    network: { source: 'synthetic street grid', fingerprint: 'ab', synthetic: true, vertices: 625 },
    residents: 7266, unlocated_residents: 0, unsnapped_residents: 0, target_group: 'children_0_2', target_residents: 193,
    covered: 0.4213, covered_target: 0.38, unserved: 4205, unserved_target: 120, gini: 0.612, gini_target: 0.655,
    theil: { total: 0.8, within: 0.6, between: 0.2 },
    units: [
      { code: '320706006010001', name: '海连新村', residents: 2140, covered: 0.1, target_residents: 51, covered_target: 0.05, mean_access: 0.01, mean_access_target: 0.2 },
      { code: '320706006010004', name: '朝阳苑', residents: 1163, covered: 0.9, target_residents: 34, covered_target: 0.95, mean_access: 0.05, mean_access_target: 0.8 },
    ],
    facilities: [{ id: 4, name: '海连社区托育园', unit: '320706006010004', lat: 34.6, lon: 119.17, capacity: 60, supply: 60, snapped: true, demand: 80.5, ratio: 0.745 }],
    facilities_unlocated: 0,
    ...extra,
  };
}

async function mountAt(path: string) {
  me.value = planner;
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(PlanView, { router, global: { stubs: { EChart: true, UnitPicker: true } } });
  await flushPromises();
  return { wrapper, router };
}

describe('PlanView', () => {
  it('runs the pipeline with the parameters of the address and shows coverage and equity', async () => {
    const server = routeFetch({ 'GET /plan/run': () => jsonResponse(200, answer()) });
    const { wrapper } = await mountAt('/plan?type=nursery&minutes=5&unit=320706006010');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=plan-covered]').exists()).toBe(true));
    const q = server.calls('GET /plan/run')[0]!.query;
    expect(q.get('type')).toBe('nursery');
    expect(q.get('minutes')).toBe('5');
    expect(q.get('unit')).toBe('320706006010');
    expect(q.get('sites')).toBeNull();
    expect(wrapper.find('[data-testid=plan-residents] .stat-value').text()).toBe('7,266');
    expect(wrapper.find('[data-testid=plan-covered] .stat-value').text()).toBe('42.1%');
    expect(wrapper.find('[data-testid=plan-unserved] .stat-value').text()).toBe('4,205');
    expect(wrapper.find('[data-testid=plan-gini] .stat-value').text()).toBe('0.612');
    expect(wrapper.find('[data-testid=plan-theil]').text()).toContain('组内 0.600');
    expect(wrapper.find('[data-testid=plan-theil]').text()).toContain('组间 0.200');
    // The figures as a sentence too.
    expect(wrapper.find('[data-testid=plan-summary]').text()).toContain('覆盖 42.1%');
    const rows = wrapper.findAll('[data-testid=plan-units] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[1]!.text()).toContain('朝阳苑');
    expect(rows[1]!.text()).toContain('90.0%');
    expect(wrapper.find('[data-testid=plan-facilities]').text()).toContain('海连社区托育园');
    expect(wrapper.find('[data-testid=plan-proposal]').exists()).toBe(false);
    // The map opens with the same parameters.
    expect(wrapper.find('[data-testid=plan-map-link]').attributes('href')).toContain('/plan/map?');
    expect(wrapper.find('[data-testid=plan-map-link]').attributes('href')).toContain('minutes=5');
    expect(server.unmatched).toEqual([]);
  });

  it('asks nothing before a facility type is chosen, and Run puts the form in the address', async () => {
    const server = routeFetch({ 'GET /plan/run': () => jsonResponse(200, answer()) });
    const { wrapper, router } = await mountAt('/plan');
    expect(server.calls('GET /plan/run')).toHaveLength(0);
    await wrapper.find('[data-testid=plan-form]').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.query.type).toBe('nursery');
    await vi.waitFor(() => expect(server.calls('GET /plan/run')).toHaveLength(1));
  });

  it('shows the proposed sites before and after, as a chart and as text', async () => {
    const proposal = {
      model: 'mclp',
      sites: [{ id: 9, name: '盐河南岸空地', unit: '320706006010', lat: 34.594, lon: 119.171, capacity: 60 }],
      after: { covered: 0.6, covered_target: 0.55, gini: 0.5, gini_target: 0.52, unserved: 2900, unserved_target: 87 },
    };
    const server = routeFetch({ 'GET /plan/run': () => jsonResponse(200, answer({ proposal })) });
    const { wrapper } = await mountAt('/plan?type=nursery&sites=1');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=plan-proposal]').exists()).toBe(true));
    expect(server.calls('GET /plan/run')[0]!.query.get('sites')).toBe('1');
    expect(wrapper.find('[data-testid=plan-compared-covered]').text()).toBe('覆盖率：现状 42.1%，新增后 60.0%');
    expect(wrapper.find('[data-testid=plan-compared-unserved]').text()).toContain('新增后 2,900');
    expect(wrapper.find('[data-testid=plan-proposed-sites]').text()).toContain('盐河南岸空地');
    const chart = wrapper.findComponent(EChart);
    const option = chart.props('option') as { series: { data: (number | null)[] }[] };
    expect(option.series[0]!.data[0]).toBe(42.1);
    expect(option.series[1]!.data[0]).toBe(60);
  });

  it("shows the server's refusal (no network, out of scope)", async () => {
    routeFetch({
      'GET /plan/run': () => jsonResponse(409, { code: 'failed_precondition', message: 'no walk network is stored: run `alley demo`' }),
    });
    const { wrapper } = await mountAt('/plan?type=nursery');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=plan-error]').text()).toContain('no walk network'));
    expect(wrapper.find('[data-testid=plan-covered]').exists()).toBe(false);
  });
});
