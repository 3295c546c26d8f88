import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../core/analysis/analyzer';
import { findingsAndSuppressed, type Finding, type ModuleIdentity } from '../core/rules/findings';
import { familyEnabled } from '../core/rules/selection';
import { scopesOf, type FindingScope } from '../core/rules/baseline';
import type { Detail } from '../core/analysis/skeleton';
import type { Definition, ModuleAnalysis } from '../core/analysis/model';
import { decodePython } from '../core/parse/source';
import { readRegularFile } from '../workspace/read';
import { maskIPython } from '../core/parse/ipython';
import { halstead, type HalsteadReport } from '../core/analysis/halstead';
import { rawMetrics, type RawMetrics } from '../core/analysis/raw';
import { maintainability, type MaintainabilityRank } from '../core/analysis/maintainability';
import { readNotebook } from '../core/parse/notebook';
import { contentHash, type Dependency, type FileStamp } from './resultCache';
import { ProjectClasses, type Consulted } from '../workspace/projectClasses';
import type { ForeignClasses } from '../core/analysis/exceptions';
import type { Settings } from '../shared/settings';
import { addCoverage, docstringCoverage, NO_COVERAGE, type CoverageCount } from '../core/report/coverage';

/** One file of a CLI run: read, decode, parse, analyse. Used in-process and by workers. */

export type Mode = 'check' | 'metrics' | 'coverage';

/** check reads only what its codes need: DW4xx (docstring vs signature) need the `check` detail. */
export function detailFor(mode: Mode | 'document', settings: Settings): Detail {
  if (mode === 'coverage') return 'diagnostics';
  if (mode !== 'check') return 'full';
  return familyEnabled('stale', settings) ? 'check' : 'diagnostics';
}

export interface MetricsRecord {
  file: string;
  /** In a notebook: the code cell (1-based among code cells); lines count from its start. */
  cell?: number;
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
  /** Functions and methods, and the module: radon's Halstead metrics. */
  halstead?: HalsteadReport;
  /** The module: radon's raw line counts, when radon could count them (the text tokenizes). */
  raw?: RawMetrics;
  /** The module: radon's maintainability index (0–100) and its rank. */
  maintainability?: number;
  maintainabilityRank?: MaintainabilityRank;
}

/** A finding as a CLI run keeps it: where it lies (baselines and --diff key on that), and in a notebook its code cell. */
export type CliFinding = Finding & { cell?: number; scope: FindingScope; comment?: string };

function withScopes<F extends Finding>(analysis: ModuleAnalysis, found: F[], cell?: number): (F & CliFinding)[] {
  const scopes = scopesOf(analysis, found.map((f) => f.span));
  return found.map((f, i) => ({ ...f, ...(cell !== undefined ? { cell } : {}), scope: scopes[i]! }));
}

/** check: the findings, and those a suppression comment silences (for --report-suppressed), with their scopes. */
function checkFile(result: FileResult, analysis: ModuleAnalysis, module: ModuleIdentity, source: string, settings: Settings, cell?: number, foreign?: ForeignClasses): void {
  const found = findingsAndSuppressed(analysis, module, source, settings, undefined, foreign);
  (result.findings ??= []).push(...withScopes(analysis, found.findings, cell));
  if (found.suppressed.length) (result.suppressed ??= []).push(...withScopes(analysis, found.suppressed, cell));
}

export interface FileResult {
  file: string;
  /** What the file was when analysed, for the result cache. */
  stamp?: FileStamp;
  /** Other files the findings read (where a raised exception's class is defined), as they were then. */
  dependencies?: Dependency[];
  skipped?: string;
  syntaxErrors?: { line: number; column: number; cell?: number }[];
  /** In a notebook each finding names its code cell, and its lines count from the cell's start. */
  findings?: CliFinding[];
  /** check: findings silenced by `# noqa` or `# docwright: ignore[…]`, each with its comment. */
  suppressed?: CliFinding[];
  metrics?: MetricsRecord[];
  /** `coverage`: the file's docstring coverage (a notebook's cells summed). */
  coverage?: CoverageCount;
  /** How long each parse and analysis took (one per notebook cell), for --stats; never cached or printed. */
  timings?: Timing[];
}

export interface Timing {
  parseMs: number;
  analysisMs: number;
}

/** Parses and analyses `text`, timing both; undefined when the parser gave up. */
function parseAndAnalyse(parser: Parser, analyzer: PythonAnalyzer, parsed: string, text: string): { tree: Tree; analysis: ModuleAnalysis; timing: Timing } | undefined {
  const start = performance.now();
  const tree = parser.parse(parsed);
  const parseEnd = performance.now();
  if (!tree) return undefined;
  try {
    const analysis = analyzer.analyze(tree, text);
    return { tree, analysis, timing: { parseMs: parseEnd - start, analysisMs: performance.now() - parseEnd } };
  } catch (error) {
    tree.delete();
    throw error;
  }
}

/** One per thread: the modules a run's raises lead to are read once. */
const projectClasses = new ProjectClasses();

/** The other files a result depends on, as they were when read (a change to one makes the result stale). */
function dependencyStamps(file: string, consulted: Consulted): Dependency[] {
  return [...consulted].filter(([other]) => other !== file).map(([other, stamp]) => ({ file: other, ...stamp }));
}

