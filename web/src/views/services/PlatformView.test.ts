import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PlatformView from './PlatformView.vue';
import PlatformWorkersView from './PlatformWorkersView.vue';
import { setLocale } from '../../i18n';
import { me } from '../../session';
import type { Me } from '../../api';
import type { PlatformWorker, RestStation } from '../../api/services';
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

function counts(unit: string, name: string, workers: number, insured: number, injury: number, reached: number) {
  return {
    unit, unit_name: name, workers,
    by_form: [{ form: 'delivery_rider', name: '外卖骑手', workers: Math.round(workers / 2) }, { form: 'ride_hailing_driver', name: '网约车司机', workers: workers - Math.round(workers / 2) }],
    by_platform: [{ key: 'meituan', name: '美团', workers: injury }],
    platform_unknown: workers - injury,
    by_insurance: [{ insurance: 'flexible', name: '灵活就业参保', workers: insured }, { insurance: 'none', name: '未参保', workers: workers - insured }],
    by_programme: [{ programme: 'rest_station', name: '户外劳动者驿站', workers: reached }],
    insured, injury_protected: injury, injury_unknown: workers - injury, reached,
    insured_share: workers ? insured / workers : null,
    injury_protection_share: workers ? injury / workers : null,
    programme_reach_share: workers ? reached / workers : null,
  };
}

const coverage = {
  ...counts('320706006010', '海连社区居委会', 655, 420, 1, 0), as_of: '2026-12-01',
  units: [counts('320706006010001', '海连新村', 189, 122, 1, 0), counts('320706006010005', '蔷薇华庭', 0, 0, 0, 0)],
  rest_stations: { count: 1, capacity: 20, with_hours: 1 },
};

const station: RestStation = {
  facility_id: 6, name: '海连社区骑手驿站', unit: '320706006010', unit_name: '海连社区居委会', capacity: 20,
  hours: '07:00-11:00,17:00-23:30', minutes_open_per_day: 630, open_now: true, version: 2, synthetic: true, etag: '"f6v2"',
};

const stations = {
  items: [{ id: 6, unit: '320706006010', unit_name: '海连社区居委会', type: 'rider_rest_station', type_name: '骑手驿站', name: '海连社区骑手驿站', location: null, capacity: 20, staff: 1, synthetic: true, etag: '"f6v2"' }],
  total: 1, page: 1, page_size: 200,
};

async function mountAt(component: object, path: string, permissions = ['services.read', 'services.write']) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(component, { router });
  await flushPromises();
  return wrapper;
}

describe('PlatformView', () => {
  it('shows the coverage shares, per unit below, and the rest stations with their hours', async () => {
    const server = routeFetch({
      'GET /platform/coverage': () => jsonResponse(200, coverage),
      'GET /facilities': () => jsonResponse(200, stations),
      'GET /platform/stations/6': () => jsonResponse(200, station),
    });
    const wrapper = await mountAt(PlatformView, '/platform?as_of=2026-12-01');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=coverage-workers] .stat-value').text()).toBe('655'));
    expect(server.calls('GET /platform/coverage')[0]!.query.get('as_of')).toBe('2026-12-01');
    expect(server.calls('GET /facilities')[0]!.query.get('type')).toBe('rider_rest_station');
    expect(wrapper.find('[data-testid=coverage-insured] .stat-value').text()).toBe('64.1%');
    expect(wrapper.find('[data-testid=coverage-insured]').text()).toContain('420 / 655');
    expect(wrapper.find('[data-testid=coverage-injury] .stat-value').text()).toBe('0.2%');
    expect(wrapper.find('[data-testid=coverage-injury]').text()).toContain('不详 654');
    expect(wrapper.find('[data-testid=coverage-reached] .stat-value').text()).toBe('0.0%');
    expect(wrapper.find('[data-testid=coverage-by-form]').text()).toContain('外卖骑手: 328');
    expect(wrapper.find('[data-testid=platform-meituan]').text()).toBe('美团: 1');
    const units = wrapper.findAll('[data-testid=coverage-units] .el-table__body tr');
    expect(units).toHaveLength(2);
    expect(units[0]!.text()).toContain('海连新村');
    expect(units[0]!.text()).toContain('64.6%');
    // No workers: the shares are unknown, not zero.
    expect(units[1]!.text()).toContain('—');
    expect(wrapper.find('[data-testid=station-hours-6]').text()).toBe('07:00-11:00,17:00-23:30 · 每天开放 10.5 小时');
    expect(wrapper.find('[data-testid=rest-stations]').text()).toContain('现在开放');
  });

  it("changes a station's hours with its ETag", async () => {
    let current: RestStation = { ...station, hours: null, minutes_open_per_day: null, open_now: null };
    const server = routeFetch({
      'GET /platform/coverage': () => jsonResponse(200, coverage),
      'GET /facilities': () => jsonResponse(200, stations),
      'GET /platform/stations/6': () => jsonResponse(200, current),
      'PATCH /platform/stations/6': () => {
        current = { ...station, etag: '"f6v3"', version: 3 };
        return jsonResponse(200, current, { ETag: '"f6v3"' });
      },
    });
    const wrapper = await mountAt(PlatformView, '/platform');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=station-hours-6]').text()).toBe('未登记开放时间'));
    await wrapper.find('[data-testid=station-edit-6]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=station-form]');
    await form.find('input[data-testid=station-hours]').setValue('07:00-11:00,17:00-23:30');
    await form.trigger('submit');
    await flushPromises();
    const patched = server.calls('PATCH /platform/stations/6')[0]!;
    expect(patched.body).toEqual({ hours: '07:00-11:00,17:00-23:30' });
    expect(patched.headers.get('If-Match')).toBe('"f6v2"');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=station-hours-6]').text()).toContain('每天开放 10.5 小时'));
  });

  it("shows the scope's refusal", async () => {
    routeFetch({
      'GET /platform/coverage': () => jsonResponse(403, { code: 'permission_denied', message: 'unit 320706006009 is outside your scope (320706006010)' }),
      'GET /facilities': () => jsonResponse(403, { code: 'permission_denied', message: 'unit 320706006009 is outside your scope (320706006010)' }),
    });
    const wrapper = await mountAt(PlatformView, '/platform?unit=320706006009');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=platform-error]').text()).toContain('outside your scope'));
    expect(wrapper.find('[data-testid=platform-coverage]').exists()).toBe(false);
  });
});

