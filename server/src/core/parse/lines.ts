import { Edit, type Point } from 'web-tree-sitter';

/**
 * Line breaks as Python and LSP count them: '\r\n', a lone '\r' and '\n' each end one line.
 * tree-sitter breaks rows only on '\n', and its Python scanner reads a lone '\r' as blank space,
 * so a file with old Mac line endings would be one long line to it. The parser therefore reads
 * `parserText(text)`, where each lone '\r' is a '\n': a one-for-one replacement, so every offset
 * is unchanged and the tree's rows are the file's lines. Everything that writes text (edits)
 * still works on the real text, with the file's own line ending. Pure.
 */

/** A fresh matcher each time: a shared global RegExp carries its lastIndex into matchAll. */
const breaks = () => /\r\n|\r|\n/g;

export function parserText(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function endsWithLineBreak(text: string): boolean {
  return text.endsWith('\n') || text.endsWith('\r');
}

/** The offset where the line holding `index` starts. */
export function lineStartOf(text: string, index: number): number {
  return Math.max(text.lastIndexOf('\n', index - 1), text.lastIndexOf('\r', index - 1)) + 1;
}

/** The offset just past the first line break at or after `from`; -1 when none follows. */
export function nextLineStart(text: string, from: number): number {
  const matcher = breaks();
  matcher.lastIndex = from;
  const found = matcher.exec(text);
  return found ? found.index + found[0].length : -1;
}

/** The line ending most lines of the file use ('\n' when none or tied). */
export function dominantLineEnding(text: string): '\n' | '\r\n' | '\r' {
  let crlf = 0;
  let cr = 0;
  let lf = 0;
  for (const [found] of text.matchAll(breaks())) {
    if (found === '\r\n') crlf++;
    else if (found === '\r') cr++;
    else lf++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  return cr > lf && cr > crlf ? '\r' : '\n';
}

/** Offsets where lines start, for `pointIn`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (const found of text.matchAll(breaks())) starts.push(found.index + found[0].length);
  return starts;
}

/** The tree-sitter point (row, UTF-16 column) of an offset, given the text's `lineStarts`. */
export function pointIn(starts: number[], offset: number): Point {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { row: low, column: offset - starts[low]! };
}

/**
 * The tree edit for replacing [start, end) of `text` with `inserted`, in the parser's view of
 * the text. Whether a '\r' is a line break depends on the character after it, so an edit just
 * after a '\r' can turn a lone '\r' into half of a '\r\n' (or back): the edit is widened to take
 * in that '\r', and a '\n' right after the range, so no character outside it changes meaning.
 * `pointAt` gives the point of an offset of `text` that is not inside a '\r\n'.
 */
export function treeEdit(text: string, start: number, end: number, inserted: string, pointAt: (offset: number) => Point): Edit {
  const from = start > 0 && text[start - 1] === '\r' ? start - 1 : start;
  const to = text[end] === '\n' ? end + 1 : end;
  const replacement = parserText(text.slice(from, start) + inserted + text.slice(end, to));
  const startPosition = pointAt(from);
  return new Edit({
    startIndex: from, oldEndIndex: to, newEndIndex: from + replacement.length,
    startPosition, oldEndPosition: pointAt(to), newEndPosition: advance(startPosition, replacement),
  });
}

/** The point after `inserted` (already in the parser's view: breaks are '\n') placed at `start`. */
function advance(start: Point, inserted: string): Point {
  const last = inserted.lastIndexOf('\n');
  if (last < 0) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - last - 1 };
}
