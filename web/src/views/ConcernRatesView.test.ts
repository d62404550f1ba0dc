import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ConcernRatesView from './ConcernRatesView.vue';
import EChart from '../components/EChart.vue';
import { setLocale } from '../i18n';
import { me } from '../session';
import { resetConcernVocabulary } from '../concerns';
import { resetUnitNames } from '../composables/unitNames';
import { callsTo, jsonResponse, mountWith, routeFetch, testRouter } from '../testing/helpers';
import { categories, concern } from '../testing/concerns';
import type { ConcernCounts, MonthlyConcernRow } from '../api';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  resetConcernVocabulary();
  resetUnitNames();
  document.body.innerHTML = '';
});
enableAutoUnmount(afterEach);

const HAILIAN = '320706006010';

// Counts with the rates the server would compute from them.
function counts(received: number, onTimeResponses: number, onTimeResolutions: number, satisfied: number, rated: number, overdue = 0): ConcernCounts {
  return {
    received, responded: onTimeResponses, responded_on_time: onTimeResponses, resolved: onTimeResolutions,
    resolved_on_time: onTimeResolutions, rated, satisfied, basically_satisfied: 0, not_satisfied: rated - satisfied,
    overdue_open: overdue,
    response_rate: received ? onTimeResponses / received : null,
    resolution_rate: received ? onTimeResolutions / received : null,
    satisfaction_rate: rated ? satisfied / rated : null,
  };
}

const row = (unit: string, name: string, month: string, c: ConcernCounts): MonthlyConcernRow => ({ unit, name, month, ...c });

// Hailian: 20 concerns in Jan and Feb; 8 + 4 in its compounds, 6 in its grid,
// 2 placed on the community itself.
const monthly: Record<string, MonthlyConcernRow[]> = {
  community: [
    row(HAILIAN, '海连社区居委会', '2026-01', counts(12, 12, 9, 6, 8, 1)),
    row(HAILIAN, '海连社区居委会', '2026-02', counts(8, 6, 6, 4, 4)),
  ],
  compound: [
    row(`${HAILIAN}001`, '海连新村', '2026-01', counts(5, 5, 4, 3, 4, 1)),
    row(`${HAILIAN}001`, '海连新村', '2026-02', counts(3, 2, 2, 1, 1)),
    row(`${HAILIAN}002`, '幸福小区', '2026-01', counts(4, 4, 3, 2, 2)),
    row(`${HAILIAN}002`, '幸福小区', '2026-02', counts(0, 0, 0, 0, 0)),
  ],
  grid: [
    row(`${HAILIAN}101`, '第一网格', '2026-01', counts(2, 2, 1, 1, 1)),
    row(`${HAILIAN}101`, '第一网格', '2026-02', counts(4, 4, 4, 3, 3)),
  ],
};

async function mountRates(path: string, permissions = ['units.read', 'services.read', 'services.write']) {
  me.value = { username: 'hailian', display_name: '海连', role: 'community_staff', unit: HAILIAN,
    unit_name: '海连社区居委会', permissions };
  const fetchMock = routeFetch(
    ['GET', /^\/concerns\/categories$/, () => jsonResponse(200, categories)],
    ['GET', /^\/units\/\d+\/children$/, () => jsonResponse(200, { items: [
      { code: `${HAILIAN}001`, name: '海连新村', level: 'compound', children: 0, residents: 900 },
      { code: `${HAILIAN}002`, name: '幸福小区', level: 'compound', children: 0, residents: 700 },
      { code: `${HAILIAN}101`, name: '第一网格', level: 'grid', children: 0, residents: 300 },
    ] })],
    ['GET', /^\/units\/\d+$/, () => jsonResponse(200, { code: HAILIAN, name: '海连社区居委会', level: 'community' })],
    ['GET', /^\/concerns\/rates$/, (url) => jsonResponse(200, {
      unit: HAILIAN, from: url.searchParams.get('from'), to: url.searchParams.get('to'), as_of: '2026-03-01T00:00:00Z',
      ...counts(20, 18, 15, 10, 12, 1),
    })],
    ['GET', /^\/concerns\/rates\/monthly$/, (url) => {
      const level = url.searchParams.get('level') ?? '';
      return jsonResponse(200, { unit: HAILIAN, level, rows: monthly[level] ?? [] });
    }],
    ['GET', /^\/concerns\/hotspots$/, () => jsonResponse(200, { unit: HAILIAN, from: '', to: '', items: [
      { unit: `${HAILIAN}001`, category: 'utilities', count: 6, open: 1 },
      { unit: `${HAILIAN}101`, category: 'noise', count: 4, open: 0 },
    ] })],
    ['GET', /^\/concerns$/, () => jsonResponse(200, {
      items: [concern({ id: 9, response_due: '2026-01-05T00:00:00Z', resolution_due: '2026-01-09T16:00:00Z', escalation: 2 })],
      total: 1, page: 1, page_size: 20,
    })],
    ['POST', /^\/concerns\/escalations$/, () => jsonResponse(200, { unit: HAILIAN, escalated: 3 })],
  );
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(ConcernRatesView, { router, global: { stubs: { EChart: true } } });
  await vi.waitFor(() => expect(wrapper.find('[data-testid=rate-received]').exists()).toBe(true));
  await flushPromises();
  return { wrapper, fetchMock };
}

