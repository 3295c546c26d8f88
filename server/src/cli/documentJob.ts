import { createTwoFilesPatch } from 'diff';
import type { Parser } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../core/analysis/analyzer';
import type { Only } from '../core/docstring/engine';
import type { DocstringStyle } from '../core/docstring/model';
import { TemplateProvider, type DocstringProvider } from '../core/docstring/provider';
import {
  documentOne, type ChangeRecord, type FileSurvey, type FileRun, type FileUpdate, type Host, type Refusal, type Tools,
} from '../core/documenting';
import { parserText } from '../core/parse/lines';
import type { Settings } from '../shared/settings';
import { writeAtomically } from '../workspace/fsutil';
import { readSourceFile, withBom, type DiskSource } from '../workspace/sourceFile';
import { ProjectClasses } from '../workspace/projectClasses';

/** One per thread: the modules a run's raises lead to are read once. */
const projectClasses = new ProjectClasses();

/** `docwright document` on files: the orchestrator over the disk, and each file's result as the CLI reports it. */

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

/** The CLI's host: files on disk, each update written atomically in one rename (unless nothing is to be written), its diff kept. */
export interface DiskHost extends Host<DiskSource> {
  written: Set<string>;
  diffs: Map<string, string>;
}

export function diskHost(settings: Settings, options: Pick<DocumentJobOptions, 'write' | 'diff'>, display: (file: string) => string, signal?: AbortSignal): DiskHost {
  const written = new Set<string>();
  const diffs = new Map<string, string>();
  return {
    written, diffs, ...(signal ? { signal } : {}),
    read: (file) => readSourceFile(file, settings.maxFileSizeKb),
    async apply(update) {
      if (options.diff) diffs.set(update.file, diffOf(display(update.file), update));
      if (options.write) {
        writeAtomically(update.file, withBom(update.source, update.text));
        written.add(update.file);
      }
      return true;
    },
  };
}

export function documentTools(parser: Parser, analyzer: PythonAnalyzer, settings: Settings, options: DocumentJobOptions, modulePath: (file: string) => string): Tools {
  return {
    parser, analyzer, settings, options: { style: options.style, lineLength: options.lineLength, staleChecks: settings.staleChecks }, modulePath,
    foreignFor: (file) => projectClasses.forFile(file).foreign,
  };
}

/** One file of `docwright document`: planned and written on one reading of it. */
export async function documentFile(
  file: string, display: string, modulePath: string, settings: Settings, options: DocumentJobOptions,
  parser: Parser, analyzer: PythonAnalyzer, provider: DocstringProvider = new TemplateProvider(),
): Promise<DocumentFileResult> {
  const host = diskHost(settings, options, () => display);
  const tools = documentTools(parser, analyzer, settings, options, () => modulePath);
  const { plan, run } = await documentOne(file, host, tools, { only: options.only, scope: 'public' }, provider);
  return fileResult(display, plan, run === 'cancelled' ? undefined : run, host);
}

/** A file's result from its plan and what its run did (none when it was not run). */
export function fileResult(display: string, plan: FileSurvey, run: FileRun | undefined, host: DiskHost): DocumentFileResult {
  const empty: DocumentFileResult = { file: display, items: [], refused: [], missingLeftOut: 0, written: false };
  if (plan.unread !== undefined) return { ...empty, skipped: plan.unread };
  if (run?.failed !== undefined) return { ...empty, skipped: run.failed };
  // In a notebook, cell by cell: what the plan left alone, then what the run skipped.
  const refused = [...plan.refused, ...plan.unparsed, ...(run?.skipped ?? [])].map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.cell ?? 0) - (b.r.cell ?? 0) || a.i - b.i).map(({ r }) => refusedItem(r));
  const result: DocumentFileResult = {
    file: display, items: (run?.applied ?? []).map(documentedItem), refused, missingLeftOut: plan.leftOut.missing, written: host.written.has(plan.file),
  };
  const diff = host.diffs.get(plan.file);
  if (diff !== undefined) result.diff = diff;
  return result;
}

function documentedItem(c: ChangeRecord): DocumentedItem {
  return { qualname: c.qualname, line: c.line, ...(c.cell === undefined ? {} : { cell: c.cell }), kind: c.kind, ...(c.placeholder ? { placeholder: true as const } : {}) };
}

function refusedItem(r: Refusal): RefusedItem {
  return { qualname: r.qualname, line: r.line, ...(r.cell === undefined ? {} : { cell: r.cell }), reason: r.reason };
}

/** A Python file's diff, or a notebook's, cell by cell (`nb.ipynb:cell 2`). */
function diffOf(display: string, update: FileUpdate): string {
  return update.parts.map((p) => unifiedDiff(p.cell === undefined ? display : `${display}:cell ${p.cell}`, p.before, p.after)).join('');
}

export function unifiedDiff(display: string, before: string, after: string): string {
  // The diff splits lines at '\n' only: a CR-only file is shown with its lone '\r's as line breaks.
  const patch = createTwoFilesPatch(`a/${display}`, `b/${display}`, parserText(before), parserText(after), undefined, undefined, { context: 3 });
  return patch.replace(/^=+\n/, '');
}
