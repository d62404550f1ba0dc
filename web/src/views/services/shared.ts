// Helpers shared by the service pages: the address's query, figures as text
// (yuan, shares, hours), the service vocabularies' labels, and a bounded
// parallel map for pages that ask the server one question per day.
import type { LocationQuery } from 'vue-router';
import { locale, tMaybe } from '../../i18n';

// The first string value of a query parameter ('' when absent).
export function queryText(query: LocationQuery, name: string): string {
  const value = query[name];
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : '';
}

export function queryInt(query: LocationQuery, name: string, fallback: number): number {
  const n = Number.parseInt(queryText(query, name), 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

// The query without its empty values (for router.replace).
export function compactQuery(values: Record<string, string | number | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') continue;
    out[key] = String(value);
  }
  return out;
}

function numberFormat(digits: number): Intl.NumberFormat {
  return new Intl.NumberFormat(locale.value === 'zh' ? 'zh-CN' : 'en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

// "李护理（护理员）" in Chinese, "Li (Caregiver)" in English.
export function paren(text: string, inside: string | number): string {
  return locale.value === 'zh' ? `${text}（${inside}）` : `${text} (${inside})`;
}

// "¥12,345.60"; '—' for a figure that could not be computed (null).
export function yuan(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const sign = value < 0 ? '−' : '';
  return `${sign}¥${numberFormat(2).format(Math.abs(value))}`;
}

// "17.4%" from a fraction 0–1; '—' for null.
export function share(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '—';
  return `${numberFormat(digits).format(value * 100)}%`;
}

// A number with `digits` decimals; '—' for null.
export function fixed(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '—';
  return numberFormat(digits).format(value);
}

// Hours with up to two decimals (time-bank amounts are whole minutes).
export function hoursText(hours: number): string {
  return new Intl.NumberFormat(locale.value === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 2 }).format(hours);
}

// The label of a service term (services.terms.KIND.ID), else `fallback`, else the id.
export function termText(kind: string, id: string | null | undefined, fallback?: string | null): string {
  if (id === null || id === undefined || id === '') return '';
  return tMaybe(`services.terms.${kind}.${id}`) ?? fallback ?? id;
}

// Every day from `from` to `to` (both YYYY-MM-DD, included), at most `limit`.
export function daysBetween(from: string, to: string, limit: number): string[] {
  const days: string[] = [];
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return days;
  for (let at = start; at <= end && days.length < limit; at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

// The first day of the month of `day` (YYYY-MM-DD).
export function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`;
}

// `fn` over `items`, at most `width` calls in flight, results in order.
export async function mapLimited<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}
