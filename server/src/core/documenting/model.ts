import type { Parser } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../analysis/analyzer';
import type { DocumentOptions, Only } from '../docstring/engine';
import type { Settings } from '../../shared/settings';
import type { Estimate } from './estimate';
import type { ForeignClasses } from '../analysis/exceptions';

/**
 * The words of documenting a set of files: what a host gives the orchestrator (files to read,
 * a place to apply edits, a progress display, a cancel button) and what it gets back (a plan,
 * then a report). Pure types: the host owns the file system or the editor.
 */

/** How a file's text is read: one Python module, or the Python code cells of a Jupyter notebook. */
export type SourceKind = 'python' | 'notebook';

/** A file as the host read it. A host extends it with what it needs to write the file back (a version, a BOM). */
export interface SourceFile {
  /** The text without a byte-order mark; for a notebook, its JSON. */
  text: string;
  kind: SourceKind;
}

export type ReadResult<S extends SourceFile> = S | { skip: string };

export interface Host<S extends SourceFile = SourceFile> {
  read(file: string): ReadResult<S> | Promise<ReadResult<S>>;
  /**
   * Applies one file's edits as one change, all of them or none. False when the file changed
   * since `update.source` was read: it is computed again on its new text.
   */
  apply(update: FileUpdate<S>): Promise<boolean>;
  progress?(update: Progress): void;
  /** Aborted when the user cancels: no further file is started, and the one being computed is left as it is. */
  readonly signal?: AbortSignal;
}

export interface Tools {
  parser: Parser;
  analyzer: PythonAnalyzer;
  settings: Settings;
  options: DocumentOptions;
  /** The module path used for publicity rules and the module name. */
  modulePath(file: string): string;
  /** The reach into the modules a file imports, for the stale checks (what a raised class derives from). */
  foreignFor?(file: string): ForeignClasses | undefined;
}

export type Scope = 'public' | 'all';

/** What a run documents: missing docstrings, stale ones or both; public definitions or private ones too. */
export interface Choice {
  only: Only;
  scope: Scope;
}

/** Where a definition is: its line (1-based) and, in a notebook, its code cell (1-based among code cells). */
export interface Place {
  line: number;
  cell?: number;
}

export interface PlannedSlot extends Place {
  qualname: string;
  /** Parameters and return annotation as written: the slot's identity with its qualname (and cell). */
  signature: string;
  action: 'generate' | 'update';
}

export interface PlannedFile {
  file: string;
  slots: PlannedSlot[];
}

/** A definition a run leaves alone, and why. */
export interface Refusal extends Place {
  file: string;
  qualname: string;
  reason: string;
}

export interface Plan {
  files: PlannedFile[];
  functions: number;
  missing: number;
  stale: number;
  /** Slots the run's `only` leaves out (a stale-only run says how many docstrings are missing). */
  leftOut: { missing: number; stale: number };
  skippedFiles: { file: string; reason: string }[];
  /** Definitions the run would document but cannot, because they do not parse. */
  unparsed: (Place & { file: string; qualname: string })[];
  /** Strings in docstring position that are not docstrings (f-strings, bytes, concatenations), and notebook cells the parser gave up on. */
  refused: Refusal[];
  /** Set when an estimator was given: what the run would send and cost. */
  estimate?: Estimate;
}

export interface ChangeRecord extends Place {
  file: string;
  qualname: string;
  kind: 'added' | 'updated';
  /** A new docstring with the template's placeholder text. */
  placeholder: boolean;
}

/** An edit of a file's text (offsets into `SourceFile.text`). */
export interface TextSplice {
  start: number;
  end: number;
  newText: string;
}

/** One edit of a file and the docstrings it writes: one for a Python file, every docstring of a cell for a notebook. */
export interface FileEdit {
  edit: TextSplice;
  changes: ChangeRecord[];
}

/** A changed Python text: the module, or one code cell of a notebook. */
export interface ChangedPart {
  cell?: number;
  before: string;
  after: string;
}

export interface FileUpdate<S extends SourceFile = SourceFile> {
  file: string;
  source: S;
  /** The whole new text of the file. */
  text: string;
  /** In file order, not overlapping; applying them all to `source.text` gives `text`. */
  edits: FileEdit[];
  /** The Python texts that changed, for a diff. */
  parts: ChangedPart[];
}

export interface Progress {
  filesDone: number;
  files: number;
  docstrings: number;
  etaSeconds: number | null;
  /** The file being documented; empty once the run is over. */
  file: string;
}

export interface BatchReport {
  added: ChangeRecord[];
  updated: ChangeRecord[];
  skipped: Refusal[];
  failed: { file: string; reason: string }[];
  cancelled: boolean;
  changedFiles: string[];
  /** Computed but not applied: left unticked in the preview, or the preview discarded. */
  declined: ChangeRecord[];
  /** What happened to the preview, when the run had one. */
  previewNote?: string;
  seconds: number;
}
