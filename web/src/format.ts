// Small display helpers shared by the pages.
import { t, tMaybe } from './i18n';

export function levelLabel(level: string): string {
  return tMaybe(`units.levels.${level}`) ?? level;
}

export function sexLabel(sex: string | null | undefined): string {
  if (!sex) return '';
  return tMaybe(`residents.sex.${sex}`) ?? sex;
}

export function statusLabel(status: string | null | undefined): string {
  if (!status) return '';
  return tMaybe(`residents.status.${status}`) ?? status;
}

export function changeLabel(change: string | null | undefined): string {
  if (!change) return '';
  return tMaybe(`residents.changes.${change}`) ?? change;
}

// "3-1-502" from building, entrance, room (blank parts left out).
export function address(parts: { building?: string; entrance?: string; room?: string }): string {
  return [parts.building, parts.entrance, parts.room].filter((p) => p).join('-');
}

export function ageText(age: number | null | undefined): string {
  return age === null || age === undefined ? '' : t('residents.ageYears', { n: age });
}

// Today in China Standard Time (UTC+8), as the server reckons "today".
export function todayInChina(now: Date = new Date()): string {
  const shifted = new Date(now.getTime() + 8 * 3600 * 1000);
  return shifted.toISOString().slice(0, 10);
}
