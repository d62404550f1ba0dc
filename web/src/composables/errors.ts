// How the pages word an error: the server's own message when it sent one
// (it names the field and the rule), else a sentence from the dictionary.
import { ApiError } from '../api';
import { t } from '../i18n';
import { parseFieldError } from '../api/fieldError';

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network');
    if (error.status === 404) return t('errors.notFound');
    if (error.status === 403 && !error.message) return t('errors.forbidden');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

// A stale write: the If-Match ETag was not the object's current one (Alley
// answers 409 aborted; 412 is HTTP's own word for it, taken the same way).
export function isConflict(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return (error.status === 409 && error.code === 'aborted') || error.status === 412;
}

// The form field an error answer is about: a client error (400, 403, or a 409
// other than a stale write) whose message names one of `fields` ("field
// room: too long", see api/fieldError.ts) gives {field, message without the
// prefix}; anything else is null, and the form shows it above its fields.
// `aliases` maps a server field to the form field that carries it.
export function formFieldError<F extends string>(
  error: unknown,
  fields: readonly F[],
  aliases: Partial<Record<string, F>> = {},
): { field: F; message: string } | null {
  if (!(error instanceof ApiError) || isConflict(error)) return null;
  if (![400, 403, 409].includes(error.status)) return null;
  const named = parseFieldError(error.message);
  if (!named) return null;
  const field = aliases[named.field] ?? named.field;
  return (fields as readonly string[]).includes(field) ? { field: field as F, message: named.message } : null;
}
