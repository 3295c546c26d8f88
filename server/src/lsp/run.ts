import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { loadPythonGrammar } from '../core/parse/python';
import { grammarFilesIn } from '../workspace/grammar';
import { startServer } from './server';

/**
 * Starts the language server on the transport named in argv (`--stdio`, `--node-ipc`).
 * `distDir` holds the wasm files and sits beside docs/.
 */
export async function runLanguageServer(distDir: string): Promise<void> {
  const connection = createConnection(ProposedFeatures.all);
  // Handlers are registered before listen(); messages sent meanwhile wait in the pipe.
  const grammar = await loadPythonGrammar(grammarFilesIn(distDir));
  startServer(connection, grammar, { distDir });
  connection.listen();
}
