import * as path from 'node:path';
import { withSuppression } from '../../core/rules/selection';
import { writeAtomically } from '../../workspace/fsutil';
import { readSourceFile, withBom } from '../../workspace/sourceFile';
import type { CliFinding, FileResult } from '../fileJob';
import type { CliIo } from '../io';
import { plural } from '../output/text';

/**
 * `check --add-noqa`: ruff's way to adopt a linter on existing code. Every current finding gets
 * `# noqa: CODE` on its line (merged into a suppression already there, by the same function as
 * the editor's quick fix), each file written atomically. Lines where a comment would change what
 * the code means are left alone and named: a shebang, a line continued with `\`, the first line
 * of a string that goes on (a docstring's).
 */

interface Refusal {
  line: number;
  reason: string;
}

/** Why a comment cannot go at the end of this line, if it cannot. */
function refusal(text: string, index: number): string | undefined {
  if (index === 0 && text.startsWith('#!')) return 'line 1 is a shebang';
  if (text.trimEnd().endsWith('\\')) return 'the line is continued with a backslash';
  // An odd number of triple quotes: a string (a docstring's first line) goes on past the line, and the comment would be its text.
  if ((text.match(/"""/g) ?? []).length % 2 || (text.match(/'''/g) ?? []).length % 2) return 'a string goes on past this line';
  return undefined;
}

/** The file's text with each finding's line silenced; lines it could not silence, with why. */
function silenced(text: string, findings: CliFinding[]): { text: string; added: number; refused: Refusal[] } {
  // Lines and their endings, alternating, so every line ending stays as it was.
  const parts = text.split(/(\r\n|\r|\n)/);
  const byLine = new Map<number, CliFinding[]>();
  for (const f of findings) byLine.set(f.span.startLine, [...(byLine.get(f.span.startLine) ?? []), f]);
  let added = 0;
  const refused: Refusal[] = [];
  for (const [line, onLine] of byLine) {
    const original = parts[2 * line];
    if (original === undefined) continue;
    const why = refusal(original, line);
    if (why) {
      refused.push({ line: line + 1, reason: why });
      continue;
    }
    parts[2 * line] = withSuppression(original, [...new Set(onLine.map((f) => f.code))]);
    if (parts[2 * line] !== original) added += onLine.length;
  }
  return { text: parts.join(''), added, refused };
}

/** `maxFileSizeKb`: the run's limit, which every analysed file is within. */
export function addNoqa(results: FileResult[], cwd: string, maxFileSizeKb: number, io: CliIo): number {
  let added = 0;
  let files = 0;
  let status = 0;
  for (const result of results) {
    const findings = result.findings ?? [];
    if (!findings.length) continue;
    if (findings.some((f) => f.cell !== undefined)) {
      io.stderr.write(`${result.file}: left alone: --add-noqa does not write into notebooks (${plural(findings.length, 'finding')})\n`);
      continue;
    }
    const file = path.resolve(cwd, result.file);
    const source = readSourceFile(file, maxFileSizeKb);
    if ('skip' in source) {
      io.stderr.write(`${result.file}: left alone: ${source.skip}\n`);
      status = 2;
      continue;
    }
    const edit = silenced(source.text, findings);
    for (const r of edit.refused) io.stderr.write(`${result.file}:${r.line}: left alone: ${r.reason}\n`);
    if (!edit.added) continue;
    writeAtomically(file, withBom(source, edit.text));
    added += edit.added;
    files++;
  }
  io.stderr.write(`Added ${plural(added, 'noqa directive')} to ${plural(files, 'file')}.\n`);
  return status;
}
