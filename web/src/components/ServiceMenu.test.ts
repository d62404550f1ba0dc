import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { ElMenu } from 'element-plus';
import ServiceMenu from './ServiceMenu.vue';
import { setLocale } from '../i18n';
import { me } from '../session';
import type { Me } from '../api';
import { mountWith } from '../testing/helpers';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  document.body.innerHTML = '';
});

// The groups inside an open vertical menu, as the layout has them.
const InMenu = defineComponent({
  render: () => h(ElMenu, { defaultOpeneds: ['elderly', 'home', 'timebank', 'childcare', 'platform'] }, () => h(ServiceMenu)),
});

async function entriesFor(permissions: string[]) {
  me.value = { username: 'u', display_name: '', role: 'x', unit: '320706006010', unit_name: '海连社区居委会', permissions } as Me;
  const { wrapper } = await mountWith(InMenu);
  return {
    groups: wrapper.findAll('[data-testid^=nav-group-]').map((g) => g.attributes('data-testid')),
    entries: wrapper.findAll('li.el-menu-item').map((e) => e.attributes('data-testid')),
    wrapper,
  };
}

describe('ServiceMenu', () => {
  it('shows a group per area to a user who may read services', async () => {
    const { groups, entries, wrapper } = await entriesFor(['units.read', 'services.read']);
    expect(groups).toEqual(['nav-group-elderly', 'nav-group-home', 'nav-group-timebank', 'nav-group-childcare', 'nav-group-platform']);
    expect(entries).toEqual([
      'nav-canteens', 'nav-visits', 'nav-orders', 'nav-caregivers', 'nav-volunteers', 'nav-timebank',
      'nav-nurseries', 'nav-childcare', 'nav-platform', 'nav-platform-workers', 'nav-enrolments',
    ]);
    expect(wrapper.find('[data-testid=nav-group-elderly]').text()).toContain('养老服务');
    expect(wrapper.find('[data-testid=nav-canteens]').text()).toBe('助餐点财务');
  });

  it('shows a planner only the balance of childcare places, and nothing without either permission', async () => {
    const planner = await entriesFor(['units.read', 'facilities.read']);
    expect(planner.groups).toEqual(['nav-group-childcare']);
    expect(planner.entries).toEqual(['nav-childcare']);
    const none = await entriesFor(['audit.read']);
    expect(none.groups).toEqual([]);
  });
});
