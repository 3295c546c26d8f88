import * as path from 'node:path';
import type { CliIo } from '../io';

/**
 * `docwright lsp --stdio`: the language server on this process's transport. The server is its
 * own bundle next to this one (dist/server.js), which starts on load; loading it at run time
 * keeps the two hosts apart in the source. No exit status: the connection owns the process
 * from here and ends it when the client says so.
 */
export async function lsp(io: CliIo): Promise<undefined> {
  require(path.join(io.distDir, 'server.js'));
  return undefined;
}