/** `stamp`: record what the file was (size, mtime, content hash) for the result cache. */
export function processFile(
  file: string, displayPath: string, modulePath: string, settings: Settings, mode: Mode,
  parser: Parser, analyzer: PythonAnalyzer, stamp = true,
): FileResult {
  const read = readRegularFile(file, settings.maxFileSizeKb);
  if (!read.ok) return { file: displayPath, skipped: read.reason };
  const { bytes, stats } = read;
  const fileStamp = stamp ? { size: bytes.length, mtimeMs: stats.mtimeMs, hash: contentHash(bytes) } : undefined;
  if (file.endsWith('.ipynb')) return processNotebook(bytes, displayPath, modulePath, settings, mode, parser, analyzer, fileStamp);
  const decoded = decodePython(bytes);
  if (!decoded.ok) return { file: displayPath, skipped: decoded.reason };
  const done = parseAndAnalyse(parser, analyzer, decoded.text, decoded.text);
  if (!done) return { file: displayPath, skipped: 'the parser gave up on this file' };
  const { tree, analysis, timing } = done;
  try {
    const result: FileResult = { file: displayPath, timings: [timing] };
    if (fileStamp) result.stamp = fileStamp;
    if (analysis.syntaxErrors.length) {
      result.syntaxErrors = analysis.syntaxErrors.map((s) => ({ line: s.startLine + 1, column: s.startCol + 1 }));
    }
    if (mode === 'check') {
      const reach = projectClasses.forFile(file);
      checkFile(result, analysis, { path: modulePath }, decoded.text, settings, undefined, reach.foreign);
      if (fileStamp && reach.consulted.size) result.dependencies = dependencyStamps(file, reach.consulted);
    } else if (mode === 'coverage') result.coverage = docstringCoverage(analysis, { path: modulePath }, settings);
    else result.metrics = metricsRecords(displayPath, analysis, tree.rootNode, decoded.text);
    return result;
  } finally {
    tree.delete();
  }
}

const EMPTY_RESULT: Record<Mode, () => Partial<FileResult>> = {
  check: () => ({ findings: [] }),
  metrics: () => ({ metrics: [] }),
  coverage: () => ({ coverage: { ...NO_COVERAGE } }),
};

/** Each code cell on its own, IPython masked, as the editor does; a notebook has no module record. */
function processNotebook(
  bytes: Buffer, displayPath: string, modulePath: string, settings: Settings, mode: Mode,
  parser: Parser, analyzer: PythonAnalyzer, stamp: FileStamp | undefined,
): FileResult {
  const notebook = readNotebook(bytes.toString('utf8'));
  if (!notebook.ok) return { file: displayPath, skipped: notebook.reason };
  const result: FileResult = { file: displayPath, ...(stamp ? { stamp } : {}), ...EMPTY_RESULT[mode](), timings: [] };
  for (const cell of notebook.cells) {
    const done = parseAndAnalyse(parser, analyzer, maskIPython(cell.source), cell.source);
    if (!done) continue;
    const { tree, analysis, timing } = done;
    result.timings!.push(timing);
    try {
      for (const s of analysis.syntaxErrors) (result.syntaxErrors ??= []).push({ line: s.startLine + 1, column: s.startCol + 1, cell: cell.number });
      if (mode === 'check') {
        checkFile(result, analysis, { path: modulePath, cell: true }, cell.source, settings, cell.number);
      } else if (mode === 'coverage') {
        result.coverage = addCoverage(result.coverage!, docstringCoverage(analysis, { path: modulePath, cell: true }, settings));
      } else {
        const functions = halstead(tree.rootNode).functions;
        for (const d of analysis.definitions) result.metrics!.push({ ...definitionRecord(displayPath, d, functions), cell: cell.number });
      }
    } finally {
      tree.delete();
    }
  }
  return result;
}

function metricsRecords(file: string, analysis: ModuleAnalysis, root: Node, source: string): MetricsRecord[] {
  const m = analysis.metrics;
  const { total, functions } = halstead(root);
  const raw = rawMetrics(source);
  const moduleName = file.split('/').pop()!.replace(/\.py$/, '');
  const records: MetricsRecord[] = [{
    file, kind: 'module', name: moduleName, qualname: moduleName, line: 1, column: 1, endLine: analysis.lineCount,
    cyclomatic: m.cyclomatic, rank: m.rank, cognitive: m.cognitive, nesting: m.nesting, parameters: 0,
    lines: m.lines, calls: m.calls, statements: m.statements, booleanOperators: m.booleanOperators,
    isAsync: false, isGenerator: false, hasDocstring: analysis.hasDocstringToken,
    halstead: total,
  }];
  if (raw) {
    const mi = maintainability(total.volume, analysis, raw);
    Object.assign(records[0]!, { raw, maintainability: mi.index, maintainabilityRank: mi.rank });
  }
  for (const d of analysis.definitions) records.push(definitionRecord(file, d, functions));
  return records;
}

function definitionRecord(file: string, d: Definition, functions: Map<string, HalsteadReport>): MetricsRecord {
  const m = d.metrics;
  const hal = d.kind === 'function' ? functions.get(`${d.span.startLine}:${d.span.startCol}`) : undefined;
  return {
    file,
    kind: d.kind === 'class' ? 'class' : d.parentKind === 'class' ? 'method' : 'function',
    name: d.name, qualname: d.qualname,
    line: d.span.startLine + 1, column: d.span.startCol + 1, endLine: d.span.endLine + 1,
    cyclomatic: m.cyclomatic, rank: m.rank, cognitive: m.cognitive, nesting: m.nesting,
    parameters: d.parameters.length, lines: m.lines, calls: m.calls, statements: m.statements,
    booleanOperators: m.booleanOperators, isAsync: d.isAsync, isGenerator: d.isGenerator,
    hasDocstring: d.hasDocstringToken,
    ...(hal ? { halstead: hal } : {}),
  };
}
