// Residents' concerns (接诉即办) on the page: which events each state offers,
// when a concern is overdue, how instants and rates are shown, and the names
// of categories, bodies, states, events, urgencies, channels and ratings.
//
// The categories come from GET /concerns/categories, loaded once per session.
// In Chinese the server's names are shown; in English the dictionary's
// (i18n/en.ts concerns.categories / concerns.bodies), falling back to the id.
import { shallowRef } from 'vue';
import * as api from './api';
import { locale, tMaybe } from './i18n';

// The events a user may send from each state: the server's table of
// transitions (src/services/concern_workflow.cc, kTransitions) without
// `escalate`, which is Alley's own when a deadline passes. The server checks
// again and refuses anything else (409 failed_precondition).
export const EVENTS_FROM: Record<api.ConcernState, readonly api.ConcernEventKind[]> = {
  received: ['dispatch'],
  dispatched: ['accept', 'transfer'],
  accepted: ['start', 'transfer'],
  in_progress: ['resolve', 'transfer'],
  resolved: ['rate', 'reopen', 'close'],
  rated: ['reopen', 'close'],
  closed: [],
};

export const STATES = Object.keys(EVENTS_FROM) as api.ConcernState[];
export const RATINGS: readonly api.ConcernRating[] = ['satisfied', 'basically_satisfied', 'not_satisfied'];
// Fallbacks until the categories' answer is in (docs/http.md).
export const URGENCIES = ['normal', 'urgent', 'emergency'];
export const CHANNELS = ['hotline', 'app', 'walk_in', 'patrol', 'open311'];

// Which fields each event takes (concern_workflow.h): required or optional.
export type EventField = 'to' | 'reason' | 'note' | 'rating';
export const EVENT_FIELDS: Record<api.ConcernEventKind, Partial<Record<EventField, 'required' | 'optional'>>> = {
  // `to` is required by the state machine, but the server fills in the
  // category's body when it is left out.
  dispatch: { to: 'optional' },
  accept: {},
  start: {},
  resolve: { note: 'required' },
  rate: { rating: 'required' },
  reopen: { to: 'optional', reason: 'optional' },
  transfer: { to: 'required', reason: 'required' },
  close: { reason: 'required' },
};

export function eventsFrom(state: string): readonly api.ConcernEventKind[] {
  return EVENTS_FROM[state as api.ConcernState] ?? [];
}

// Which deadlines an open concern has missed at `now` (the server's rule for
// ?overdue=true): the response deadline while not responded, the resolution
// deadline while not resolved.
export function overdue(
  c: Pick<api.Concern, 'responded_at' | 'resolved_at' | 'response_due' | 'resolution_due'>,
  now: Date = new Date(),
): { response: boolean; resolution: boolean } {
  const at = now.getTime();
  const open = c.resolved_at === null;
  return {
    response: open && c.responded_at === null && Date.parse(c.response_due) < at,
    resolution: open && Date.parse(c.resolution_due) < at,
  };
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

// "2026-07-01T06:00:00Z" → "2026-07-01 14:00", China Standard Time (the
// deadlines are reckoned there); '' for null or an unreadable value.
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

// 0.875 → "87.5%"; null (no denominator) → "—".
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

// "2026-07" → "2026-07-01"; the last day: "2026-07-31".
export function monthStart(month: string): string {
  return `${month}-01`;
}

export function monthEnd(month: string): string {
  const [year, m] = month.split('-').map((part) => Number.parseInt(part, 10));
  const last = new Date(Date.UTC(year ?? 1970, m ?? 1, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

// The month `back` months before `month` ("2026-03", 3 → "2025-12").
export function monthsBefore(month: string, back: number): string {
  const [year, m] = month.split('-').map((part) => Number.parseInt(part, 10));
  const ordinal = (year ?? 1970) * 12 + ((m ?? 1) - 1) - back;
  return `${Math.floor(ordinal / 12)}-${String((ordinal % 12) + 1).padStart(2, '0')}`;
}

// The categories, channels and urgencies (GET /concerns/categories).
export const concernVocabulary = shallowRef<api.ConcernCategories | null>(null);
let loading: Promise<api.ConcernCategories> | null = null;

// Loads them once; a failure is thrown and the next call tries again.
export function loadConcernVocabulary(): Promise<api.ConcernCategories> {
  if (concernVocabulary.value) return Promise.resolve(concernVocabulary.value);
  loading ??= api.concernCategories().then(
    (answer) => {
      concernVocabulary.value = answer;
      return answer;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

// For the tests: forget what was loaded.
export function resetConcernVocabulary(): void {
  concernVocabulary.value = null;
  loading = null;
}

export function findCategory(id: string | null | undefined): api.ConcernCategory | undefined {
  return concernVocabulary.value?.categories.find((c) => c.id === id);
}

export function categoryLabel(id: string | null | undefined): string {
  if (!id) return '';
  const served = locale.value === 'zh' ? findCategory(id)?.name : undefined;
  return served ?? tMaybe(`concerns.categories.${id}`) ?? id;
}

// A body's name, or a unit's code (a dispatch may go to a unit in scope).
export function bodyLabel(id: string | null | undefined): string {
  if (!id) return '';
  if (locale.value === 'zh') {
    const served = concernVocabulary.value?.categories.find((c) => c.body === id)?.body_name;
    if (served) return served;
  }
  return tMaybe(`concerns.bodies.${id}`) ?? id;
}

// The responsible bodies, each once, in the categories' order.
export function bodyOptions(): { value: string; label: string }[] {
  const ids: string[] = [];
  for (const c of concernVocabulary.value?.categories ?? []) if (!ids.includes(c.body)) ids.push(c.body);
  return ids.map((id) => ({ value: id, label: bodyLabel(id) }));
}

function termOf(section: string, id: string | null | undefined): string {
  if (!id) return '';
  return tMaybe(`concerns.${section}.${id}`) ?? id;
}

export const stateLabel = (id: string | null | undefined) => termOf('states', id);
export const eventLabel = (id: string | null | undefined) => termOf('events', id);
export const urgencyLabel = (id: string | null | undefined) => termOf('urgencies', id);
export const channelLabel = (id: string | null | undefined) => termOf('channels', id);
export const ratingLabel = (id: string | null | undefined) => termOf('ratings', id);

// Element Plus tag types for a state.
export function stateTagType(state: string): 'info' | 'primary' | 'warning' | 'success' | 'danger' {
  switch (state) {
    case 'received':
      return 'warning';
    case 'dispatched':
    case 'accepted':
    case 'in_progress':
      return 'primary';
    case 'resolved':
    case 'closed':
      return 'success';
    case 'rated':
      return 'danger';
    default:
      return 'info';
  }
}
