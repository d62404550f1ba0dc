// Who is logged in (GET /auth/me) and the vocabularies, loaded once per
// session. The session itself is the server's HttpOnly cookie: the page never
// sees the token.
import { shallowRef } from 'vue';
import * as api from './api';
import { normalizeVocabulary, vocabulary } from './vocabulary';

export const me = shallowRef<api.Me | null>(null);

// The permission that shows the Unmask button (docs/security.md).
export const PERMISSION_UNMASK = 'pii.unmask';
// The permission that shows the buttons creating, editing and dissolving
// households (the server checks it again on every write).
export const PERMISSION_LEDGER_WRITE = 'ledger.write';
// Residents' concerns: read them, take them in and move them on; the rates
// and hot spots are aggregates (units.read).
export const PERMISSION_SERVICES_READ = 'services.read';
export const PERMISSION_SERVICES_WRITE = 'services.write';
export const PERMISSION_UNITS_READ = 'units.read';
// The permission that shows the planning pages (coverage, equity, the map).
export const PERMISSION_PLAN_READ = 'plan.read';
// The indicator explorer and the regional economy page.
export const PERMISSION_INDICATORS_READ = 'indicators.read';
export const PERMISSION_ECONOMY_READ = 'economy.read';
// Entering indicator values and defining indicators; the report viewer.
export const PERMISSION_INDICATORS_WRITE = 'indicators.write';
export const PERMISSION_REPORTS_READ = 'reports.read';

export function can(permission: string): boolean {
  return me.value?.permissions.includes(permission) ?? false;
}

// Loads the user and the vocabulary. Throws the ApiError of /auth/me (401
// when there is no session).
export async function loadSession(): Promise<api.Me> {
  const user = await api.me();
  me.value = user;
  try {
    vocabulary.value = normalizeVocabulary(await api.vocabulary());
  } catch {
    // Forms fall back to the dictionary's ids; the pages still work.
    vocabulary.value = null;
  }
  return user;
}

export function clearSession(): void {
  me.value = null;
}

export async function logout(): Promise<void> {
  try {
    await api.logout();
  } finally {
    clearSession();
  }
}
