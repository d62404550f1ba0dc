import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CanteenView from './CanteenView.vue';
import EChart from '../../components/EChart.vue';
import { setLocale } from '../../i18n';
import { me } from '../../session';
import type { Me } from '../../api';
import { jsonResponse, mountWith, testRouter } from '../../testing/helpers';
import { routeFetch, type RoutedCall } from '../../testing/routeFetch';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  document.body.innerHTML = '';
});

function user(permissions: string[]): Me {
  return { username: 'w', display_name: 'W', role: 'community_staff', unit: '320706006010', unit_name: '海连社区居委会', permissions };
}

const canteens = {
  items: [
    { id: 2, unit: '320706006010', unit_name: '海连社区居委会', type: 'senior_canteen', type_name: '老年食堂', name: '海连社区老年食堂', location: null, capacity: 80, staff: 6, synthetic: true, etag: '"f2v1"' },
  ],
  total: 1, page: 1, page_size: 200,
};

const groups = [
  { id: 'elderly_60', name: '60岁以上', eligible_elderly: true, price: 12, subsidies: [{ payer: '区民政局', per_meal: 3 }], valid_from: '2026-04-01', synthetic: false },
  { id: 'public', name: '其他居民', eligible_elderly: false, price: 15, subsidies: [], valid_from: '2026-04-01', synthetic: false },
];

// The worked example of docs/services.md (April 2026, 30 days, 80 meals a day).
const april = {
  facility: { id: 2, name: '海连社区老年食堂', unit: '320706006010' }, from: '2026-04-01', to: '2026-04-30',
  currency: 'CNY', money_unit: 'yuan', meals: 2400, days: 30, meals_per_day: 80, elderly_meals: 1800,
  meals_by_group: { elderly_60: 1800, public: 600 }, revenue: 30600, subsidy: 5400, subsidy_by_payer: { 区民政局: 5400 },
  variable_cost: 21600, fixed_cost: 16500, cost: 38100,
  costs: { food_per_meal: 9, staff: 12000, rent: 3000, utilities: 1500, other: 0 },
  subsidy_dependency: 5400 / 38100, surplus: -2100, average_price: 12.75,
  break_even_meals_per_day: 146.66666666666666, break_even_case: 'defined', break_even_note: '',
  self_sustaining_price: 15.88, groups, settings_changed: [],
};

// One day's report: `elderly` and `public` meals.
function day(date: string, elderly: number, pub: number) {
  const byGroup: Record<string, number> = {};
  if (elderly) byGroup.elderly_60 = elderly;
  if (pub) byGroup.public = pub;
  return { ...april, from: date, to: date, meals: elderly + pub, meals_by_group: byGroup };
}

const DAYS: Record<string, [number, number]> = {
  '2026-04-01': [60, 20],
  '2026-04-02': [55, 25],
  '2026-04-03': [0, 0],
};

function reportAnswer(call: RoutedCall) {
  const from = call.query.get('from') ?? '';
  const to = call.query.get('to') ?? '';
  if (from === to && DAYS[from]) return jsonResponse(200, day(from, ...DAYS[from]));
  return jsonResponse(200, { ...april, from, to });
}

async function mountAt(path: string, permissions = ['services.read', 'services.write']) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(CanteenView, { router, global: { stubs: { EChart: true } } });
  await vi.waitFor(() => expect(wrapper.find('[data-testid=canteen-report]').exists()).toBe(true));
  return wrapper;
}

const figure = (wrapper: VueWrapper, key: string) => wrapper.find(`[data-testid=fig-${key}] .stat-value`).text();

