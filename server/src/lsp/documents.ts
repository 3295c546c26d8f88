import { TextDocument, type Range, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Parser, Tree } from 'web-tree-sitter';
import { UnitCache } from '../core/analysis/analyzer';
import { parserInput } from '../core/parse/ipython';
import { treeEdit } from '../core/parse/lines';

/**
 * Open documents and their syntax trees. Each change is applied to the tree
 * (tree.edit + parse with the old tree), so a keystroke re-parses only what it touched.
 * Trees exist only for open documents and are freed on close; beyond `maxTrees` the
 * least recently used are freed too (a tree costs ~28 bytes per source byte of wasm heap,
 * which never shrinks), and such a document is parsed afresh on its next edit.
 */

export interface OpenDocument {
  document: TextDocument;
  /** Undefined when the document is skipped (too large, binary): see `skipped`. */
  tree?: Tree;
  skipped?: string;
  /**
   * A notebook cell: parsed with its IPython syntax (magics, shell escapes) hidden. Its changes
   * are parsed afresh, since one keystroke can turn a whole line into a magic or back.
   */
  ipython: boolean;
  /** Per-document cache of top-level statement analyses, for incremental recomputation. */
  units: UnitCache;
}

export interface DocumentLimits {
  maxFileSizeKb: number;
}

export const DEFAULT_MAX_TREES = 12;

export class DocumentStore {
  private readonly documents = new Map<string, OpenDocument>();
  /** URIs with a live tree, least recently used first. */
  private readonly withTrees: string[] = [];

  /** `timeParse` runs each parse, for the server's figures (Show Status). */
  constructor(
    private readonly parser: Parser, private readonly maxTrees = DEFAULT_MAX_TREES,
    private readonly timeParse: <T>(parse: () => T) => T = (parse) => parse(),
  ) {}

  get treeCount(): number {
    return this.withTrees.length;
  }

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  all(): IterableIterator<OpenDocument> {
    return this.documents.values();
  }

  get size(): number {
    return this.documents.size;
  }

  open(uri: string, languageId: string, version: number, text: string, limits: DocumentLimits, ipython = false): OpenDocument {
    this.close(uri);
    const entry: OpenDocument = {
      document: TextDocument.create(uri, languageId, version, text),
      ipython,
      units: new UnitCache(),
    };
    this.documents.set(uri, entry);
    this.reparse(entry, limits);
    return entry;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[], limits: DocumentLimits): OpenDocument | undefined {
    const entry = this.documents.get(uri);
    if (!entry) return undefined;
    let parseAfresh = !entry.tree || entry.ipython;
    for (const change of changes) {
      const before = entry.document;
      if (!('range' in change) || parseAfresh) {
        entry.document = TextDocument.update(before, [change], version);
        parseAfresh = true;
        continue;
      }
      const { start, end } = clampedRange(before, change.range);
      const edit = treeEdit(before.getText(), start, end, change.text, (offset) => {
        const position = before.positionAt(offset);
        return { row: position.line, column: position.character };
      });
      // The text gets the very offsets the tree got, whatever order or bounds the client sent.
      const range = { start: before.positionAt(start), end: before.positionAt(end) };
      entry.document = TextDocument.update(before, [{ range, text: change.text }], version);
      entry.tree!.edit(edit);
    }
    if (parseAfresh) this.freeTree(entry);
    this.reparse(entry, limits, entry.tree);
    return entry;
  }

  /** A tree for the current text, parsing afresh if it was evicted. */
  ensureTree(entry: OpenDocument, limits: DocumentLimits): void {
    if (!entry.tree && !entry.skipped) this.reparse(entry, limits);
    else if (entry.tree) this.touch(entry.document.uri);
  }

  close(uri: string): void {
    const entry = this.documents.get(uri);
    if (entry) this.freeTree(entry);
    this.documents.delete(uri);
  }

  private freeTree(entry: OpenDocument): void {
    entry.tree?.delete();
    entry.tree = undefined;
    const i = this.withTrees.indexOf(entry.document.uri);
    if (i >= 0) this.withTrees.splice(i, 1);
  }

  private touch(uri: string): void {
    const i = this.withTrees.indexOf(uri);
    if (i >= 0) this.withTrees.splice(i, 1);
    this.withTrees.push(uri);
    while (this.withTrees.length > this.maxTrees) {
      const oldest = this.documents.get(this.withTrees[0]!);
      if (oldest) this.freeTree(oldest);
      else this.withTrees.shift();
    }
  }

  /** Limits are settings and may arrive after the document: re-parse only if the verdict changes. */
  applyLimits(entry: OpenDocument, limits: DocumentLimits): void {
    const reason = skipReason(entry.document.getText(), limits);
    if (reason !== entry.skipped) this.reparse(entry, limits, entry.tree);
  }

  /** Re-checks limits (they are settings) and parses, reusing `old` when it was edited in step. */
  reparse(entry: OpenDocument, limits: DocumentLimits, old?: Tree): void {
    const text = entry.document.getText();
    const reason = skipReason(text, limits);
    if (reason) {
      this.freeTree(entry);
      entry.skipped = reason;
      return;
    }
    entry.skipped = undefined;
    const tree = this.timeParse(() => this.parser.parse(parserInput(text, entry.ipython), old ?? null)) ?? undefined;
    if (entry.tree && entry.tree !== tree) entry.tree.delete();
    entry.tree = tree;
    if (tree) this.touch(entry.document.uri);
    else {
      this.freeTree(entry);
      entry.skipped = 'the parser gave up on this file';
    }
  }

  dispose(): void {
    for (const uri of [...this.documents.keys()]) this.close(uri);
  }
}

export function skipReason(text: string, limits: DocumentLimits): string | undefined {
  const kb = Buffer.byteLength(text, 'utf8') / 1024;
  if (kb > limits.maxFileSizeKb) {
    return `file is ${Math.round(kb)} KB, over the docwright.maxFileSizeKb limit of ${limits.maxFileSizeKb} KB`;
  }
  if (text.includes('\0')) return 'binary file (contains NUL characters)';
  return undefined;
}

/**
 * The offsets a change replaces: positions past a line's end or the document's are clamped
 * (as TextDocument does), and a range whose start comes after its end is read in order.
 */
function clampedRange(document: TextDocument, range: Range): { start: number; end: number } {
  const a = document.offsetAt(range.start);
  const b = document.offsetAt(range.end);
  return { start: Math.min(a, b), end: Math.max(a, b) };
}
