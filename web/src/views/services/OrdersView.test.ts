import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import OrdersView from './OrdersView.vue';
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

function order(id: number, state: string, extra: Record<string, unknown> = {}) {
  return {
    id, community: '320706006010', unit: '320706006010001', resident: { id: 17, name: '王秀英' }, kind: 'cleaning',
    kind_name: '保洁', date: '2026-07-06', start: '09:00', end: '10:30', minutes: 90, location: { lat: 34.6, lon: 119.17 },
    note: '', state, provider: null, stars: null, earn_transaction: null, requested_at: '2026-07-01T02:00:00Z',
    updated_at: '2026-07-01T02:00:00Z', requested_by: 'hailian', synthetic: false, version: 1, etag: `"o${id}v1"`, ...extra,
  };
}

const page = {
  items: [
    order(31, 'rated', { provider: { id: 12, name: '王志愿', type: 'volunteer' }, stars: 4 }),
    order(30, 'requested', { kind: 'bathing', kind_name: '助浴', resident: { id: 18, name: '赵桂兰' } }),
  ],
  total: 2, page: 1, page_size: 20,
};

async function mountAt(path: string, permissions = ['services.read', 'services.write']) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(OrdersView, { router });
  await flushPromises();
  return { wrapper, router };
}

describe('OrdersView', () => {
  it('lists the orders with their state, provider and rating, filtered by the address', async () => {
    const server = routeFetch({ 'GET /orders': () => jsonResponse(200, page) });
    const { wrapper } = await mountAt('/orders?state=rated&kind=cleaning');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=order-link-31]').exists()).toBe(true));
    const query = server.calls('GET /orders')[0]!.query;
    expect(query.get('state')).toBe('rated');
    expect(query.get('kind')).toBe('cleaning');
    const rows = wrapper.findAll('[data-testid=orders-table] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('王秀英');
    expect(rows[0]!.text()).toContain('2026-07-06 09:00–10:30');
    expect(rows[0]!.text()).toContain('王志愿（志愿者）');
    expect(rows[0]!.text()).toContain('★★★★');
    expect(wrapper.find('[data-testid=order-state-31]').text()).toBe('已评价');
    expect(wrapper.find('[data-testid=order-state-30]').text()).toBe('待派单');
    expect(rows[1]!.text()).toContain('助浴');
  });

  it('requests a new order for a resident found by name and opens it', async () => {
    const server = routeFetch({
      'GET /orders': () => jsonResponse(200, page),
      'GET /residents': () =>
        jsonResponse(200, {
          items: [{ id: 17, name: '王秀英', age: 88, unit_name: '海连新村', household: { id: 9, number: '0012' } }],
          total: 1, page: 1, page_size: 20,
        }),
      'POST /orders': (call) => jsonResponse(201, { ...order(32, 'requested'), ...(call.body as object), events: [] }),
    });
    const { wrapper, router } = await mountAt('/orders');
    await wrapper.find('[data-testid=order-create]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=order-form]');
    // The picker searches residents aged 60 and over by name.
    await form.find('[data-testid=order-resident] input').setValue('王秀');
    await vi.waitFor(() => expect(server.calls('GET /residents')).toHaveLength(1), { timeout: 2000 });
    const search = server.calls('GET /residents')[0]!.query;
    expect(search.get('q')).toBe('王秀');
    expect(search.get('min_age')).toBe('60');
    await vi.waitFor(() => expect(document.querySelector('[data-testid=resident-option-17]')?.textContent).toContain('王秀英 · 88 岁 · 海连新村'));
    (document.querySelector('[data-testid=resident-option-17]') as HTMLElement).click();
    await flushPromises();
    expect(wrapper.findComponent(ResidentPicker).props('modelValue')).toBe(17);
    await form.find('input[data-testid=order-start]').setValue('14:00');
    await form.find('input[data-testid=order-end]').setValue('15:30');
    await form.trigger('submit');
    await flushPromises();
    const body = server.calls('POST /orders')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ resident: 17, kind: 'cleaning', start: '14:00', end: '15:30' });
    expect(body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/orders/32'));
  });

  it("keeps the dialog open with the server's refusal, and hides the button without services.write", async () => {
    routeFetch({
      'GET /orders': () => jsonResponse(200, page),
      'POST /orders': () => jsonResponse(400, { code: 'invalid_argument', message: 'field resident: 17 is younger than 60 on 2026-07-06' }),
    });
    const { wrapper } = await mountAt('/orders');
    await wrapper.find('[data-testid=order-create]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=order-form]');
    await form.trigger('submit');
    await flushPromises();
    expect(form.find('[data-testid=form-error]').text()).toBe('请填写服务对象');
    wrapper.findComponent(ResidentPicker).vm.$emit('update:modelValue', 17);
    await flushPromises();
    await form.trigger('submit');
    await flushPromises();
    expect(form.find('[data-testid=form-error]').text()).toBe('field resident: 17 is younger than 60 on 2026-07-06');

    const { wrapper: readOnly } = await mountAt('/orders', ['services.read']);
    await vi.waitFor(() => expect(readOnly.find('[data-testid=order-link-31]').exists()).toBe(true));
    expect(readOnly.find('[data-testid=order-create]').exists()).toBe(false);
  });
});
