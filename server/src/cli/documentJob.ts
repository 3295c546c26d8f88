import { createTwoFilesPatch } from 'diff';
import type { Parser } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../core/analysis/analyzer';
import { findings } from '../core/rules/findings';
import { decodePython } from '../core/parse/source';
import { readRegularFile } from '../workspace/read';
import { planFile, refusal, slotsToDocument, unparsedSlots, type Only } from '../core/docstring/engine';
import { slotOf } from '../core/docstring/targets';
import { included } from '../core/documenting/batch';
import type { DocstringStyle } from '../core/docstring/model';
import { TemplateProvider, type DocstringProvider } from '../core/docstring/provider';
import type { Settings } from '../shared/settings';
import { writeAtomically } from '../workspace/fsutil';
import { parserInput } from '../core/parse/ipython';
import { parserText } from '../core/parse/lines';
import { readNotebook, replaceCellSources } from '../core/parse/notebook';

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
  /** In a notebook: the code cell (1-based among code cells); `line` counts from its start. */
  cell?: number;
  kind: 'added' | 'updated';
  /** Set on a new docstring with the template's placeholder text. */
  placeholder?: true;
}

export interface RefusedItem {
  qualname: string;
  line: number;
  cell?: number;
  reason: string;
}

export interface DocumentFileResult {
  file: string;
  skipped?: string;
  items: DocumentedItem[];
  refused: RefusedItem[];
  /** Missing docstrings `--only stale` left out. */
  missingLeftOut: number;
  written: boolean;
  diff?: string;
}

const BOM = [0xef, 0xbb, 0xbf];

export async function documentFile(
  file: string, display: string, modulePath: string, settings: Settings, options: DocumentJobOptions,
  parser: Parser, analyzer: PythonAnalyzer, provider: DocstringProvider = new TemplateProvider(),
  /** Once aborted (Ctrl-C), a file whose docstrings are not all in is not written: untouched, never half-documented. */
  interrupted?: AbortSignal,
): Promise<DocumentFileResult> {
  const result: DocumentFileResult = { file: display, items: [], refused: [], missingLeftOut: 0, written: false };
  const read = readRegularFile(file, settings.maxFileSizeKb);
  if (!read.ok) return { ...result, skipped: read.reason };
  const bytes = read.bytes;
  const hasBom = BOM.every((b, i) => bytes[i] === b);
  const context: SourceContext = { modulePath, settings, options, parser, analyzer, provider, ...(interrupted ? { interrupted } : {}) };
  if (file.endsWith('.ipynb')) return documentNotebook(file, display, bytes.toString('utf8'), context, result);
  const decoded = decodePython(bytes);
  if (!decoded.ok) return { ...result, skipped: decoded.reason };
  if (decoded.encoding !== 'utf-8') return { ...result, skipped: `the file is ${decoded.encoding}; Docwright writes UTF-8 files only` };
  const source = decoded.text;
  const planned = await documentSource(source, context);
  if (typeof planned === 'string') return { ...result, skipped: planned };
  result.items = planned.items;
  result.refused = planned.refused;
  result.missingLeftOut = planned.missingLeftOut;
  if (planned.text === undefined) return result;
  if (options.diff) result.diff = unifiedDiff(display, source, planned.text);
  if (options.write && !interrupted?.aborted) {
    writeAtomically(file, (hasBom ? '\ufeff' : '') + planned.text);
    result.written = true;
  }
  return result;
}

interface SourceContext {
  modulePath: string;
  settings: Settings;
  options: DocumentJobOptions;
  parser: Parser;
  analyzer: PythonAnalyzer;
  provider: DocstringProvider;
  interrupted?: AbortSignal;
}

interface SourcePlan {
  items: DocumentedItem[];
  refused: RefusedItem[];
  missingLeftOut: number;
  /** The documented text, when anything changed. */
  text?: string;
}

/**
 * Plans the docstrings of one Python text: a module, or a notebook cell (`cell` given), which is
 * parsed with its IPython syntax masked and never gets a module docstring. A string is why the
 * text was left alone.
 */
