import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import IndicatorsView from './IndicatorsView.vue';
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

const STREET = '320706006';
const HAILIAN = '320706006010';
const office: Me = {
  username: 'xinhai_street', display_name: '', role: 'street_officer', unit: STREET, unit_name: '新海街道',
  permissions: ['units.read', 'indicators.read', 'economy.read'],
};

const catalogue = {
  elements: [{ code: 'residents', name: '常住人口', measure: 'persons', aggregation: 'sum', weight: '', source: 'derived', description: '', entered_by: '', builtin: true }],
  indicators: [{ code: 'nursery_places_per_1000', name: '每千人口托位数', formula: '1000 * nursery_places / residents', measure: 'places', target: { op: '>=', value: 4.5, source: 'norm' }, description: '', builtin: true }],
  rules: [],
};

function table(scope: string, child: string, childName: string) {
  return {
    scope,
    periods: ['2026'],
    columns: [{ code: 'nursery_places_per_1000', name: '每千人口托位数', measure: 'places', kind: 'indicator', formula: '1000 * nursery_places / residents', target: { op: '>=', value: 4.5, source: 'norm' } }],
    rows: [
      { unit: scope, name: '新海街道', level: 'street', period: '2026', values: { nursery_places_per_1000: 3.1 }, reporting: {}, targets: { nursery_places_per_1000: { met: false, gap: 1.4 } } },
      { unit: child, name: childName, level: 'community', period: '2026', values: { nursery_places_per_1000: 5 }, reporting: {}, targets: { nursery_places_per_1000: { met: true, gap: 0 } } },
    ],
  };
}

describe('IndicatorsView', () => {
  it('shows the unit × period table with targets flagged, and drills down on a child row', async () => {
    const server = routeFetch({
      'GET /indicators': () => jsonResponse(200, catalogue),
      'GET /indicators/table': (call) =>
        jsonResponse(200, call.query.get('unit') === HAILIAN ? table(HAILIAN, `${HAILIAN}001`, '海连新村') : table(STREET, HAILIAN, '海连社区')),
      'GET /units/*': (call) =>
        call.path.endsWith('/children')
          ? jsonResponse(200, { items: [{ code: HAILIAN, name: '海连社区', level: 'community', children: 5, residents: 7266 }] })
          : jsonResponse(200, { code: call.path.split('/')[2], name: 'x', level: 'community', parent: STREET }),
    });
    me.value = office;
    const router = testRouter();
    await router.push('/indicators?codes=nursery_places_per_1000&year=2026&grain=year');
    const { wrapper } = await mountWith(IndicatorsView, { router, global: { stubs: { EChart: true, UnitPicker: true } } });
    await flushPromises();

    const asked = server.calls('GET /indicators/table')[0]!;
    expect(asked.query.get('unit')).toBe(STREET);
    expect(asked.query.get('codes')).toBe('nursery_places_per_1000');
    expect(asked.query.getAll('period')).toEqual(['2026']);
    expect(wrapper.find(`[data-testid=ind-cell-${STREET}-2026]`).text()).toContain('✗');
    expect(wrapper.find(`[data-testid=ind-cell-${HAILIAN}-2026]`).text()).toContain('✓');
    // Without a location the map says so rather than drawing nothing.
    expect(wrapper.find('[data-testid=ind-map-note]').text()).toContain('没有位置');

    await wrapper.find(`[data-testid=ind-row-${HAILIAN}]`).trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query.unit).toBe(HAILIAN);
    expect(server.calls('GET /indicators/table').at(-1)!.query.get('unit')).toBe(HAILIAN);
    expect(wrapper.find('[data-testid=ind-up]').exists()).toBe(true);
  });

  it('asks for the months of the year at the month grain', async () => {
    const server = routeFetch({
      'GET /indicators': () => jsonResponse(200, catalogue),
      'GET /indicators/table': () => jsonResponse(200, table(STREET, HAILIAN, '海连社区')),
      'GET /units/*': (call) =>
        call.path.endsWith('/children') ? jsonResponse(200, { items: [] }) : jsonResponse(200, { code: STREET, name: '新海街道', level: 'street', parent: '320706' }),
    });
    me.value = office;
    const router = testRouter();
    await router.push('/indicators?codes=residents&year=2025&grain=month');
    const { wrapper } = await mountWith(IndicatorsView, { router, global: { stubs: { EChart: true, UnitPicker: true } } });
    await flushPromises();
    const periods = server.calls('GET /indicators/table')[0]!.query.getAll('period');
    expect(periods).toHaveLength(12);
    expect(periods[0]).toBe('2025-01');
    expect(wrapper.find('[data-testid=ind-map-note]').text()).toContain('没有下级');
  });

  it('draws a circle per located child unit on a map without tiles, coloured by value', async () => {
    routeFetch({
      'GET /indicators': () => jsonResponse(200, catalogue),
      'GET /indicators/table': () => jsonResponse(200, table(STREET, HAILIAN, '海连社区')),
      'GET /units/*': (call) =>
        call.path.endsWith('/children')
          ? jsonResponse(200, {
              items: [
                { code: HAILIAN, name: '海连社区', level: 'community', children: 5, residents: 7266, location: { lat: 34.6, lon: 119.17 } },
                { code: `${STREET}009`, name: '星化社区', level: 'community', children: 3, residents: 5000 },
              ],
            })
          : jsonResponse(200, { code: STREET, name: '新海街道', level: 'street', parent: '320706' }),
    });
    me.value = office;
    const router = testRouter();
    await router.push('/indicators?codes=nursery_places_per_1000&year=2026');
    const { wrapper } = await mountWith(IndicatorsView, { router, global: { stubs: { EChart: true, UnitPicker: true } } });
    await flushPromises();
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid=ind-map] path.ind-point')).toHaveLength(1));
    expect(wrapper.find('.leaflet-tile-pane img').exists()).toBe(false);
    expect(wrapper.find('[data-testid=ind-map-note]').text()).toContain('星化社区');
  });
});