describe('CanteenView', () => {
  it('shows the worked example: revenue, cost, subsidy, dependency, break-even and the self-sustaining price', async () => {
    const server = routeFetch({
      'GET /facilities': () => jsonResponse(200, canteens),
      'GET /canteens/2/report': reportAnswer,
    });
    const wrapper = await mountAt('/canteens?facility=2&from=2026-04-01&to=2026-04-03');
    const asked = server.calls('GET /canteens/2/report');
    expect(asked[0]!.query.get('from')).toBe('2026-04-01');
    expect(asked[0]!.query.get('to')).toBe('2026-04-03');
    expect(server.calls('GET /facilities')[0]!.query.get('type')).toBe('senior_canteen');

    expect(figure(wrapper, 'meals')).toBe('2400');
    expect(figure(wrapper, 'revenue')).toBe('¥30,600.00');
    expect(figure(wrapper, 'cost')).toBe('¥38,100.00');
    expect(figure(wrapper, 'subsidy')).toBe('¥5,400.00');
    expect(figure(wrapper, 'subsidy_dependency')).toBe('14.2%');
    expect(figure(wrapper, 'surplus')).toBe('−¥2,100.00');
    expect(wrapper.find('[data-testid=fig-surplus] .stat-value').classes()).toContain('negative');
    expect(figure(wrapper, 'break_even_meals_per_day')).toBe('146.7');
    expect(figure(wrapper, 'self_sustaining_price')).toBe('¥15.88');
    expect(wrapper.find('[data-testid=verdict-volume]').text()).toBe('按现行价格、不靠补贴，需日均供餐 146.7 份才能保本（现为 80.0 份）。');
    expect(wrapper.find('[data-testid=verdict-price]').text()).toContain('¥15.88');
    expect(wrapper.find('[data-testid=verdict-sustains]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=cost-rent]').text()).toBe('房租: ¥3,000.00');
    expect(wrapper.find('[data-testid=canteen-payers]').text()).toContain('区民政局: ¥5,400.00');
    expect(wrapper.find('[data-testid=canteen-groups]').text()).toContain('60岁以上');

    // One report per day of the period for the chart, stacked by group.
    await vi.waitFor(() => expect(wrapper.find('[data-testid=daily-total]').text()).toContain('合计 160'));
    const days = server.calls('GET /canteens/2/report').filter((c) => c.query.get('from') === c.query.get('to'));
    expect(days.map((c) => c.query.get('from')).sort()).toEqual(['2026-04-01', '2026-04-02', '2026-04-03']);
    const chart = wrapper.findComponent(EChart);
    const option = chart.props('option') as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.xAxis.data).toEqual(['04-01', '04-02', '04-03']);
    expect(option.series.map((s) => s.name)).toEqual(['60岁以上', '其他居民']);
    expect(option.series[0]!.data).toEqual([60, 55, 0]);
    expect(option.series[1]!.data).toEqual([20, 25, 0]);
    expect(server.unmatched).toEqual([]);
  });

  it('says why break-even is not computed when no meal was served', async () => {
    routeFetch({
      'GET /facilities': () => jsonResponse(200, canteens),
      'GET /canteens/2/report': () =>
        jsonResponse(200, {
          ...april, meals: 0, days: 0, meals_per_day: null, meals_by_group: {}, revenue: 0, average_price: null,
          break_even_meals_per_day: null, break_even_case: 'no_meals', break_even_note: 'no meals served',
          self_sustaining_price: null, subsidy_dependency: null, groups: [],
        }),
    });
    const wrapper = await mountAt('/canteens?from=2026-04-01&to=2026-04-01');
    expect(figure(wrapper, 'break_even_meals_per_day')).toBe('—');
    expect(figure(wrapper, 'self_sustaining_price')).toBe('—');
    expect(figure(wrapper, 'subsidy_dependency')).toBe('—');
    expect(wrapper.find('[data-testid=verdict-volume]').text()).toBe('本期无供餐，无法计算。');
    expect(wrapper.find('[data-testid=verdict-price]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=no-groups]').exists()).toBe(true);
  });

  it('records a cost and reloads the figures', async () => {
    let cost = 38100;
    const server = routeFetch({
      'GET /facilities': () => jsonResponse(200, canteens),
      'GET /canteens/2/report': (call) => {
        const from = call.query.get('from');
        return from === call.query.get('to') ? reportAnswer(call) : jsonResponse(200, { ...april, cost });
      },
      'POST /canteens/2/costs': (call) => {
        cost += (call.body as { amount: number }).amount;
        return jsonResponse(201, { id: 7, facility_id: 2, date: '2026-04-03', note: '', synthetic: false, ...(call.body as object) });
      },
    });
    const wrapper = await mountAt('/canteens?facility=2&from=2026-04-01&to=2026-04-03');
    await wrapper.find('[data-testid=canteen-record-cost]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=cost-form]');
    await form.find('input[data-testid=cost-amount]').setValue('3000.5');
    await form.find('input[data-testid=cost-note]').setValue('四月房租');
    await form.trigger('submit');
    await flushPromises();
    const posted = server.calls('POST /canteens/2/costs');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toEqual({ kind: 'staff', amount: 3000.5, note: '四月房租' });
    expect(posted[0]!.headers.get('X-Alley-Request')).toBe('1');
    await vi.waitFor(() => expect(figure(wrapper, 'cost')).toBe('¥41,100.50'));
  });

  it('refuses an amount that is not a number before asking the server', async () => {
    const server = routeFetch({
      'GET /facilities': () => jsonResponse(200, canteens),
      'GET /canteens/2/report': reportAnswer,
    });
    const wrapper = await mountAt('/canteens?facility=2&from=2026-04-01&to=2026-04-01');
    await wrapper.find('[data-testid=canteen-record-cost]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=cost-form]');
    await form.find('input[data-testid=cost-amount]').setValue('十二');
    await form.trigger('submit');
    await flushPromises();
    expect(form.find('[data-testid=form-error]').text()).toBe('金额（元）须为数字');
    expect(server.fn.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
  });

  it("records meals per group from the groups in force and shows the server's refusal", async () => {
    const server = routeFetch({
      'GET /facilities': () => jsonResponse(200, canteens),
      'GET /canteens/2/report': reportAnswer,
      'GET /canteens/2/groups': () => jsonResponse(200, { facility_id: 2, on: '2026-04-03', items: groups }),
      'POST /canteens/2/meals': () =>
        jsonResponse(400, { code: 'invalid_argument', message: 'field counts[0].meals: must be 1 to 100000' }),
    });
    const wrapper = await mountAt('/canteens?facility=2&from=2026-04-01&to=2026-04-01');
    await wrapper.find('[data-testid=canteen-record-meals]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=meals-form]');
    await form.find('input[data-testid=meals-count-elderly_60]').setValue('62');
    await form.find('input[data-testid=meals-count-public]').setValue('18');
    await form.trigger('submit');
    await flushPromises();
    const body = server.calls('POST /canteens/2/meals')[0]!.body as { date: string; counts: unknown[] };
    expect(body.counts).toEqual([{ group: 'elderly_60', meals: 62 }, { group: 'public', meals: 18 }]);
    expect(body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(form.find('[data-testid=form-error]').text()).toBe('field counts[0].meals: must be 1 to 100000');
  });

  it('offers no writes without services.write, and says when the scope has no canteen', async () => {
    routeFetch({
      'GET /facilities': () => jsonResponse(200, canteens),
      'GET /canteens/2/report': reportAnswer,
    });
    const wrapper = await mountAt('/canteens?from=2026-04-01&to=2026-04-01', ['services.read']);
    expect(wrapper.find('[data-testid=canteen-record-cost]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=canteen-record-meals]').exists()).toBe(false);

    routeFetch({ 'GET /facilities': () => jsonResponse(200, { items: [], total: 0, page: 1, page_size: 200 }) });
    me.value = user(['services.read']);
    const router = testRouter();
    await router.push('/canteens');
    const { wrapper: empty } = await mountWith(CanteenView, { router, global: { stubs: { EChart: true } } });
    await vi.waitFor(() => expect(empty.find('[data-testid=no-canteen]').text()).toBe('您的管辖范围内没有老年食堂（助餐点）。'));
    expect(empty.find('[data-testid=canteen-report]').exists()).toBe(false);
  });
});