async function documentSource(source: string, context: SourceContext, cell?: number): Promise<SourcePlan | string> {
  const { modulePath, settings, options, parser, analyzer, provider } = context;
  const ipython = cell !== undefined;
  const tree = parser.parse(parserInput(source, ipython));
  if (!tree) return 'the parser gave up on this file';
  try {
    const analysis = analyzer.analyze(tree, source);
    const identity = { path: modulePath, ...(cell === undefined ? {} : { cell: true }) };
    const every = slotsToDocument(analysis, findings(analysis, identity, source, settings), 'all');
    const requests = every.filter((r) => included(r, options.only));
    const missingLeftOut = options.only === 'stale' ? every.filter((r) => r.action === 'generate').length : 0;
    const where = (index: number) => ({ line: index < 0 ? 1 : analysis.definitions[index]!.nameSpan.startLine + 1, ...(cell === undefined ? {} : { cell }) });
    const refused: RefusedItem[] = [];
    // Strings in docstring position that are not docstrings (f-strings, concatenations, bytes): said, never touched.
    const fakes = [...(cell === undefined ? [-1] : []), ...analysis.definitions.keys()].filter((i) => (i < 0
      ? analysis.hasDocstringToken && !analysis.docstring
      : analysis.definitions[i]!.hasDocstringToken && !analysis.definitions[i]!.docstring));
    for (const index of [...fakes, ...unparsedSlots(analysis, options.only)]) {
      const slot = slotOf(analysis, index, modulePath);
      refused.push({ qualname: slot.qualname, ...where(index), reason: refusal(slot)! });
    }
    if (requests.length === 0) return { items: [], refused, missingLeftOut };
    const plan = await planFile(
      { path: modulePath, source, tree, analysis, parse: (text, old) => parser.parse(parserInput(text, ipython), old ?? null)! },
      requests,
      provider,
      { style: options.style, lineLength: options.lineLength, staleChecks: settings.staleChecks },
    );
    return {
      items: plan.edits.map((e) => ({ qualname: e.qualname, ...where(e.index), kind: e.kind, ...(e.placeholder ? { placeholder: true as const } : {}) })),
      missingLeftOut,
      refused: [...refused, ...plan.skipped.map((s) => ({ qualname: s.qualname, ...where(s.index), reason: s.reason }))],
      ...(plan.text !== undefined && plan.text !== source ? { text: plan.text } : {}),
    };
  } finally {
    tree.delete();
  }
}

/**
 * Each Python code cell on its own, as `check` reads it; the changed cells' sources are spliced
 * back into the notebook's JSON, which is written once, whole, or not at all. Outputs, execution
 * counts and metadata are left exactly as they were.
 */
async function documentNotebook(
  file: string, display: string, text: string, context: SourceContext, result: DocumentFileResult,
): Promise<DocumentFileResult> {
  const notebook = readNotebook(text);
  if (!notebook.ok) return { ...result, skipped: notebook.reason };
  const changed = new Map<number, string>();
  const diffs: string[] = [];
  for (const cell of notebook.cells) {
    const planned = await documentSource(cell.source, context, cell.number);
    if (typeof planned === 'string') {
      result.refused.push({ qualname: '<cell>', line: 1, cell: cell.number, reason: planned });
      continue;
    }
    result.items.push(...planned.items);
    result.refused.push(...planned.refused);
    result.missingLeftOut += planned.missingLeftOut;
    if (planned.text === undefined) continue;
    changed.set(cell.index, planned.text);
    if (context.options.diff) diffs.push(unifiedDiff(`${display}:cell ${cell.number}`, cell.source, planned.text));
  }
  if (changed.size === 0) return result;
  if (diffs.length) result.diff = diffs.join('');
  if (context.options.write && !context.interrupted?.aborted) {
    const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
    writeAtomically(file, bom + replaceCellSources(text.slice(bom.length), changed));
    result.written = true;
  }
  return result;
}

export function unifiedDiff(display: string, before: string, after: string): string {
  // The diff splits lines at '\n' only: a CR-only file is shown with its lone '\r's as line breaks.
  const patch = createTwoFilesPatch(`a/${display}`, `b/${display}`, parserText(before), parserText(after), undefined, undefined, { context: 3 });
  return patch.replace(/^=+\n/, '');
}
