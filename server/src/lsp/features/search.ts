import { pathToFileURL } from 'node:url';
import { SymbolKind, type Connection, type ServerCapabilities, type SymbolInformation } from 'vscode-languageserver';
import type { EntryKind } from '../../core/search/entries';
import type { SearchHit } from '../../core/search/index';
import { SearchDocsRequest, searchDocsParamsSchema, type SearchDocsHit } from '../../shared/protocol';
import { onCheckedRequest } from '../requests';
import type { Session } from '../session';

/**
 * Search over the workspace's documentation index: LSP `workspace/symbol` (every client's
 * symbol search finds a definition by what its docstring says) and docwright/searchDocumentation
 * (the editor's Search Documentation quick pick, with summaries and modules).
 */

export const capabilities: ServerCapabilities = { workspaceSymbolProvider: true };

const SYMBOL_KINDS: Record<EntryKind, SymbolKind> = {
  module: SymbolKind.Module, class: SymbolKind.Class, function: SymbolKind.Function, method: SymbolKind.Method,
};

/** How many symbols `workspace/symbol` answers with: a client shows a list, not a report. */
const SYMBOL_LIMIT = 100;

export function register(connection: Connection, session: Session): void {
  const indexer = session.documentation;
  session.own(session.documentChanged.on((uri) => indexer.documentChanged(uri)));
  session.own(session.documentClosed.on((uri) => indexer.documentClosed(uri)));
  session.own(session.pythonFilesChanged.on((changes) => indexer.filesChanged(changes)));
  session.own(session.refreshed.on(() => void indexer.rebuild()));

  connection.onWorkspaceSymbol(({ query }): SymbolInformation[] => indexer.index.search(query, SYMBOL_LIMIT).map(({ entry }) => ({
    name: entry.kind === 'module' ? entry.qualname : entry.qualname.slice(entry.module.length + 1),
    kind: SYMBOL_KINDS[entry.kind],
    containerName: entry.module,
    location: { uri: pathToFileURL(entry.file).href, range: { start: { line: entry.line, character: entry.column }, end: { line: entry.line, character: entry.column + entry.name.length } } },
  })));

  onCheckedRequest(connection, SearchDocsRequest, searchDocsParamsSchema, ({ query, limit }) => ({
    hits: indexer.index.search(query, limit ?? 50).map(searchDocsHit),
    complete: indexer.complete, files: indexer.index.fileCount, entries: indexer.index.size,
  }));
}

export function initialized(_connection: Connection, session: Session): void {
  // The client's watcher of *.py files (configuration.ts registers it) keeps it current after that.
  void session.documentation.rebuild();
}

function searchDocsHit({ entry, score }: SearchHit): SearchDocsHit {
  return {
    qualname: entry.qualname, name: entry.name, kind: entry.kind, module: entry.module, uri: pathToFileURL(entry.file).href,
    line: entry.line, column: entry.column, signature: entry.signature, summary: entry.summary, score,
  };
}
