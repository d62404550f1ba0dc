// How the pages word an error: the server's own message when it sent one
// (it names the field and the rule), else a sentence from the dictionary.
import { ApiError } from '../api';
import { t } from '../i18n';

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

// A stale write: the If-Match ETag was not the object's current one.
export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'aborted';
}
