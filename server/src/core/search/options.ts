import type { Options, SearchOptions } from 'minisearch';

/**
 * How the documentation index reads words, in one place, because the same index is searched in
 * three hosts (the server, the CLI, and the exported HTML site's page script): they must split,
 * fold and weigh words alike or the page would rank differently from the editor. Pure.
 */

/** What a definition is searched by: its name words, where it lives, and what its docstring says. */
export interface SearchDocument {
  id: number;
  name: string;
  qualname: string;
  summary: string;
  description: string;
  params: string;
  outcomes: string;
}

export const SEARCH_FIELDS: readonly (keyof SearchDocument)[] = ['name', 'qualname', 'summary', 'description', 'params', 'outcomes'];

/**
 * A name says most, then the summary (the docstring's one sentence of what it does), then where
 * it lives; the long texts count least, so a word in one long description does not outrank it.
 */
export const FIELD_BOOST: Record<string, number> = { name: 6, summary: 3, qualname: 1.5, params: 1.2, outcomes: 1, description: 1 };

/**
 * Words that say nothing about what a function does. Dropped from documents and queries alike,
 * so that "the file" does not match every "the".
 */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'has', 'if', 'in', 'into', 'is', 'it', 'its', 'of', 'on',
  'or', 'that', 'the', 'this', 'to', 'was', 'which', 'will', 'with', 'when', 'given', 'none', 'true', 'false', 'return', 'returns',
]);

/** Splits on anything but letters and digits, and inside names: `JSONDecoder` → JSON, Decoder; `read_file` → read, file. */
export function tokenize(text: string): string[] {
  const words = text.split(/[^\p{L}\p{N}]+/u);
  const out: string[] = [];
  for (const word of words) {
    if (!word) continue;
    const parts = word.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2').split(' ');
    out.push(...parts);
    if (parts.length > 1) out.push(word); // the name as a whole matches too
  }
  return out;
}

/**
 * Lower case, stop words dropped, and the commonest English endings taken off, so that "files",
 * "filed" and "filing" meet "file". Crude on purpose: prefix and fuzzy matching do the rest.
 */
export function processTerm(term: string): string | null {
  const word = term.toLowerCase();
  if (word.length < 2 || STOP_WORDS.has(word)) return null;
  return stem(word);
}

export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is)$/.test(word)) return word;
  if (/(?:ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.slice(0, -2));
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** `stopped` → `stopp` → `stop`; `added` stays `add`. */
function undouble(word: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(word) && !/(?:ll|ss|ff|zz|dd)$/.test(word) ? word.slice(0, -1) : word;
}

/** A private name (`_helper`, not `__init__`) ranks lower: the public API is usually what is sought. */
export function documentBoost(name: string): number {
  return name.startsWith('_') && !(name.startsWith('__') && name.endsWith('__')) ? 0.5 : 1;
}

export const SEARCH_OPTIONS: SearchOptions = {
  boost: FIELD_BOOST,
  prefix: (term) => term.length >= 3,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  combineWith: 'OR',
  weights: { fuzzy: 0.45, prefix: 0.6 },
};

export function indexOptions(boostOf: (id: number) => number): Options<SearchDocument> {
  return {
    fields: [...SEARCH_FIELDS],
    storeFields: [],
    tokenize,
    processTerm,
    searchOptions: { ...SEARCH_OPTIONS, boostDocument: (id: number) => boostOf(id) },
  };
}
