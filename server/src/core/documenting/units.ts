import type { ModuleAnalysis } from '../analysis/model';
import type { FileInput, PlannedEdit } from '../docstring/engine';
import { parserInput } from '../parse/ipython';
import { cellSourceSplices, readNotebook } from '../parse/notebook';
import type { ChangedPart, ChangeRecord, FileEdit, FileUpdate, Place, SourceFile, Tools } from './model';

/**
 * A file is documented unit by unit: a Python file is one unit, a notebook one per code cell,
 * each parsed on its own with its IPython syntax masked, as `check` and the editor read cells.
 * The units' new texts are put back together into one update of the file.
 */

export interface Unit {
  /** The text the definitions' offsets refer to. */
  source: string;
  /** For a code cell: its number among code cells (1-based) and its position in the notebook's cells. */
  cell?: { number: number; index: number };
}

export const PARSER_GAVE_UP = 'the parser gave up on this file';

/** The units of a file, or why it has none that can be read. */
export function unitsOf(source: SourceFile): Unit[] | { skip: string } {
  if (source.kind === 'python') return [{ source: source.text }];
  const notebook = readNotebook(source.text);
  if (!notebook.ok) return { skip: notebook.reason };
  return notebook.cells.map((c) => ({ source: c.source, cell: { number: c.number, index: c.index } }));
}

/** Where a definition of a unit is, as reports name it. */
export function placeIn(unit: Unit, analysis: ModuleAnalysis, index: number): Place {
  const line = index < 0 ? 1 : analysis.definitions[index]!.nameSpan.startLine + 1;
  return unit.cell ? { line, cell: unit.cell.number } : { line };
}

/**
 * Parses a unit and hands its tree and analysis to `use`; the tree is freed afterwards, so a
 * workspace is held in memory one unit at a time. Undefined when the parser gives up.
 */
export async function withUnit<T>(tools: Tools, path: string, unit: Unit, use: (input: FileInput) => Promise<T> | T, file?: string): Promise<T | undefined> {
  const ipython = unit.cell !== undefined;
  const tree = tools.parser.parse(parserInput(unit.source, ipython));
  if (!tree) return undefined;
  try {
    const analysis = tools.analyzer.analyze(tree, unit.source);
    // A notebook cell is no module another imports from; a file's imports lead to its package.
    const foreign = file !== undefined && !ipython ? tools.foreignFor?.(file) : undefined;
    return await use({
      path, source: unit.source, tree, analysis,
      parse: (text, old) => tools.parser.parse(parserInput(text, ipython), old ?? null)!,
      ...(foreign ? { foreign } : {}),
    });
  } finally {
    tree.delete();
  }
}

/** What documenting one unit produced: its edits (offsets into the unit) and its new text. */
export interface UnitResult {
  unit: Unit;
  analysis: ModuleAnalysis;
  edits: PlannedEdit[];
  text?: string;
}

function recordOf(file: string, result: UnitResult, edit: PlannedEdit): ChangeRecord {
  return { file, qualname: edit.qualname, kind: edit.kind, placeholder: edit.placeholder, ...placeIn(result.unit, result.analysis, edit.index) };
}

/**
 * One update of the whole file from its units' results, or undefined when nothing changed.
 * A Python file's edits are its docstring edits; a notebook's are one per changed cell,
 * replacing that cell's `source` in the JSON, so outputs and metadata stay as they were.
 */
export function composeUpdate<S extends SourceFile>(file: string, source: S, results: UnitResult[]): FileUpdate<S> | undefined {
  const changed = results.filter((r) => r.edits.length > 0 && r.text !== undefined && r.text !== r.unit.source);
  if (changed.length === 0) return undefined;
  const parts: ChangedPart[] = changed.map((r) => ({ ...(r.unit.cell ? { cell: r.unit.cell.number } : {}), before: r.unit.source, after: r.text! }));
  if (source.kind === 'python') {
    const only = changed[0]!;
    const edits: FileEdit[] = only.edits
      .map((e) => ({ edit: { start: e.edit.start, end: e.edit.end, newText: e.edit.newText }, changes: [recordOf(file, only, e)] }))
      .sort((a, b) => a.edit.start - b.edit.start);
    return { file, source, text: only.text!, edits, parts };
  }
  const byIndex = new Map(changed.map((r) => [r.unit.cell!.index, r]));
  const splices = cellSourceSplices(source.text, new Map(changed.map((r) => [r.unit.cell!.index, r.text!])));
  const edits: FileEdit[] = splices
    .map((s) => {
      const result = byIndex.get(s.index)!;
      return { edit: { start: s.offset, end: s.offset + s.length, newText: s.text }, changes: result.edits.map((e) => recordOf(file, result, e)) };
    })
    .sort((a, b) => a.edit.start - b.edit.start);
  return { file, source, text: applySplices(source.text, edits), edits, parts };
}

/** The text with the edits applied; they do not overlap. */
export function applySplices(text: string, edits: FileEdit[]): string {
  let out = text;
  for (const { edit } of [...edits].sort((a, b) => b.edit.start - a.edit.start)) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}
