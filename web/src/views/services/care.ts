// The home-service vocabularies (docs/services.md, "Home services") and the
// weekly availability as people write it ("mon-fri 08:00-12:00; sat 09:00-11:00").
import type { OrderState, WeeklyWindow } from '../../api/services';
import { termText } from './shared';

export const SERVICE_KINDS = ['meal_delivery', 'cleaning', 'bathing', 'hospital_escort', 'health_check', 'companionship'] as const;
export const ORDER_STATES: OrderState[] = ['requested', 'assigned', 'in_service', 'done', 'rated', 'cancelled'];
export const OCCUPATIONS = ['elder_care_worker', 'health_caregiver', 'medical_caregiver'] as const;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export function stateTagType(state: string): 'info' | 'warning' | 'primary' | 'success' | 'danger' {
  switch (state) {
    case 'requested':
      return 'warning';
    case 'assigned':
    case 'in_service':
      return 'primary';
    case 'done':
    case 'rated':
      return 'success';
    case 'cancelled':
      return 'info';
    default:
      return 'info';
  }
}

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;

// "mon-fri 08:00-12:00; sat 09:00-11:00" → windows, or null when a part is not
// DAYS HH:MM-HH:MM (DAYS: a day, a range "mon-fri" or a list "mon,wed").
export function parseAvailability(text: string): WeeklyWindow[] | null {
  const out: WeeklyWindow[] = [];
  const parts = text.split(/[;；]/).map((p) => p.trim()).filter((p) => p);
  if (!parts.length) return null;
  for (const part of parts) {
    const match = /^(\S+)\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(part);
    if (!match) return null;
    const [, dayText, start, end] = match as unknown as [string, string, string, string];
    if (!CLOCK.test(start) || !CLOCK.test(end) || start >= end) return null;
    const days: string[] = [];
    for (const piece of dayText.toLowerCase().split(',')) {
      const [a, b] = piece.split('-');
      const from = DAYS.indexOf(a as (typeof DAYS)[number]);
      const to = b === undefined ? from : DAYS.indexOf(b as (typeof DAYS)[number]);
      if (from < 0 || to < from) return null;
      days.push(...DAYS.slice(from, to + 1));
    }
    for (const day of days) out.push({ day, start, end });
  }
  return out;
}

// "周一 08:00–12:00，周三 08:00–12:00"
export function availabilityText(windows: WeeklyWindow[]): string {
  return windows.map((w) => `${termText('day', w.day)} ${w.start}–${w.end}`).join('，');
}

export function skillsText(skills: string[]): string {
  return skills.map((s) => termText('serviceKind', s)).join('、');
}
