import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { ElSelect } from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ConcernDetailView from './ConcernDetailView.vue';
import { setLocale } from '../i18n';
import { me } from '../session';
import { resetConcernVocabulary } from '../concerns';
import { rememberUnitName, resetUnitNames } from '../composables/unitNames';
import { callsTo, jsonResponse, mountWith, routeFetch, testRouter, type Route } from '../testing/helpers';
import { categories, detail } from '../testing/concerns';
import type { ConcernDetail } from '../api';

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

const WRITE = ['services.read', 'services.write'];

// The dialogs are teleported to <body>.
const $ = (selector: string) => document.body.querySelector(selector) as HTMLElement | null;

async function setInput(selector: string, value: string) {
  const input = $(selector) as HTMLInputElement | HTMLTextAreaElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}

async function submitAction() {
  ($('[data-testid=concern-action-form]') as HTMLFormElement).dispatchEvent(new Event('submit'));
  await flushPromises();
}

// GET answers the concerns in turn (the last one repeats); `more` adds routes.
async function mountConcern(permissions: string[], answers: (() => Response)[], ...more: Route[]) {
  me.value = { username: 'hailian', display_name: '海连', role: 'community_staff', unit: '320706006010',
    unit_name: '海连社区居委会', permissions };
  let i = 0;
  const fetchMock = routeFetch(
    ['GET', /^\/concerns\/categories$/, () => jsonResponse(200, categories)],
    ['GET', /^\/concerns\/\d+$/, () => answers[Math.min(i++, answers.length - 1)]!()],
    ...more,
  );
  const router = testRouter();
  await router.push('/concerns/41');
  const { wrapper } = await mountWith(ConcernDetailView, { router });
  await flushPromises();
  return { wrapper, fetchMock };
}

const answer = (c: ConcernDetail) => () => jsonResponse(200, c, { ETag: c.etag });

