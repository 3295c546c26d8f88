import { check } from './commands/check';
import { coverage } from './commands/coverage';
import { document } from './commands/document';
import { exportDocs } from './commands/export';
import { help, version } from './commands/help';
import { lsp } from './commands/lsp';
import { metrics } from './commands/metrics';
import { search } from './commands/search';
import { UsageError } from './flags';
import { processIo, type CliIo } from './io';
import { USAGE } from './usage';
import { HostStats } from '../core/stats/figures';
import { statusText } from '../core/stats/format';
import { memoryReadings, spentToday } from '../workspace/hostReadings';
import { stateDirectory } from '../workspace/state';
import { VERSION } from '../workspace/version';
import * as path from 'node:path';

/**
 * Runs one `docwright` command line (without `node` and the script) and returns its exit
 * status: 0 clean, 1 findings, 2 usage or I/O error, 130 interrupted. Undefined when the
 * command keeps the process running on its own (`lsp`). Never rejects: an error is said on
 * stderr and is exit status 2. Importing this module does nothing.
 */
export async function run(argv: string[], io: Partial<CliIo> = {}): Promise<number | undefined> {
  const full: CliIo = { ...processIo(), stats: new HostStats('cli', () => performance.now()), ...io };
  try {
    const status = await dispatch(argv, full);
    // On stderr, so that --format json keeps stdout a JSON document.
    if (status !== undefined && argv.includes('--stats')) full.stderr.write(runStatsText(full));
    return status;
  } catch (error) {
    if (error instanceof UsageError) full.stderr.write(`docwright: ${error.message}\n\n${USAGE}\n`);
    else full.stderr.write(`docwright: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

/** --stats: what this run measured of itself, as Docwright: Show Status shows the server's. */
function runStatsText(io: CliIo): string {
  const figures = io.stats.figures({
    version: VERSION, memory: memoryReadings(), files: io.stats.files,
    today: spentToday(path.join(stateDirectory(io.env), 'usage.jsonl')),
  });
  return statusText(figures);
}

async function dispatch(argv: string[], io: CliIo): Promise<number | undefined> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return check(rest, io);
    case 'coverage':
      return coverage(rest, io);
    case 'metrics':
      return metrics(rest, io);
    case 'document':
      return document(rest, io);
    case 'export':
      return exportDocs(rest, io);
    case 'search':
      return search(rest, io);
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
