import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { Edit, type Parser, type Tree } from 'web-tree-sitter';
import { UnitCache } from '../analysis/analyzer';

/**
 * Open documents and their syntax trees. Each change is applied to the tree
 * (tree.edit + parse with the old tree), so a keystroke re-parses only what it touched.
 * Trees exist only for open documents and are freed on close.
 */

export interface OpenDocument {
  document: TextDocument;
  /** Undefined when the document is skipped (too large, binary): see `skipped`. */
  tree?: Tree;
  skipped?: string;
  /** Per-document cache of top-level statement analyses, for incremental recomputation. */
  units: UnitCache;
}

export interface DocumentLimits {
  maxFileSizeKb: number;
}

export class DocumentStore {
  private readonly documents = new Map<string, OpenDocument>();

  constructor(private readonly parser: Parser) {}

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  all(): IterableIterator<OpenDocument> {
    return this.documents.values();
  }

  get size(): number {
    return this.documents.size;
  }

  open(uri: string, languageId: string, version: number, text: string, limits: DocumentLimits): OpenDocument {
    this.close(uri);
    const entry: OpenDocument = {
      document: TextDocument.create(uri, languageId, version, text),
      units: new UnitCache(),
    };
    this.reparse(entry, limits);
    this.documents.set(uri, entry);
    return entry;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[], limits: DocumentLimits): OpenDocument | undefined {
    const entry = this.documents.get(uri);
    if (!entry) return undefined;
    for (const change of changes) {
      const before = entry.document;
      if (!('range' in change) || !entry.tree) {
        entry.document = TextDocument.update(before, [change], version);
        this.reparse(entry, limits);
        continue;
      }
      const startIndex = before.offsetAt(change.range.start);
      const oldEndIndex = before.offsetAt(change.range.end);
      const newEndIndex = startIndex + change.text.length;
      const startPosition = before.positionAt(startIndex);
      const oldEndPosition = before.positionAt(oldEndIndex);
      entry.document = TextDocument.update(before, [change], version);
      entry.tree.edit(new Edit({
        startIndex, oldEndIndex, newEndIndex,
        startPosition: { row: startPosition.line, column: startPosition.character },
        oldEndPosition: { row: oldEndPosition.line, column: oldEndPosition.character },
        newEndPosition: endOfInsertion(startPosition.line, startPosition.character, change.text),
      }));
    }
    if (entry.tree) this.reparse(entry, limits, entry.tree);
    return entry;
  }

  close(uri: string): void {
    const entry = this.documents.get(uri);
    entry?.tree?.delete();
    this.documents.delete(uri);
  }

  /** Limits are settings and may arrive after the document: re-parse only if the verdict changes. */
  applyLimits(entry: OpenDocument, limits: DocumentLimits): void {
    const reason = skipReason(entry.document.getText(), limits);
    if (reason !== entry.skipped || (!reason && !entry.tree)) this.reparse(entry, limits, entry.tree);
  }

  /** Re-checks limits (they are settings) and parses, reusing `old` when it was edited in step. */
  reparse(entry: OpenDocument, limits: DocumentLimits, old?: Tree): void {
    const text = entry.document.getText();
    const reason = skipReason(text, limits);
    if (reason) {
      entry.tree?.delete();
      entry.tree = undefined;
      entry.skipped = reason;
      return;
    }
    entry.skipped = undefined;
    const tree = this.parser.parse(text, old ?? null) ?? undefined;
    if (entry.tree && entry.tree !== tree) entry.tree.delete();
    entry.tree = tree;
    if (!tree) entry.skipped = 'the parser gave up on this file';
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
  if (text.slice(0, 8192).includes('\0')) return 'binary file (contains NUL characters)';
  return undefined;
}

function endOfInsertion(line: number, character: number, text: string): { row: number; column: number } {
  const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  if (lastBreak < 0) return { row: line, column: character + text.length };
  const breaks = text.match(/\r\n|\r|\n/g)!.length;
  return { row: line + breaks, column: text.length - lastBreak - 1 };
}
