// The names of units the pages show by code (a concern's place, a hot spot).
// Names already known (from a list of children, the monthly rates' rows, the
// user's own unit) are remembered; an unknown code is looked up once with
// GET /units/{code}. Until then, or when the lookup fails, the code stands
// for itself.
import { reactive } from 'vue';
import * as api from '../api';

const names = reactive(new Map<string, string>());
const asked = new Set<string>();

export function rememberUnitName(code: string, name: string): void {
  if (code && name) names.set(code, name);
}

// The unit's name, or its code while the name is not known (asks for it).
export function unitName(code: string | null | undefined): string {
  if (!code) return '';
  const known = names.get(code);
  if (known !== undefined) return known;
  if (!asked.has(code)) {
    asked.add(code);
    api.unit(code).then(
      (summary) => rememberUnitName(code, summary.name),
      () => {
        // Out of scope or gone: the code is shown.
      },
    );
  }
  return code;
}

// For the tests: forget every name.
export function resetUnitNames(): void {
  names.clear();
  asked.clear();
}
