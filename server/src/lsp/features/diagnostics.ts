import { TextDocumentSyncKind, type Connection, type ServerCapabilities } from 'vscode-languageserver';
import type { Session } from '../session';
import { isNotebookCell } from '../uri';

/**
 * Document sync, which drives the diagnostics: each open and change is parsed at once (changes
 * must be applied in order), then published once the document's settings are known
 * (the publisher: ../publisher.ts). A close drops the document and clears its diagnostics; a save
 * checks the other open documents again.
 */

export const capabilities: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
};

export function register(connection: Connection, session: Session): void {
  const { documents, settings, diagnostics } = session;

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const { uri, languageId, version, text } = textDocument;
    // Open synchronously: changes may follow before the settings round trip returns.
    const entry = documents.open(uri, languageId, version, text, settings.limits(uri), isNotebookCell(uri));
    diagnostics.afterSettings(entry);
    session.documentChanged.fire(uri);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const uri = textDocument.uri;
    const known = settings.known(uri);
    // Parsing must follow every change in order, so it cannot wait for settings.
    const entry = documents.change(uri, textDocument.version, contentChanges, settings.limits(uri));
    if (!entry) return;
    void (known ?? settings.for(uri)).then((s) => diagnostics.schedule(uri, s.diagnosticsDelayMs));
    session.documentChanged.fire(uri);
  });

  // A saved module may define the exception classes another open document raises (DW406 follows
  // them into the files they come from): the others are checked again against what is on disk.
  connection.onDidSaveTextDocument(({ textDocument }) => {
    for (const entry of documents.all()) if (entry.document.uri !== textDocument.uri) diagnostics.refresh(entry.document.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    session.closeDocument(textDocument.uri);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });
}
