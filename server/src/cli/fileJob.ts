import { readFileSync, statSync } from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../analysis/analyzer';
import { findings, severityFor, type Finding } from '../analysis/findings';
import type { Detail } from '../analysis/skeleton';
import type { Definition, ModuleAnalysis } from '../analysis/model';
import { decodePython } from '../analysis/source';
import { contentHash, type FileStamp } from './resultCache';
import type { Settings } from '../settings';

/** One file of a CLI run: read, decode, parse, analyse. Used in-process and by workers. */

export type Mode = 'check' | 'metrics';

/** check reads only what its codes need: DW4xx (docstring vs signature) need the `check` detail. */
export function detailFor(mode: Mode | 'document', settings: Settings): Detail {
  if (mode !== 'check') return 'full';
  return ['DW401', 'DW402', 'DW403', 'DW404', 'DW405', 'DW406', 'DW407', 'DW408'].some((c) => severityFor(c, settings)) ? 'check' : 'diagnostics';
}

export interface MetricsRecord {
  file: string;
  kind: 'module' | 'class' | 'function' | 'method';
  name: string;
  qualname: string;
  line: number;
  column: number;
  endLine: number;
  cyclomatic: number;
  rank: string;
  cognitive: number;
  nesting: number;
  parameters: number;
  lines: number;
  calls: number;
  statements: number;
  booleanOperators: number;
  isAsync: boolean;
  isGenerator: boolean;
  hasDocstring: boolean;
}

export interface FileResult {
  file: string;
  /** What the file was when analysed, for the result cache. */
  stamp?: FileStamp;
  skipped?: string;
  syntaxErrors?: { line: number; column: number }[];
  findings?: Finding[];
  metrics?: MetricsRecord[];
}

/** `stamp`: record what the file was (size, mtime, content hash) for the result cache. */
export function processFile(
  file: string, displayPath: string, modulePath: string, settings: Settings, mode: Mode,
  parser: Parser, analyzer: PythonAnalyzer, stamp = true,
): FileResult {
  let bytes: Buffer;
  let stat;
  try {
    stat = statSync(file);
    if (stat.size > settings.maxFileSizeKb * 1024) {
      return { file: displayPath, skipped: `file is ${Math.round(stat.size / 1024)} KB, over the maxFileSizeKb limit of ${settings.maxFileSizeKb} KB` };
    }
    bytes = readFileSync(file);
  } catch (error) {
    return { file: displayPath, skipped: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const decoded = decodePython(bytes);
  if (!decoded.ok) return { file: displayPath, skipped: decoded.reason };
  const tree = parser.parse(decoded.text);
  if (!tree) return { file: displayPath, skipped: 'the parser gave up on this file' };
  try {
    const analysis = analyzer.analyze(tree, decoded.text);
    const result: FileResult = { file: displayPath };
    if (stamp) result.stamp = { size: bytes.length, mtimeMs: stat.mtimeMs, hash: contentHash(bytes) };
    if (analysis.syntaxErrors.length) {
      result.syntaxErrors = analysis.syntaxErrors.map((s) => ({ line: s.startLine + 1, column: s.startCol + 1 }));
    }
    if (mode === 'check') result.findings = findings(analysis, { path: modulePath }, decoded.text, settings);
    else result.metrics = metricsRecords(displayPath, analysis);
    return result;
  } finally {
    tree.delete();
  }
}

function metricsRecords(file: string, analysis: ModuleAnalysis): MetricsRecord[] {
  const m = analysis.metrics;
  const moduleName = file.split('/').pop()!.replace(/\.py$/, '');
  const records: MetricsRecord[] = [{
    file, kind: 'module', name: moduleName, qualname: moduleName, line: 1, column: 1, endLine: analysis.lineCount,
    cyclomatic: m.cyclomatic, rank: m.rank, cognitive: m.cognitive, nesting: m.nesting, parameters: 0,
    lines: m.lines, calls: m.calls, statements: m.statements, booleanOperators: m.booleanOperators,
    isAsync: false, isGenerator: false, hasDocstring: analysis.hasDocstringToken,
  }];
  for (const d of analysis.definitions) records.push(definitionRecord(file, d));
  return records;
}

function definitionRecord(file: string, d: Definition): MetricsRecord {
  const m = d.metrics;
  return {
    file,
    kind: d.kind === 'class' ? 'class' : d.parentKind === 'class' ? 'method' : 'function',
    name: d.name, qualname: d.qualname,
    line: d.span.startLine + 1, column: d.span.startCol + 1, endLine: d.span.endLine + 1,
    cyclomatic: m.cyclomatic, rank: m.rank, cognitive: m.cognitive, nesting: m.nesting,
    parameters: d.parameters.length, lines: m.lines, calls: m.calls, statements: m.statements,
    booleanOperators: m.booleanOperators, isAsync: d.isAsync, isGenerator: d.isGenerator,
    hasDocstring: d.hasDocstringToken,
  };
}
