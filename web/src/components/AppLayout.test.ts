import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AppLayout from './AppLayout.vue';
import { setLocale } from '../i18n';
import { me } from '../session';
import { mountWith, testRouter } from '../testing/helpers';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  document.body.innerHTML = '';
});
enableAutoUnmount(afterEach);

async function mountAt(path: string, permissions: string[]) {
  me.value = { username: 'hailian', display_name: '海连', role: 'community_staff', unit: '320706006010',
    unit_name: '海连社区居委会', permissions };
  const router = testRouter();
  await router.push(path);
  // The page itself is not under test here.
  const { wrapper } = await mountWith(AppLayout, { router, global: { stubs: { RouterView: true } } });
  return wrapper;
}

describe('AppLayout', () => {
  it("has the concerns' entries, the rates one active on the rates page", async () => {
    const wrapper = await mountAt('/concerns/rates', ['units.read', 'services.read']);
    expect(wrapper.find('[data-testid=nav-concerns]').text()).toBe('接诉即办');
    expect(wrapper.find('[data-testid=nav-concern-rates]').text()).toBe('诉求三率');
    expect(wrapper.find('[data-testid=nav-concern-rates]').classes()).toContain('is-active');
    expect(wrapper.find('[data-testid=nav-concerns]').classes()).not.toContain('is-active');
  });

  it('keeps the list entry active on a concern, and shows only what the role may read', async () => {
    const staff = await mountAt('/concerns/17', ['units.read', 'services.read']);
    expect(staff.find('[data-testid=nav-concerns]').classes()).toContain('is-active');
    staff.unmount();
    const analyst = await mountAt('/', ['units.read']);
    expect(analyst.find('[data-testid=nav-concerns]').exists()).toBe(false);
    expect(analyst.find('[data-testid=nav-concern-rates]').exists()).toBe(true);
    expect(analyst.find('[data-testid=nav-dashboard]').classes()).toContain('is-active');
  });

  it('has the reports with reports.read and the scorecards with indicators.read', async () => {
    const officer = await mountAt('/reports', ['units.read', 'indicators.read', 'reports.read']);
    expect(officer.find('[data-testid=nav-reports]').text()).toBe('报表');
    expect(officer.find('[data-testid=nav-reports]').classes()).toContain('is-active');
    expect(officer.find('[data-testid=nav-scorecards]').text()).toBe('绩效考核');
    officer.unmount();
    const planner = await mountAt('/', ['units.read', 'indicators.read']);
    expect(planner.find('[data-testid=nav-reports]').exists()).toBe(false);
    expect(planner.find('[data-testid=nav-scorecards]').exists()).toBe(true);
  });
});
