import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bodyLabel,
  categoryLabel,
  concernVocabulary,
  EVENTS_FROM,
  formatInstant,
  monthEnd,
  monthsBefore,
  overdue,
  percent,
  resetConcernVocabulary,
} from './concerns';
import { setLocale } from './i18n';
import { categories, concern } from './testing/concerns';

afterEach(() => {
  setLocale('zh');
  resetConcernVocabulary();
});

describe('concerns', () => {
  it("offers exactly the server's transitions from each state, never escalate", () => {
    // The table of src/services/concern_workflow.cc (kTransitions), read from
    // the source so that the two cannot drift apart (Vitest runs in web/).
    const source = readFileSync(path.resolve(process.cwd(), '../src/services/concern_workflow.cc'), 'utf8');
    const snake = (id: string) => id.replace(/^k/, '').replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase();
    const served: Record<string, string[]> = {};
    for (const [, from, event] of source.matchAll(/Transition\{S::(k\w+), E::(k\w+), When::\w+, S::k\w+\}/g)) {
      const list = (served[snake(from!)] ??= []);
      if (event !== 'kEscalate' && !list.includes(snake(event!))) list.push(snake(event!));
    }
    expect(Object.keys(served).length).toBeGreaterThan(5);
    for (const state of Object.keys(EVENTS_FROM)) {
      expect([...EVENTS_FROM[state as keyof typeof EVENTS_FROM]].sort(), state).toEqual((served[state] ?? []).sort());
    }
    expect(Object.keys(served).every((state) => state in EVENTS_FROM)).toBe(true);
  });

  it('is overdue on a pending deadline that has passed, not on a met one', () => {
    const c = concern({ response_due: '2026-07-01T06:00:00Z', resolution_due: '2026-07-03T16:00:00Z' });
    expect(overdue(c, new Date('2026-07-01T05:59:59Z'))).toEqual({ response: false, resolution: false });
    expect(overdue(c, new Date('2026-07-01T06:00:01Z'))).toEqual({ response: true, resolution: false });
    const responded = { ...c, responded_at: '2026-07-01T03:00:00Z' };
    expect(overdue(responded, new Date('2026-07-02T00:00:00Z'))).toEqual({ response: false, resolution: false });
    expect(overdue(responded, new Date('2026-07-04T00:00:00Z'))).toEqual({ response: false, resolution: true });
    const resolved = { ...responded, resolved_at: '2026-07-05T00:00:00Z' };
    expect(overdue(resolved, new Date('2026-07-06T00:00:00Z'))).toEqual({ response: false, resolution: false });
  });

  it('shows instants in Beijing time and rates as percentages', () => {
    expect(formatInstant('2026-07-03T16:00:00Z')).toBe('2026-07-04 00:00');
    expect(formatInstant(null)).toBe('');
    expect(percent(0.875)).toBe('87.5%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(null)).toBe('—');
  });

  it('counts months', () => {
    expect(monthEnd('2028-02')).toBe('2028-02-29');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
    expect(monthsBefore('2026-03', 3)).toBe('2025-12');
    expect(monthsBefore('2026-12', 11)).toBe('2026-01');
  });

  it("names categories and bodies: the server's in Chinese, the dictionary's in English", () => {
    concernVocabulary.value = { ...categories, categories: [{ ...categories.categories[0]!, name: '水电气热（服务端）' }] };
    expect(categoryLabel('utilities')).toBe('水电气热（服务端）');
    expect(bodyLabel('public_utility')).toBe('水电气热供应企业');
    expect(categoryLabel('noise')).toBe('噪声扰民');
    setLocale('en');
    expect(categoryLabel('utilities')).toBe('Water, power, gas, heating');
    expect(bodyLabel('public_utility')).toBe('Utility companies');
    expect(categoryLabel('ufo')).toBe('ufo');
  });
});
