// A small i18n layer: two dictionaries (zh.ts, en.ts) with the same keys, a
// reactive locale (Chinese by default, the choice kept in localStorage) and
// t(key, params). Templates that call t() re-render when the locale changes.
import { ref } from 'vue';
import { en } from './en';
import { zh, type Messages } from './zh';

export type Locale = 'zh' | 'en';
export const LOCALES: readonly Locale[] = ['zh', 'en'];
const STORAGE_KEY = 'alley.locale';
const dictionaries: Record<Locale, Messages> = { zh, en };

// Every dotted path to a string in Messages: t('login.username') is checked.
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;

function storedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (value === 'zh' || value === 'en') return value;
  } catch {
    // Storage may be disabled (private mode): fall back to the default.
  }
  return 'zh';
}

export const locale = ref<Locale>(storedLocale());

export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Not kept across reloads then; the switch still works.
  }
  if (typeof document !== 'undefined') {
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  }
}

function lookup(dictionary: Messages, key: string): string | undefined {
  let node: unknown = dictionary;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function interpolate(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

// The text of `key` in the current locale, with {name} placeholders filled.
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return interpolate(lookup(dictionaries[locale.value], key) ?? key, params);
}

// For keys built at run time (a level, a sex, a status from the API): the
// text, or undefined when the dictionary has no such key.
export function tMaybe(key: string, params?: Record<string, string | number>): string | undefined {
  const text = lookup(dictionaries[locale.value], key);
  return text === undefined ? undefined : interpolate(text, params);
}

// The dictionary of the current locale (for iterating over a section).
export function messages(): Messages {
  return dictionaries[locale.value];
}