describe('ConcernRatesView', () => {
  it('asks for the whole months of the address and shows the three rates', async () => {
    const { wrapper, fetchMock } = await mountRates(`/concerns/rates?unit=${HAILIAN}&from=2026-01&to=2026-02`);
    const [rates] = callsTo(fetchMock, 'GET', /^\/concerns\/rates$/);
    expect(Object.fromEntries(rates!.url.searchParams)).toEqual({ unit: HAILIAN, from: '2026-01-01', to: '2026-02-28' });
    const levels = callsTo(fetchMock, 'GET', /^\/concerns\/rates\/monthly$/).map((c) => c.url.searchParams.get('level')).sort();
    expect(levels).toEqual(['community', 'compound', 'grid']);
    const [late] = callsTo(fetchMock, 'GET', /^\/concerns$/);
    expect(late!.url.searchParams.get('overdue')).toBe('true');

    const value = (key: string) => wrapper.find(`[data-testid=rate-${key}] [data-testid=value]`).text();
    expect(value('received')).toBe('20');
    expect(value('response_rate')).toBe('90.0%');
    expect(value('resolution_rate')).toBe('75.0%');
    expect(value('satisfaction_rate')).toBe('83.3%');
    expect(wrapper.find('[data-testid=rate-satisfaction_rate]').text()).toContain('10 / 12 件评价');
    expect(value('overdue_open')).toBe('1');
  });

  it('sums each unit below over the months, and shows what was placed on the unit itself', async () => {
    const { wrapper } = await mountRates(`/concerns/rates?unit=${HAILIAN}&from=2026-01&to=2026-02`);
    const rows = wrapper.findAll('[data-testid=rates-children] tbody tr').map((tr) =>
      [...tr.element.querySelectorAll('td')].map((td) => td.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['海连新村', '8', '87.5%', '75.0%', '80.0%', '1'],
      ['幸福小区', '4', '100.0%', '75.0%', '100.0%', '0'],
      ['第一网格', '6', '100.0%', '83.3%', '100.0%', '0'],
      // 20 − 18 received, 18 − 17 on time, 15 − 14 resolved, 10 − 9 of 12 − 11 rated.
      ['本级直接受理', '2', '50.0%', '50.0%', '0.0%', '0'],
    ]);
  });

  it('charts the unit month by month and lists hot spots and overdue concerns', async () => {
    const { wrapper } = await mountRates(`/concerns/rates?unit=${HAILIAN}&from=2026-01&to=2026-02`);
    const chart = wrapper.findComponent(EChart);
    const option = chart.props('option') as { xAxis: { data: string[] }; series: { name: string; data: (number | null)[] }[] };
    expect(option.xAxis.data).toEqual(['2026-01', '2026-02']);
    expect(option.series.map((s) => s.name)).toEqual(['受理量', '响应率', '解决率', '满意率']);
    expect(option.series[0]!.data).toEqual([12, 8]);
    expect(option.series[1]!.data).toEqual([100, 75]);
    expect(option.series[3]!.data).toEqual([75, 100]);
    expect(wrapper.find('[data-testid=month-2026-02]').text()).toBe('2026-02: 8 · 75.0% / 75.0% / 100.0%');

    const spots = wrapper.findAll('[data-testid=rates-hotspots] tbody tr').map((tr) =>
      [...tr.element.querySelectorAll('td')].map((td) => td.textContent?.trim()),
    );
    expect(spots).toEqual([
      ['海连新村', '水电气热', '6', '1'],
      ['第一网格', '噪声扰民', '4', '0'],
    ]);
    expect(wrapper.find('[data-testid=overdue-link-9]').text()).toBe('#9');
    expect(wrapper.find('[data-testid=overdue-all]').text()).toBe('共 1 条');
    expect(wrapper.find('[data-testid=overdue-all]').attributes('href')).toBe(`/concerns?unit=${HAILIAN}&overdue=true`);
  });

  it('escalates the overdue of the unit and reloads', async () => {
    const { wrapper, fetchMock } = await mountRates(`/concerns/rates?unit=${HAILIAN}&from=2026-01&to=2026-02`);
    await wrapper.find('[data-testid=rates-escalate]').trigger('click');
    await flushPromises();
    const [post] = callsTo(fetchMock, 'POST', /^\/concerns\/escalations$/);
    expect(JSON.parse(String(post!.init.body))).toEqual({ unit: HAILIAN });
    await vi.waitFor(() => expect(callsTo(fetchMock, 'GET', /^\/concerns\/rates$/)).toHaveLength(2));
  });

  it('defaults to the user\'s unit and the last twelve months, and hides Escalate from readers', async () => {
    const { wrapper, fetchMock } = await mountRates('/concerns/rates', ['units.read', 'services.read']);
    const [rates] = callsTo(fetchMock, 'GET', /^\/concerns\/rates$/);
    const from = rates!.url.searchParams.get('from')!;
    const to = rates!.url.searchParams.get('to')!;
    expect(rates!.url.searchParams.get('unit')).toBe(HAILIAN);
    expect(from.endsWith('-01')).toBe(true);
    const span = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
    expect(span).toBe(11);
    expect(wrapper.find('[data-testid=rates-escalate]').exists()).toBe(false);
  });
});
