import { TextDocumentSyncKind, type Connection, type ServerCapabilities } from 'vscode-languageserver';
import type { Session } from '../session';
import { isNotebookCell } from '../uri';

/**
 * Document sync, which drives the diagnostics: each open and change is parsed at once (changes
 * must be applied in order), then published once the document's settings are known
 * (the publisher: ../publisher.ts). A close drops the document and clears its diagnostics.
 */

export const capabilities: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
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

  connection.onDidCloseTextDocument(({ textDocument }) => {
    session.closeDocument(textDocument.uri);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });
}