const worker: PlatformWorker = {
  resident_id: 42, name: '李强', id_number: '320706********0318', phone: '139****1005', sex: 'male', age: 31,
  unit: '320706006010001', unit_name: '海连新村', community: '320706006010', form: 'delivery_rider', insurance: 'flexible',
  insured: true, platforms: [], injury_protection: 'unknown', injury_protection_since: null, programmes: ['rest_station'],
  version: 0, synthetic: true, etag: '"w42v0"',
};

describe('PlatformWorkersView', () => {
  it('lists the workers with form, insurance, platforms, protection and programmes', async () => {
    const server = routeFetch({ 'GET /platform/workers': () => jsonResponse(200, { items: [worker], total: 1, page: 1, page_size: 20 }) });
    const wrapper = await mountAt(PlatformWorkersView, '/platform-workers?form=delivery_rider');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=worker-42]').text()).toBe('李强'));
    expect(server.calls('GET /platform/workers')[0]!.query.get('form')).toBe('delivery_rider');
    const row = wrapper.find('[data-testid=workers-table] .el-table__body tr');
    expect(row.text()).toContain('外卖骑手');
    expect(row.text()).toContain('灵活就业参保');
    expect(row.text()).toContain('户外劳动者驿站');
    expect(wrapper.find('[data-testid=worker-injury-42]').text()).toBe('不详');
  });

  it("records a worker's platforms and injury protection with the worker's ETag", async () => {
    let current = worker;
    const server = routeFetch({
      'GET /platform/workers': () => jsonResponse(200, { items: [current], total: 1, page: 1, page_size: 20 }),
      'PATCH /platform/workers/42': () => {
        current = {
          ...worker, version: 1, etag: '"w42v1"', injury_protection: 'enrolled', injury_protection_since: '2025-07-01',
          platforms: [{ key: 'meituan', name: '美团' }, { key: 'eleme', name: '饿了么' }],
        };
        return jsonResponse(200, current, { ETag: '"w42v1"' });
      },
    });
    const wrapper = await mountAt(PlatformWorkersView, '/platform-workers');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=worker-edit-42]').exists()).toBe(true));
    await wrapper.find('[data-testid=worker-edit-42]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=worker-form]');
    await form.find('input[data-testid=worker-platforms]').setValue('美团外卖，饿了么');
    await form.find('[data-testid=injury-enrolled] input').setValue(true);
    await flushPromises();
    await form.trigger('submit');
    await flushPromises();
    const patched = server.calls('PATCH /platform/workers/42')[0]!;
    expect(patched.body).toEqual({ platforms: ['美团外卖', '饿了么'], injury_protection: 'enrolled' });
    expect(patched.headers.get('If-Match')).toBe('"w42v0"');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=worker-platforms-42]').text()).toBe('美团、饿了么'));
    expect(wrapper.find('[data-testid=worker-injury-42]').text()).toBe('已参加（2025-07-01）');
  });

  it('shows the refusal of a worker who is no longer a platform worker', async () => {
    routeFetch({
      'GET /platform/workers': () => jsonResponse(200, { items: [worker], total: 1, page: 1, page_size: 20 }),
      'PATCH /platform/workers/42': () => jsonResponse(409, { code: 'failed_precondition', message: 'resident 42 is not a platform worker on 2026-12-01' }),
    });
    const wrapper = await mountAt(PlatformWorkersView, '/platform-workers');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=worker-edit-42]').exists()).toBe(true));
    await wrapper.find('[data-testid=worker-edit-42]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=worker-form]');
    await form.trigger('submit');
    await flushPromises();
    expect(form.find('[data-testid=form-error]').text()).toBe('resident 42 is not a platform worker on 2026-12-01');
  });
});
