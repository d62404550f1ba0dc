import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import HouseholdsView from './HouseholdsView.vue';
import { setLocale } from '../i18n';
import { me } from '../session';
import type { Me } from '../api';
import { jsonResponse, mockFetch, mountWith, testRouter } from '../testing/helpers';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  document.body.innerHTML = '';
});

const list = {
  items: [{ id: 9, number: '0012', community: '320706006010', unit: '320706006010001', unit_name: '海连新村',
    building: '3', entrance: '1', room: '502', members: 2, head: '王秀英', etag: '"h9v4"' }],
  total: 1, page: 1, page_size: 20,
};

function user(permissions: string[]): Me {
  return { username: 'w', display_name: 'W', role: 'grid_worker', unit: '320706006010', unit_name: '海连社区居委会', permissions };
}

async function mountAs(permissions: string[]) {
  me.value = user(permissions);
  mockFetch(() => jsonResponse(200, list));
  const router = testRouter();
  await router.push('/households');
  const { wrapper } = await mountWith(HouseholdsView, { router });
  await vi.waitFor(() => expect(wrapper.find('[data-testid=household-link-9]').exists()).toBe(true));
  return wrapper;
}

describe('HouseholdsView', () => {
  it('offers "new household" with ledger.write', async () => {
    const wrapper = await mountAs(['ledger.read', 'ledger.write']);
    expect(wrapper.find('[data-testid=household-create]').text()).toBe('新增住户');
  });

  it('hides "new household" without ledger.write', async () => {
    const wrapper = await mountAs(['ledger.read']);
    expect(wrapper.find('[data-testid=household-create]').exists()).toBe(false);
  });
});
