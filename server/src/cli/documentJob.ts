import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Parser } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../analysis/analyzer';
import { findings } from '../analysis/findings';
import { decodePython } from '../analysis/source';
import { planFile, refusal, slotsToDocument, type Only } from '../docstring/engine';
import { slotOf } from '../docstring/targets';
import type { DocstringStyle } from '../docstring/model';
import { TemplateProvider, type DocstringProvider } from '../docstring/provider';
import type { Settings } from '../settings';
import { writeAtomically } from '../fsutil';

/** One file of `docwright document`: plan, check, and (unless asked not to) write atomically. */

export interface DocumentJobOptions {
  style: DocstringStyle;
  lineLength: number;
  only: Only;
  write: boolean;
  diff: boolean;
}

export interface DocumentedItem {
  qualname: string;
  line: number;
  kind: 'added' | 'updated';
}

export interface RefusedItem {
  qualname: string;
  line: number;
  reason: string;
}

export interface DocumentFileResult {
  file: string;
  skipped?: string;
  items: DocumentedItem[];
  refused: RefusedItem[];
  written: boolean;
  diff?: string;
}

const BOM = [0xef, 0xbb, 0xbf];

export async function documentFile(
  file: string, display: string, modulePath: string, settings: Settings, options: DocumentJobOptions,
  parser: Parser, analyzer: PythonAnalyzer, provider: DocstringProvider = new TemplateProvider(),
): Promise<DocumentFileResult> {
  const result: DocumentFileResult = { file: display, items: [], refused: [], written: false };
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > settings.maxFileSizeKb * 1024) {
      return { ...result, skipped: `file is ${Math.round(size / 1024)} KB, over the maxFileSizeKb limit of ${settings.maxFileSizeKb} KB` };
    }
    bytes = readFileSync(file);
  } catch (error) {
    return { ...result, skipped: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const decoded = decodePython(bytes);
  if (!decoded.ok) return { ...result, skipped: decoded.reason };
  if (decoded.encoding !== 'utf-8') return { ...result, skipped: `the file is ${decoded.encoding}; Docwright writes UTF-8 files only` };
  const source = decoded.text;
  const tree = parser.parse(source);
  if (!tree) return { ...result, skipped: 'the parser gave up on this file' };
  try {
    const analysis = analyzer.analyze(tree, source);
    const requests = slotsToDocument(analysis, findings(analysis, { path: modulePath }, source, settings), options.only);
    const lineOf = (index: number) => (index < 0 ? 1 : analysis.definitions[index]!.nameSpan.startLine + 1);
    // Strings in docstring position that are not docstrings (f-strings, concatenations, bytes): said, never touched.
    const fakes = [-1, ...analysis.definitions.keys()].filter((i) => (i < 0
      ? analysis.hasDocstringToken && !analysis.docstring
      : analysis.definitions[i]!.hasDocstringToken && !analysis.definitions[i]!.docstring));
    for (const index of fakes) {
      const slot = slotOf(analysis, index, modulePath);
      result.refused.push({ qualname: slot.qualname, line: lineOf(index), reason: refusal(slot)! });
    }
    if (requests.length === 0) return result;
    const plan = await planFile(
      { path: modulePath, source, tree, analysis, parse: (text, old) => parser.parse(text, old ?? null)! },
      requests,
      provider,
      { style: options.style, lineLength: options.lineLength },
    );
    result.items = plan.edits.map((e) => ({ qualname: e.qualname, line: lineOf(e.index), kind: e.kind }));
    result.refused.push(...plan.skipped.map((s) => ({ qualname: s.qualname, line: lineOf(s.index), reason: s.reason })));
    if (plan.text === undefined || plan.text === source) return result;
    if (options.diff) result.diff = unifiedDiff(display, source, plan.text);
    if (options.write) {
      const hasBom = BOM.every((b, i) => bytes[i] === b);
      writeAtomically(file, (hasBom ? '\ufeff' : '') + plan.text);
      result.written = true;
    }
    return result;
  } finally {
    tree.delete();
  }
}

export function unifiedDiff(display: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${display}`, `b/${display}`, before, after, undefined, undefined, { context: 3 });
  return patch.replace(/^=+\n/, '');
}
