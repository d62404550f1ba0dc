import { afterEach, describe, expect, it, vi } from 'vitest';
import LoginView from '../views/LoginView.vue';
import { locale, setLocale, t } from './index';
import { en } from './en';
import { zh } from './zh';
import { mountWith } from '../testing/helpers';

afterEach(() => {
  setLocale('zh');
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function keys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n', () => {
  it('is Chinese by default and the switch changes the labels to English and back', async () => {
    setLocale('zh');
    const { wrapper } = await mountWith(LoginView);
    const labels = () => wrapper.findAll('.el-form-item__label').map((l) => l.text());
    expect(labels()).toEqual(['用户名', '密码']);
    await wrapper.find('[data-testid=lang-en] input').setValue(true);
    expect(locale.value).toBe('en');
    expect(labels()).toEqual(['Username', 'Password']);
    expect(wrapper.find('[data-testid=login-submit]').text()).toBe('Log in');
    await wrapper.find('[data-testid=lang-zh] input').setValue(true);
    expect(labels()).toEqual(['用户名', '密码']);
    expect(localStorage.getItem('alley.locale')).toBe('zh');
  });

  it('has every key in both dictionaries, none left empty', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const key of keys(en)) expect(key && String(key)).not.toBe('');
  });

  it('fills placeholders', () => {
    setLocale('en');
    expect(t('common.total', { n: 7266 })).toBe('7266 in all');
    setLocale('zh');
    expect(t('common.total', { n: 7266 })).toBe('共 7266 条');
  });
});
