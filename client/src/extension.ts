import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient, TransportKind,
  type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { SKIPPED_FILE_NOTIFICATION, type SkippedFileParams } from '../../server/src/protocol';

/**
 * The client knows nothing about Python: it starts the server, forwards settings and
 * commands, and shows what the server reports.
 */

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Docwright', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    synchronize: { configurationSection: 'docwright' },
    outputChannel: output,
  };
  client = new LanguageClient('docwright', 'Docwright', serverOptions, clientOptions);

  const skippedShown = new Set<string>();
  context.subscriptions.push(
    client.onNotification(SKIPPED_FILE_NOTIFICATION, (params: SkippedFileParams) => {
      output.warn(`Skipped ${params.uri}: ${params.reason}`);
      if (skippedShown.has(params.uri)) return;
      skippedShown.add(params.uri);
      const name = vscode.Uri.parse(params.uri).path.split('/').pop();
      void vscode.window.showInformationMessage(`Docwright skipped ${name}: ${params.reason}.`);
    }),
    vscode.commands.registerCommand('docwright.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('docwright.showOutput', () => output.show()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
