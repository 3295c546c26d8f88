import type { FileResult } from '../fileJob';
import type { TextSink } from '../io';
import { plural, cellPrefix } from './text';

/** `check --report-suppressed`: each finding a comment silences, with the comment, after the report. */
export function suppressedText(sink: TextSink, results: FileResult[]): void {
  const lines = results.flatMap((r) => (r.suppressed ?? []).map((f) =>
    `${r.file}:${cellPrefix(f.cell)}${f.span.startLine + 1}:${f.span.startCol + 1}: ${f.code} ${f.message} (suppressed by ${f.comment})`));
  sink.write(`${plural(lines.length, 'suppressed finding')}${lines.length ? ':' : '.'}\n${lines.map((l) => `${l}\n`).join('')}`);
}
