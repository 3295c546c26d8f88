import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { INSERT_SNIPPET_COMMAND, type InsertSnippetArgs } from '../../server/src/shared/protocol';

/**
 * The client half of a generated docstring as a snippet: the server's code action names this
 * command with the range and the snippet; the edit applies only to the version it was computed
 * for, and the server's text arrives unchanged (its lines already carry their indentation).
 */
export function registerSnippetCommand(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.commands.registerCommand(INSERT_SNIPPET_COMMAND, async (args: InsertSnippetArgs) => {
    const uri = vscode.Uri.parse(args.uri);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())
      ?? await vscode.window.showTextDocument(uri);
    if (editor.document.version !== args.version) {
      void vscode.window.showWarningMessage('Docwright: the file changed since the docstring was computed; nothing was inserted. Try again.');
      return false;
    }
    const range = client.protocol2CodeConverter.asRange(args.range);
    return editor.insertSnippet(new vscode.SnippetString(args.snippet), range, { undoStopBefore: true, undoStopAfter: true, keepWhitespace: true });
  }));
}
