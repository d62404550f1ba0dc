import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PlanMapView from './PlanMapView.vue';
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

const planner: Me = {
  username: 'planner', display_name: '', role: 'planner', unit: '320706006010', unit_name: '海连社区居委会',
  permissions: ['units.read', 'plan.read'],
};

const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
const line = (a: [number, number], b: [number, number]) => ({ type: 'LineString', coordinates: [a, b] });

const runGeo = {
  type: 'FeatureCollection', unit: '320706006010', minutes: 5,
  features: [
    { type: 'Feature', geometry: point(119.170, 34.600), properties: { kind: 'home', unit: '320706006010001', building: '1号楼', residents: 40, target: 2, access: 0.1, nearest_minutes: 2, covered: true } },
    { type: 'Feature', geometry: point(119.175, 34.602), properties: { kind: 'home', unit: '320706006010001', building: '2号楼', residents: 25, target: 1, access: 0.0, nearest_minutes: null, covered: false } },
    { type: 'Feature', geometry: point(119.171, 34.601), properties: { kind: 'facility', id: 4, name: '海连社区托育园', unit: '320706006010004', capacity: 60 } },
  ],
};

const runAnswer = {
  unit: '320706006010', type: 'nursery', minutes: 5, method: 'e2sfca', residents: 65, covered: 0.6, units: [], facilities: [],
  norm: { facility: '托育机构', circle_minutes: 5, distance_m: 300, minutes: 5, target_group: 'children_0_2', clause: '', in_standard: true },
  network: { source: 'grid', fingerprint: '', synthetic: true, vertices: 4 },
  theil: { total: null, within: null, between: null },
};

const network = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: line([119.169, 34.600], [119.172, 34.600]), properties: { u: 0, v: 1, minutes: 1 } },
    { type: 'Feature', geometry: line([119.172, 34.600], [119.172, 34.603]), properties: { u: 1, v: 2, minutes: 1 } },
  ],
};

const catchment = {
  type: 'FeatureCollection', minutes: 5, vertices: 2,
  features: [
    { type: 'Feature', geometry: line([119.169, 34.600], [119.172, 34.600]), properties: { minutes_u: 0, minutes_v: 1, minutes: 1 } },
    { type: 'Feature', geometry: point(119.171, 34.601), properties: { kind: 'facility', id: 4, name: '海连社区托育园' } },
  ],
};

async function mountAt(path: string) {
  me.value = planner;
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(PlanMapView, { router });
  await flushPromises();
  return wrapper;
}

describe('PlanMapView', () => {
  it('draws the network, the homes by minutes with a legend and the facilities, from Alley alone', async () => {
    const server = routeFetch({
      'GET /plan/run.geojson': () => jsonResponse(200, runGeo),
      'GET /plan/run': () => jsonResponse(200, runAnswer),
      'GET /plan/network.geojson': () => jsonResponse(200, network),
      'GET /plan/catchment.geojson': () => jsonResponse(200, catchment),
    });
    const wrapper = await mountAt('/plan/map?type=nursery&minutes=5');
    await vi.waitFor(() => expect(server.calls('GET /plan/network.geojson').length).toBeGreaterThan(0));
    await flushPromises();
    expect(server.calls('GET /plan/run.geojson')[0]!.query.get('minutes')).toBe('5');
    // No tile layer: nothing but Alley's own vector layers.
    expect(wrapper.find('.leaflet-tile-pane img').exists()).toBe(false);
    const paths = wrapper.findAll('.leaflet-overlay-pane path');
    // 2 streets + 2 homes + 1 facility.
    expect(paths.length).toBe(5);
    expect(paths.filter((p) => p.attributes('stroke') === '#8a8a8a')).toHaveLength(2);
    expect(paths.filter((p) => p.attributes('fill') === '#66bd63')).toHaveLength(1); // 2 min: the second third of 5
    expect(paths.filter((p) => p.attributes('fill') === '#9e9e9e')).toHaveLength(1); // unreachable
    expect(wrapper.find('[data-testid=map-legend]').text()).toContain('0–2 分钟');
    expect(wrapper.find('[data-testid=map-legend]').text()).toContain('不可达');
    expect(wrapper.find('[data-testid=map-homes]').text()).toContain('2');
    expect(server.unmatched).toEqual([]);
  });

  it('colours by accessibility on demand, and a click on a facility draws its catchment', async () => {
    const server = routeFetch({
      'GET /plan/run.geojson': () => jsonResponse(200, runGeo),
      'GET /plan/run': () => jsonResponse(200, runAnswer),
      'GET /plan/network.geojson': () => jsonResponse(200, network),
      'GET /plan/catchment.geojson': () => jsonResponse(200, catchment),
    });
    const wrapper = await mountAt('/plan/map?type=nursery&minutes=5');
    await vi.waitFor(() => expect(wrapper.findAll('.leaflet-overlay-pane path').length).toBe(5));
    await wrapper.find('[data-testid=map-by-access] input').setValue(true);
    await flushPromises();
    expect(wrapper.find('[data-testid=map-legend]').text()).toContain('可达性');
    expect(wrapper.findAll('.leaflet-overlay-pane path').filter((p) => p.attributes('fill') === '#9e9e9e')).toHaveLength(0);

    wrapper.find('.leaflet-overlay-pane path.plan-facility').element.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await vi.waitFor(() => expect(server.calls('GET /plan/catchment.geojson')).toHaveLength(1));
    await flushPromises();
    expect(server.calls('GET /plan/catchment.geojson')[0]!.query.get('facility')).toBe('4');
    const blue = wrapper.findAll('.leaflet-overlay-pane path').filter((p) => p.attributes('stroke') === '#1565c0');
    expect(blue).toHaveLength(1);
    expect(wrapper.find('[data-testid=map-legend]').text()).toContain('服务范围：海连社区托育园，5 分钟');
  });

  it('says to zoom in when the network is too large for one answer', async () => {
    routeFetch({
      'GET /plan/run.geojson': () => jsonResponse(200, runGeo),
      'GET /plan/run': () => jsonResponse(200, runAnswer),
      'GET /plan/network.geojson': () => jsonResponse(429, { code: 'resource_exhausted', message: 'zoom in' }),
    });
    const wrapper = await mountAt('/plan/map?type=nursery');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=map-network-note]').text()).toContain('请放大地图'));
  });
});
