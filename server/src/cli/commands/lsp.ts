import { runLanguageServer } from '../../lsp/run';
import type { CliIo } from '../io';

/**
 * `docwright lsp --stdio`: the language server on this process's transport. It returns no exit
 * status: the connection owns the process from here and ends it when the client says so.
 */
export async function lsp(io: CliIo): Promise<undefined> {
  await runLanguageServer(io.distDir);
  return undefined;
}
