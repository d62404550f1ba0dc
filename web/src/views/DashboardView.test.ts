import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DashboardView from './DashboardView.vue';
import EChart from '../components/EChart.vue';
import { setLocale } from '../i18n';
import { jsonResponse, mockFetch, mountWith, testRouter } from '../testing/helpers';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

// As the server sends it: objects sorted by key.
const summary = {
  code: '320706006010', name: '海连社区居委会', level: 'community', parent: '320706006',
  path: ['江苏省', '连云港市', '海州区', '新海街道', '海连社区居委会'],
  path_codes: ['32', '3207', '320706', '320706006', '320706006010'],
  children: 5, residents: 7266, households: 2774, compounds: 5,
  by_age_band: { '0-2': 193, '15-59': 4576, '3-5': 224, '6-14': 687, '60-79': 1351, '80+': 235 },
  by_sex: { female: 3576, male: 3690 },
  by_tag: { disability: 174, living_alone: 191 },
  by_employment: { retired: 1829 },
  facilities: { nursery: 1, senior_canteen: 1 },
  facility_capacity: 120, synthetic_residents: 7266, as_of: '2026-12-01',
};

describe('DashboardView', () => {
  it('shows the counts of the unit, age bands in age order', async () => {
    mockFetch(
      () => jsonResponse(200, summary),
      () => jsonResponse(200, { items: [] }),
    );
    const router = testRouter();
    await router.push('/units/320706006010');
    // happy-dom has no canvas: the charts are stubbed, their figures are text.
    const { wrapper } = await mountWith(DashboardView, { router, global: { stubs: { EChart: true } } });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=dashboard-title]').text()).toBe('海连社区居委会'));
    expect(wrapper.find('[data-testid=pyramid]').exists()).toBe(false);
    const bands = wrapper.findAll('[data-testid^=age-count-]').map((li) => li.attributes('data-testid'));
    expect(bands).toEqual(['0-2', '3-5', '6-14', '15-59', '60-79', '80+'].map((b) => `age-count-${b}`));
    expect(wrapper.find('[data-testid=tag-count-living_alone] b').text()).toBe('191');
    expect(wrapper.find('[data-testid=tag-count-living_alone]').text()).toContain('独居老人');
    expect(wrapper.find('[data-testid=stat-facilities]').text()).toContain('2');
    expect(wrapper.text()).toContain('7266 名居民为模拟数据');
  });

  it('draws a pyramid from by_age_band_sex: bands in age order, males negative', async () => {
    // Sorted by key as the server sends it, "15-59" before "3-5".
    const byAgeBandSex = {
      '0-2': { female: 90, male: 103 }, '15-59': { female: 2250, male: 2326 },
      '3-5': { female: 110, male: 114 }, '6-14': { female: 330, male: 357 },
      '60-79': { female: 680, male: 671 }, '80+': { female: 116 },
    };
    mockFetch(
      () => jsonResponse(200, { ...summary, by_age_band_sex: byAgeBandSex }),
      () => jsonResponse(200, { items: [] }),
    );
    const router = testRouter();
    await router.push('/units/320706006010');
    const { wrapper } = await mountWith(DashboardView, { router, global: { stubs: { EChart: true } } });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=pyramid]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=age-bands]').exists()).toBe(false);
    const order = ['0-2', '3-5', '6-14', '15-59', '60-79', '80+'];
    const rows = wrapper.findAll('[data-testid^=pyramid-count-]');
    expect(rows.map((li) => li.attributes('data-testid'))).toEqual(order.map((b) => `pyramid-count-${b}`));
    expect(rows[3]!.text()).toBe('15–59 岁: 男 2326, 女 2250');
    expect(rows[5]!.findAll('b').map((b) => b.text())).toEqual(['0', '116']);

    const chart = wrapper.findAllComponents(EChart).find((c) => c.props('label') === '各年龄段男女人数：左为男性，右为女性，自下而上年龄由小到大');
    expect(chart).toBeDefined();
    const option = chart!.props('option') as {
      yAxis: { data: string[] };
      xAxis: { axisLabel: { formatter: (v: number) => string } };
      series: { name: string; data: number[]; label: { formatter: (p: { value: number }) => string } }[];
    };
    expect(option.yAxis.data).toEqual(['0–2 岁', '3–5 岁', '6–14 岁', '15–59 岁', '60–79 岁', '80 岁及以上']);
    expect(option.series.map((s) => s.name)).toEqual(['男', '女']);
    expect(option.series[0]!.data).toEqual([-103, -114, -357, -2326, -671, 0]);
    expect(option.series[1]!.data).toEqual([90, 110, 330, 2250, 680, 116]);
    expect(option.series[0]!.label.formatter({ value: -2326 })).toBe('2326');
    expect(option.xAxis.axisLabel.formatter(-1000)).toBe('1000');
  });
});