describe('ConcernDetailView', () => {
  it('shows the fields masked, the events, and only the actions of the state', async () => {
    const c = detail({
      state: 'dispatched', assignee: 'urban_management', etag: '"c41v3"',
      events: [
        { id: 1, at: '2026-07-01T02:00:00Z', event: 'receive', from: '', to_state: 'received', actor: 'hailian', target: '', reason: '', note: 'hotline', rating: '' },
        { id: 2, at: '2026-07-01T02:10:00Z', event: 'dispatch', from: 'received', to_state: 'dispatched', actor: 'hailian', target: 'public_utility', reason: '', note: '', rating: '' },
        { id: 3, at: '2026-07-01T03:00:00Z', event: 'transfer', from: 'dispatched', to_state: 'dispatched', actor: 'wang', target: 'urban_management', reason: '属管道外破', note: '', rating: '' },
      ],
    });
    const { wrapper } = await mountConcern(['services.read', 'services.write', 'pii.unmask'], [answer(c)]);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=concern-title]').text()).toBe('#41 水电气热'));
    expect(wrapper.find('[data-testid=concern-state]').text()).toBe('已派单');
    expect(wrapper.find('[data-testid=concern-reporter_phone]').text()).toBe('139****5678');
    expect(wrapper.find('[data-testid=concern-reporter_name]').text()).toBe('李**');
    expect(wrapper.find('[data-testid=concern-assignee]').text()).toBe('城市管理部门');
    expect(wrapper.find('[data-testid=concern-fields]').text()).toContain('海连新村 (320706006010001)');
    expect(wrapper.find('[data-testid=concern-resolution-due]').text()).toBe('2026-07-04 00:00');

    const events = wrapper.findAll('[data-testid^=concern-event-]');
    expect(events.map((e) => e.find('[data-testid=event-name]').text())).toEqual(['受理', '派单', '转办']);
    expect(events[0]!.text()).toContain('2026-07-01 10:00');
    expect(events[0]!.text()).toContain('12345 热线');
    expect(events[1]!.find('[data-testid=event-states]').text()).toBe('已受理 → 已派单');
    expect(events[1]!.text()).toContain('派往: 水电气热供应企业');
    expect(events[2]!.text()).toContain('wang');
    expect(events[2]!.text()).toContain('理由: 属管道外破');

    const actions = wrapper.findAll('[data-testid^=concern-action-]').map((b) => b.attributes('data-testid'));
    expect(actions).toEqual(['concern-action-accept', 'concern-action-transfer']);
    expect(wrapper.find('[data-testid=concern-unmask]').exists()).toBe(true);
  });

  it('shows no actions and no Unmask without the permissions', async () => {
    const { wrapper } = await mountConcern(['services.read'], [answer(detail({ state: 'dispatched' }))]);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=concern-title]').exists()).toBe(true));
    expect(wrapper.findAll('[data-testid^=concern-action-]')).toHaveLength(0);
    expect(wrapper.find('[data-testid=concern-unmask]').exists()).toBe(false);
  });

  it("dispatches to the category's body with If-Match and shows the new state", async () => {
    const before = detail({ state: 'received', etag: '"c41v1"' });
    const after = detail({ state: 'dispatched', assignee: 'public_utility', etag: '"c41v2"' });
    const { wrapper, fetchMock } = await mountConcern(WRITE, [answer(before), answer(after)], [
      'POST', /^\/concerns\/41\/events$/, () => jsonResponse(200, after, { ETag: '"c41v2"' }),
    ]);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=concern-action-dispatch]').exists()).toBe(true));
    await wrapper.find('[data-testid=concern-action-dispatch]').trigger('click');
    await flushPromises();
    expect($('[data-testid=action-reason]')).toBeNull();
    await submitAction();
    const [post] = callsTo(fetchMock, 'POST', /^\/concerns\/41\/events$/);
    const headers = new Headers(post!.init.headers);
    expect(headers.get('If-Match')).toBe('"c41v1"');
    expect(headers.get('X-Alley-Request')).toBe('1');
    expect(JSON.parse(String(post!.init.body))).toEqual({ event: 'dispatch', to: 'public_utility' });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=concern-state]').text()).toBe('已派单'));
    expect(wrapper.findAll('[data-testid^=concern-action-]').map((b) => b.attributes('data-testid'))).toEqual([
      'concern-action-accept', 'concern-action-transfer',
    ]);
  });

  it('asks for the reason of a transfer before sending, and shows the state machine\'s word under its field', async () => {
    const c = detail({ state: 'in_progress', etag: '"c41v4"' });
    let reply = jsonResponse(400, { code: 'invalid_argument', message: 'transfer: to is required' });
    const { wrapper, fetchMock } = await mountConcern(WRITE, [answer(c)], ['POST', /^\/concerns\/41\/events$/, () => reply]);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=concern-action-transfer]').exists()).toBe(true));
    await wrapper.find('[data-testid=concern-action-transfer]').trigger('click');
    await flushPromises();
    await submitAction();
    await vi.waitFor(() => expect($('[data-field=reason] .el-form-item__error')?.textContent?.trim()).toBe('请填写理由'));
    expect($('[data-field=to] .el-form-item__error')?.textContent?.trim()).toBe('请填写派往');
    expect(callsTo(fetchMock, 'POST', /events$/)).toHaveLength(0);

    await setInput('input[data-testid=action-reason]', '不属本部门职责');
    const to = wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === 'action-to');
    to!.vm.$emit('update:modelValue', '水务');
    await flushPromises();
    reply = jsonResponse(400, { code: 'invalid_argument', message: 'field to: "水务" is neither a unit code nor a responsible body (street_office, housing)' });
    await submitAction();
    const [post] = callsTo(fetchMock, 'POST', /events$/);
    expect(new Headers(post!.init.headers).get('If-Match')).toBe('"c41v4"');
    expect(JSON.parse(String(post!.init.body))).toEqual({ event: 'transfer', to: '水务', reason: '不属本部门职责' });
    await vi.waitFor(() =>
      expect($('[data-field=to] .el-form-item__error')?.textContent?.trim()).toBe(
        '"水务" is neither a unit code nor a responsible body (street_office, housing)',
      ),
    );
    // The state machine's words ("EVENT: FIELD ...") go under the field too.
    reply = jsonResponse(400, { code: 'invalid_argument', message: 'transfer: reason is blank: leave it empty or give text' });
    await submitAction();
    await vi.waitFor(() => expect($('[data-field=reason] .el-form-item__error')?.textContent?.trim()).toBe('is blank: leave it empty or give text'));
    expect($('[data-testid=action-error]')).toBeNull();
  });

  it('reloads and says so when the concern changed meanwhile (409 aborted)', async () => {
    const stale = detail({ state: 'dispatched', etag: '"c41v2"' });
    const fresh = detail({ state: 'accepted', responded_at: '2026-07-01T03:00:00Z', etag: '"c41v3"' });
    const { wrapper, fetchMock } = await mountConcern(WRITE, [answer(stale), answer(fresh)], [
      'POST', /^\/concerns\/41\/events$/,
      () => jsonResponse(409, { code: 'aborted', message: 'concern 41 was changed by someone else (now at version 3): reload it' }),
    ]);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=concern-action-accept]').exists()).toBe(true));
    // Accept takes no fields: it is sent at once.
    await wrapper.find('[data-testid=concern-action-accept]').trigger('click');
    await flushPromises();
    const [post] = callsTo(fetchMock, 'POST', /events$/);
    expect(new Headers(post!.init.headers).get('If-Match')).toBe('"c41v2"');
    expect(JSON.parse(String(post!.init.body))).toEqual({ event: 'accept' });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=concern-notice]').text()).toBe('该记录已被他人修改，已重新加载最新内容，请核对后再提交。'));
    expect(callsTo(fetchMock, 'GET', /^\/concerns\/41$/)).toHaveLength(2);
    expect(wrapper.find('[data-testid=concern-state]').text()).toBe('已接单');
    expect(wrapper.findAll('[data-testid^=concern-action-]').map((b) => b.attributes('data-testid'))).toEqual([
      'concern-action-start', 'concern-action-transfer',
    ]);
  });

  it('rates a resolved concern with the chosen rating', async () => {
    const c = detail({ state: 'resolved', responded_at: '2026-07-01T03:00:00Z', resolved_at: '2026-07-02T03:00:00Z', etag: '"c41v5"' });
    const { wrapper, fetchMock } = await mountConcern(WRITE, [answer(c)], [
      'POST', /^\/concerns\/41\/events$/, () => jsonResponse(200, { ...c, state: 'closed', rating: 'basically_satisfied' }),
    ]);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=concern-action-rate]').exists()).toBe(true));
    expect(wrapper.findAll('[data-testid^=concern-action-]').map((b) => b.attributes('data-testid'))).toEqual([
      'concern-action-rate', 'concern-action-reopen', 'concern-action-close',
    ]);
    await wrapper.find('[data-testid=concern-action-rate]').trigger('click');
    await flushPromises();
    await submitAction();
    await vi.waitFor(() => expect($('[data-field=rating] .el-form-item__error')?.textContent?.trim()).toBe('请填写居民评价'));
    const radio = $('[data-testid=rating-basically_satisfied] input') as HTMLInputElement;
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    await flushPromises();
    await submitAction();
    const [post] = callsTo(fetchMock, 'POST', /events$/);
    expect(JSON.parse(String(post!.init.body))).toEqual({ event: 'rate', rating: 'basically_satisfied' });
  });

  it("says not found for a concern outside the user's scope (404)", async () => {
    const { wrapper } = await mountConcern(WRITE, [() => jsonResponse(404, { code: 'not_found', message: 'no concern 41' })]);
    await vi.waitFor(() => expect(wrapper.find('[data-testid=not-found]').exists()).toBe(true));
    expect(wrapper.find('[data-testid=concern-title]').exists()).toBe(false);
  });
});
