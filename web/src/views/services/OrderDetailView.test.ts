import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import OrderDetailView from './OrderDetailView.vue';
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

const requestEvent = { id: 1, at: '2026-07-01T02:00:00Z', event: 'request', from: null, to: 'requested', actor: 'hailian', provider: null, stars: null, note: '' };

function order(state: string, version: number, extra: Record<string, unknown> = {}) {
  return {
    id: 31, community: '320706006010', unit: '320706006010001', resident: { id: 17, name: '王秀英' }, kind: 'cleaning',
    kind_name: '保洁', date: '2026-07-08', start: '09:00', end: '10:30', minutes: 90, location: { lat: 34.6, lon: 119.17 },
    note: '', state, provider: null, stars: null, earn_transaction: null, requested_at: '2026-07-01T02:00:00Z',
    updated_at: '2026-07-01T02:00:00Z', requested_by: 'hailian', synthetic: false, version, etag: `"o31v${version}"`,
    events: [requestEvent], ...extra,
  };
}

function provider(id: number, name: string, type: string, extra: Record<string, unknown> = {}) {
  return {
    id, type, unit: '320706006010', community: '320706006010', resident_id: type === 'volunteer' ? 30 : null, name,
    occupation: null, occupation_name: null, skills: ['cleaning', 'companionship'],
    availability: [{ day: 'wed', start: '08:00', end: '12:00' }], certifications: [],
    location: { lat: 34.6, lon: 119.17, source: 'given' }, hours_worked: 0, hours_before: 0, registered_on: '2026-01-01',
    left_on: null, note: '', synthetic: false, version: 1, ...extra,
  };
}

const match = {
  order: 31,
  candidates: [
    { provider: provider(2, '黄杰龙', 'volunteer'), distance_m: 0, week_assigned_minutes: 0 },
    { provider: provider(1, '李护理', 'caregiver', { skills: ['bathing', 'cleaning'] }), distance_m: 548, week_assigned_minutes: 120 },
  ],
};

async function mountAt(path: string, permissions = ['services.read', 'services.write']) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(OrderDetailView, { router });
  await flushPromises();
  return wrapper;
}

describe('OrderDetailView', () => {
  it('shows who fits a requested order, nearest first, and assigns one with the order’s ETag', async () => {
    const server = routeFetch({
      'GET /orders/31': () => jsonResponse(200, order('requested', 1), { ETag: '"o31v1"' }),
      'GET /orders/31/match': () => jsonResponse(200, match),
      'POST /orders/31/events': () =>
        jsonResponse(200, order('assigned', 2, {
          provider: { id: 1, name: '李护理', type: 'caregiver' },
          events: [requestEvent, { ...requestEvent, id: 2, event: 'assign', from: 'requested', to: 'assigned', provider: 1 }],
        }), { ETag: '"o31v2"' }),
    });
    const wrapper = await mountAt('/orders/31');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=candidates]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=order-state]').text()).toBe('待派单');
    const rows = wrapper.findAll('[data-testid=candidates] .el-table__body tr');
    expect(rows.map((r) => r.find('[data-testid^=candidate-]').text())).toEqual(['黄杰龙', '李护理']);
    expect(rows[1]!.text()).toContain('助浴、保洁');
    expect(rows[1]!.text()).toContain('周三 08:00–12:00');
    expect(rows[1]!.text()).toContain('548 米');
    expect(rows[1]!.text()).toContain('120 分钟');
    expect(rows[0]!.text()).toContain('志愿者');

    await wrapper.find('[data-testid=assign-1]').trigger('click');
    await flushPromises();
    const posted = server.calls('POST /orders/31/events');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toEqual({ event: 'assign', provider: 1 });
    expect(posted[0]!.headers.get('If-Match')).toBe('"o31v1"');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=order-state]').text()).toBe('已派单'));
    expect(wrapper.find('[data-testid=order-provider]').text()).toBe('李护理（护理员）');
    expect(wrapper.find('[data-testid=candidates]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=order-start]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=order-finish]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid^=order-event-]').map((e) => e.attributes('data-testid'))).toEqual([
      'order-event-request',
      'order-event-assign',
    ]);
    // Matching is asked only while the order is requested.
    expect(server.calls('GET /orders/31/match')).toHaveLength(1);
  });

  it('says what each provider lacks when nobody fits', async () => {
    routeFetch({
      'GET /orders/31': () => jsonResponse(200, order('requested', 1)),
      'GET /orders/31/match': () =>
        jsonResponse(404, { code: 'not_found', message: 'no provider fits order 31: 李护理: busy 09:00-10:00; 黄杰龙: no skill bathing' }),
    });
    const wrapper = await mountAt('/orders/31');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=match-error]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=match-error]').text()).toContain('没有符合条件的服务人员');
    expect(wrapper.find('[data-testid=match-error]').text()).toContain('黄杰龙: no skill bathing');
  });

  it('rates a done order, and shows the time-bank hours a volunteer earned', async () => {
    const server = routeFetch({
      'GET /orders/31': () =>
        jsonResponse(200, order('done', 4, { provider: { id: 2, name: '黄杰龙', type: 'volunteer' }, earn_transaction: 88 })),
      'POST /orders/31/events': () => jsonResponse(200, order('rated', 5, { provider: { id: 2, name: '黄杰龙', type: 'volunteer' }, stars: 5, earn_transaction: 88 })),
    });
    const wrapper = await mountAt('/orders/31');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=order-rate]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=order-earned]').text()).toBe('志愿者获得时间银行时长（交易 88）');
    expect(wrapper.find('[data-testid=order-cancel]').exists()).toBe(false);
    await wrapper.find('[data-testid=order-rate]').trigger('click');
    await flushPromises();
    expect(server.calls('POST /orders/31/events')[0]!.body).toEqual({ event: 'rate', stars: 5 });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=order-rating]').text()).toBe('★★★★★'));
    expect(wrapper.find('[data-testid=order-rate]').exists()).toBe(false);
  });

  it('reloads on a stale ETag, and is not found outside the scope', async () => {
    let version = 2;
    const server = routeFetch({
      'GET /orders/31': () => jsonResponse(200, order(version === 2 ? 'assigned' : 'in_service', version)),
      'POST /orders/31/events': () => {
        version = 3;
        return jsonResponse(409, { code: 'aborted', message: 'order 31 changed: version 3, not 2' });
      },
    });
    const wrapper = await mountAt('/orders/31');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=order-start]').exists()).toBe(true));
    await wrapper.find('[data-testid=order-start]').trigger('click');
    await flushPromises();
    await vi.waitFor(() => expect(wrapper.find('[data-testid=order-state]').text()).toBe('服务中'));
    expect(server.calls('GET /orders/31')).toHaveLength(2);
    expect(wrapper.find('[data-testid=order-finish]').exists()).toBe(true);

    routeFetch({ 'GET /orders/77': () => jsonResponse(404, { code: 'not_found', message: 'no order 77' }) });
    const missing = await mountAt('/orders/77');
    await vi.waitFor(() => expect(missing.find('[data-testid=order-error]').text()).toBe('该记录不存在，或不在您的管辖范围内。'));
    expect(missing.find('[data-testid=order-title]').exists()).toBe(false);
  });
});
