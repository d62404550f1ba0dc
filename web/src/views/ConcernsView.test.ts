import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { ElPagination } from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ConcernsView from './ConcernsView.vue';
import UnitPicker from '../components/UnitPicker.vue';
import { setLocale } from '../i18n';
import { me } from '../session';
import { resetConcernVocabulary } from '../concerns';
import { rememberUnitName, resetUnitNames } from '../composables/unitNames';
import { callsTo, jsonResponse, mountWith, routeFetch, testRouter } from '../testing/helpers';
import { categories, concern } from '../testing/concerns';

beforeEach(() => {
  setLocale('zh');
  rememberUnitName('320706006010001', '海连新村');
});
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  resetConcernVocabulary();
  resetUnitNames();
  document.body.innerHTML = '';
});
enableAutoUnmount(afterEach);

function user(permissions: string[]) {
  me.value = { username: 'hailian', display_name: '海连', role: 'community_staff', unit: '320706006010',
    unit_name: '海连社区居委会', permissions };
}

// One concern past both deadlines, one whose deadlines are far ahead, one
// resolved late (no longer overdue).
const page = {
  items: [
    concern({ id: 3, response_due: '2020-01-01T00:00:00Z', resolution_due: '2020-01-03T16:00:00Z', escalation: 2 }),
    concern({ id: 2, category: 'noise', state: 'accepted', description: '楼上装修噪声', responded_at: '2026-07-01T03:00:00Z',
      response_due: '2099-01-01T00:00:00Z', resolution_due: '2099-01-03T16:00:00Z' }),
    concern({ id: 1, state: 'resolved', responded_at: '2020-01-01T01:00:00Z', resolved_at: '2020-01-09T00:00:00Z',
      response_due: '2020-01-01T04:00:00Z', resolution_due: '2020-01-03T16:00:00Z' }),
  ],
  total: 3, page: 1, page_size: 20,
};

async function mountAt(path: string, permissions = ['services.read', 'services.write']) {
  user(permissions);
  const fetchMock = routeFetch(
    ['GET', /^\/concerns\/categories$/, () => jsonResponse(200, categories)],
    ['GET', /^\/concerns$/, () => jsonResponse(200, page)],
  );
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(ConcernsView, { router });
  await vi.waitFor(() => expect(wrapper.find('[data-testid=concern-link-3]').exists()).toBe(true));
  return { wrapper, router, fetchMock };
}

describe('ConcernsView', () => {
  it('sends the filters of the address and marks the deadlines that passed while pending', async () => {
    const { wrapper, fetchMock } = await mountAt('/concerns?state=received&category=utilities&overdue=true&unit=320706006010001&q=停水&page=2');
    const [list] = callsTo(fetchMock, 'GET', /^\/concerns$/);
    const query = Object.fromEntries(list!.url.searchParams);
    expect(query).toEqual({ state: 'received', category: 'utilities', overdue: 'true', unit: '320706006010001', q: '停水',
      page: '2', page_size: '20' });

    const rowText = (id: number) => wrapper.find(`[data-testid=concern-link-${id}]`).element.closest('tr')?.textContent ?? '';
    expect(rowText(3)).toContain('水电气热');
    expect(rowText(3)).toContain('海连新村');
    expect(rowText(2)).toContain('噪声扰民');
    expect(wrapper.find('[data-testid=concern-state-2]').text()).toBe('已接单');
    // Deadlines in Beijing time; the passed ones of the open concern in red.
    expect(wrapper.find('[data-testid=concern-resolution-due-3]').text()).toBe('办结 2020-01-04 00:00');
    expect(wrapper.find('[data-testid=concern-resolution-due-3]').classes()).toContain('late');
    expect(wrapper.find('[data-testid=concern-response-due-3]').classes()).toContain('late');
    expect(wrapper.find('[data-testid=concern-overdue-3]').text()).toBe('已超期');
    expect(rowText(3)).toContain('督办 2 级');
    expect(wrapper.find('[data-testid=concern-resolution-due-2]').classes()).not.toContain('late');
    expect(wrapper.find('[data-testid=concern-overdue-2]').exists()).toBe(false);
    // Resolved after its deadline: late, but no longer overdue.
    expect(wrapper.find('[data-testid=concern-resolution-due-1]').classes()).not.toContain('late');
    expect(wrapper.find('[data-testid=concern-overdue-1]').exists()).toBe(false);
    expect(wrapper.findComponent(ElPagination).props('total')).toBe(3);
  });

  it('searches by text from page 1, keeping the other filters in the address', async () => {
    const { wrapper, router, fetchMock } = await mountAt('/concerns?state=received&page=3');
    await wrapper.find('input[data-testid=concern-q]').setValue('3号楼');
    await wrapper.find('[data-testid=concern-filters]').trigger('submit');
    await flushPromises();
    await vi.waitFor(() => expect(router.currentRoute.value.query).toEqual({ state: 'received', q: '3号楼' }));
    const calls = callsTo(fetchMock, 'GET', /^\/concerns$/);
    expect(Object.fromEntries(calls[calls.length - 1]!.url.searchParams)).toEqual({ state: 'received', q: '3号楼', page: '1', page_size: '20' });
    // Picking a unit lists its subtree.
    wrapper.findComponent(UnitPicker).vm.$emit('update:modelValue', '320706006010001');
    await flushPromises();
    await vi.waitFor(() => expect(router.currentRoute.value.query).toEqual({ state: 'received', q: '3号楼', unit: '320706006010001' }));
  });

  it('offers the intake form only to users who may take concerns in', async () => {
    const writer = await mountAt('/concerns');
    expect(writer.wrapper.find('[data-testid=concern-create]').text()).toBe('受理诉求');
    writer.wrapper.unmount();
    const reader = await mountAt('/concerns', ['services.read']);
    expect(reader.wrapper.find('[data-testid=concern-create]').exists()).toBe(false);
  });
});
