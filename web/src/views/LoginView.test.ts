import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import LoginView from './LoginView.vue';
import { setLocale } from '../i18n';
import { callOf, jsonResponse, mockFetch, mountWith } from '../testing/helpers';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof mountWith>>['wrapper']) {
  await wrapper.find('input[data-testid=login-username]').setValue('hailian');
  await wrapper.find('input[data-testid=login-password]').setValue('wrong password');
  await wrapper.find('form').trigger('submit');
  await flushPromises();
}

describe('LoginView', () => {
  it("shows the server's message on a 401", async () => {
    const fetchMock = mockFetch(() =>
      jsonResponse(401, { code: 'unauthenticated', message: 'wrong user name or password' }),
    );
    const { wrapper } = await mountWith(LoginView);
    expect(wrapper.find('[data-testid=login-error]').exists()).toBe(false);
    await fillAndSubmit(wrapper);
    const { url, init, headers } = callOf(fetchMock, 0);
    expect(url).toBe('/api/v1/auth/login');
    expect(JSON.parse(String(init.body))).toEqual({ username: 'hailian', password: 'wrong password' });
    expect(headers.get('X-Alley-Request')).toBe('1');
    expect(wrapper.find('[data-testid=login-error]').text()).toContain('wrong user name or password');
  });

  it("shows the server's message and the wait on a 429", async () => {
    mockFetch(() =>
      jsonResponse(429, { code: 'resource_exhausted', message: 'account locked for 15 minutes' }, { 'Retry-After': '900' }),
    );
    const { wrapper } = await mountWith(LoginView);
    await fillAndSubmit(wrapper);
    const text = wrapper.find('[data-testid=login-error]').text();
    expect(text).toContain('account locked for 15 minutes');
    expect(text).toContain('900');
  });

  it('asks for both fields before calling the server', async () => {
    const fetchMock = mockFetch(() => jsonResponse(500, {}));
    const { wrapper } = await mountWith(LoginView);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fetchMock).not.toHaveBeenCalled();
    // Element Plus shows a form item's error after a 100 ms debounce.
    await vi.waitFor(() => expect(wrapper.find('.el-form-item__error').text()).toBe('请输入用户名'));
  });
});
