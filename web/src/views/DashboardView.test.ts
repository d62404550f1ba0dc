import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DashboardView from './DashboardView.vue';
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
    const bands = wrapper.findAll('[data-testid^=age-count-]').map((li) => li.attributes('data-testid'));
    expect(bands).toEqual(['0-2', '3-5', '6-14', '15-59', '60-79', '80+'].map((b) => `age-count-${b}`));
    expect(wrapper.find('[data-testid=tag-count-living_alone] b').text()).toBe('191');
    expect(wrapper.find('[data-testid=tag-count-living_alone]').text()).toContain('独居老人');
    expect(wrapper.find('[data-testid=stat-facilities]').text()).toContain('2');
    expect(wrapper.text()).toContain('7266 名居民为模拟数据');
  });
});
