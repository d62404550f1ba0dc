// The ledger's vocabularies (GET /api/v1/vocabulary): which ids forms offer,
// and their names. In Chinese the server's names are shown; in English the
// dictionary's (i18n/en.ts), falling back to the id for a term it lacks.
import { shallowRef } from 'vue';
import { locale, messages } from './i18n';
import { zh } from './i18n/zh';

export type TermKind = keyof typeof zh.terms;
export const TERM_KINDS = Object.keys(zh.terms) as TermKind[];

export interface Term {
  id: string;
  // The Chinese name, where the server gives one (age bands and roles have none).
  name?: string;
}
export type Vocabulary = Record<TermKind, Term[]>;

export const vocabulary = shallowRef<Vocabulary | null>(null);

// One kind of the answer: a list of {"id", "name"} objects, or of ids.
function toTerms(raw: unknown): Term[] | null {
  if (!Array.isArray(raw)) return null;
  const terms: Term[] = [];
  for (const entry of raw) {
    if (typeof entry === 'string') {
      terms.push({ id: entry });
    } else if (entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string') {
      const { id, name } = entry as { id: string; name?: unknown };
      terms.push(typeof name === 'string' ? { id, name } : { id });
    }
  }
  return terms;
}

// Reads GET /vocabulary: {"tags": [{"id", "name"}], ..., "age_bands": ["0-2", ...],
// "roles": [{"id", "permissions"}]}. A kind the answer lacks keeps the
// dictionary's ids.
export function normalizeVocabulary(raw: unknown): Vocabulary {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const result = {} as Vocabulary;
  for (const kind of TERM_KINDS) {
    result[kind] = toTerms(source[kind]) ?? Object.keys(zh.terms[kind]).map((id) => ({ id }));
  }
  return result;
}

// The name of a term in the current locale.
export function termLabel(kind: TermKind, id: string | null | undefined): string {
  if (id === null || id === undefined || id === '') return '';
  const dictionary = messages().terms[kind] as Record<string, string>;
  if (locale.value === 'zh') {
    const served = vocabulary.value?.[kind].find((term) => term.id === id);
    return served?.name ?? dictionary[id] ?? id;
  }
  return dictionary[id] ?? id;
}

// What a select offers for a kind: the served ids, else the dictionary's.
export function termOptions(kind: TermKind): { value: string; label: string }[] {
  const ids = vocabulary.value
    ? vocabulary.value[kind].map((term) => term.id)
    : Object.keys(zh.terms[kind]);
  return ids.map((id) => ({ value: id, label: termLabel(kind, id) }));
}
