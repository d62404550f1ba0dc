import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ReportsView from './ReportsView.vue';
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

const HAILIAN = '320706006010';
const worker: Me = {
  username: 'hailian', display_name: '', role: 'community_worker', unit: HAILIAN, unit_name: '海连社区',
  permissions: ['units.read', 'indicators.read', 'reports.read'],
};
const template = {
  code: 'community_basic', name: '社区基本情况表', office: '街道办事处', description: '', columns: 'children',
  rows: [{ item: 'residents', label: '常住人口（人）' }, { item: 'elderly_care_floor_m2', label: '养老服务设施建筑面积（平方米）' }], layout: null, builtin: true,
};
const burden = (cells: number, filled: number, toEnter: number) => ({
  cells, filled, derived: filled, entered: 0, aggregated: 0, computed: 0, to_enter: toEnter, unavailable: cells - filled - toEnter, filled_share: filled / cells,
});
const filled = {
  template, unit: HAILIAN, unit_name: '海连社区', period: '2026',
  columns: [{ label: '海连社区', unit: HAILIAN, period: '2026' }],
  rows: [
    { item: 'residents', label: '常住人口（人）', measure: 'persons', kind: 'derived', cells: [{ value: 7266, source: 'derived', reporting: null, to_enter: [] }] },
    {
      item: 'elderly_care_floor_m2', label: '养老服务设施建筑面积（平方米）', measure: 'm2', kind: 'entered',
      cells: [{ value: null, source: 'to_enter', reporting: 0, to_enter: [{ element: 'elderly_care_floor_m2', unit: HAILIAN, period: '2026', entered_by: '社区民政专干' }] }],
    },
  ],
  burden: burden(2, 1, 1),
};

describe('ReportsView', () => {
  it('lists the templates, fills the one picked for the user\'s unit, highlights the cell to enter and shows the burden', async () => {
    const server = routeFetch({
      'GET /reports': () => jsonResponse(200, { templates: [template] }),
      'GET /reports/community_basic/fill': () => jsonResponse(200, filled),
      'GET /reports/burden': () =>
        jsonResponse(200, { unit: HAILIAN, period: '2026', templates: [{ code: 'community_basic', name: '社区基本情况表', office: '', burden: burden(2, 1, 1) }], total: burden(10, 8, 1) }),
    });
    me.value = worker;
    const router = testRouter();
    await router.push('/reports?period=2026');
    const { wrapper } = await mountWith(ReportsView, { router, global: { stubs: { UnitPicker: true } } });
    await flushPromises();
    expect(wrapper.find('[data-testid=rep-templates]').text()).toContain('社区基本情况表');
    expect(server.calls('GET /reports/community_basic/fill')).toHaveLength(0);

    await wrapper.find('[data-testid=rep-template-community_basic]').trigger('click');
    await flushPromises();
    const asked = server.calls('GET /reports/community_basic/fill')[0]!;
    expect(asked.query.get('unit')).toBe(HAILIAN);
    expect(asked.query.get('period')).toBe('2026');
    expect(wrapper.find('[data-testid=rep-cell-0-0]').attributes('data-kind')).toBe('filled');
    expect(wrapper.find('[data-testid=rep-cell-0-0]').text()).toBe('7,266');
    const toEnter = wrapper.find('[data-testid=rep-cell-1-0]');
    expect(toEnter.attributes('data-kind')).toBe('to_enter');
    expect(toEnter.classes()).toContain('to_enter');
    expect(toEnter.text()).toBe('待填报');
    expect(wrapper.find('[data-testid=rep-share-template]').text()).toBe('50.0%');
    expect(wrapper.find('[data-testid=rep-share-total]').text()).toBe('80.0%');
    expect(wrapper.find('[data-testid=rep-csv]').attributes('href')).toBe(`/api/v1/reports/community_basic/fill?unit=${HAILIAN}&period=2026&format=csv`);
    expect(wrapper.find('[data-testid=rep-xlsx]').attributes('href')).toContain('format=xlsx');
  });

  it('shows the server\'s 403 for a unit outside', async () => {
    routeFetch({
      'GET /reports': () => jsonResponse(200, { templates: [template] }),
      'GET /reports/community_basic/fill': () => jsonResponse(403, { code: 'permission_denied', message: 'field unit: 320706006009 is outside your unit' }),
      'GET /reports/burden': () => jsonResponse(403, { code: 'permission_denied', message: 'field unit: 320706006009 is outside your unit' }),
    });
    me.value = worker;
    const router = testRouter();
    await router.push('/reports?template=community_basic&unit=320706006009&period=2026');
    const { wrapper } = await mountWith(ReportsView, { router, global: { stubs: { UnitPicker: true } } });
    await flushPromises();
    expect(wrapper.find('[data-testid=rep-error]').text()).toContain('outside your unit');
    expect(wrapper.find('[data-testid=rep-grid]').exists()).toBe(false);
  });
});
