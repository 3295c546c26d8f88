import { check } from './commands/check';
import { document } from './commands/document';
import { exportDocs } from './commands/export';
import { help, version } from './commands/help';
import { lsp } from './commands/lsp';
import { metrics } from './commands/metrics';
import { UsageError } from './flags';
import { processIo, type CliIo } from './io';
import { USAGE } from './usage';

/**
 * Runs one `docwright` command line (without `node` and the script) and returns its exit
 * status: 0 clean, 1 findings, 2 usage or I/O error, 130 interrupted. Undefined when the
 * command keeps the process running on its own (`lsp`). Never rejects: an error is said on
 * stderr and is exit status 2. Importing this module does nothing.
 */
export async function run(argv: string[], io: Partial<CliIo> = {}): Promise<number | undefined> {
  const full: CliIo = { ...processIo(), ...io };
  try {
    return await dispatch(argv, full);
  } catch (error) {
    if (error instanceof UsageError) full.stderr.write(`docwright: ${error.message}\n\n${USAGE}\n`);
    else full.stderr.write(`docwright: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number | undefined> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return check(rest, io);
    case 'metrics':
      return metrics(rest, io);
    case 'document':
      return document(rest, io);
    case 'export':
      return exportDocs(rest, io);
    case 'lsp':
      return lsp(io);
    case '--help':
    case '-h':
    case 'help':
      return help(io);
    case '--version':
      return version(io);
    default:
      throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  }
}
