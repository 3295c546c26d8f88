import { placeholderRanges } from './model';

/**
 * Snippets (LSP / TextMate syntax) made from the text Docwright would write, so the text a
 * snippet inserts with its defaults is exactly the text the edit check verified: each
 * placeholder sentence becomes a tab stop, numbered in order, and the first one (the summary,
 * which comes first) gets the cursor.
 */

/** `$`, `}` and `\` are the characters snippet syntax gives a meaning; escaped everywhere. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** The text as a snippet with a tab stop on every placeholder in it. */
export function snippetOf(text: string): string {
  let snippet = '';
  let cursor = 0;
  placeholderRanges(text).forEach(([start, end], i) => {
    snippet += `${escapeSnippet(text.slice(cursor, start))}\${${i + 1}:${escapeSnippet(text.slice(start, end))}}`;
    cursor = end;
  });
  return snippet + escapeSnippet(text.slice(cursor));
}
