import type { CliIo } from '../io';
import { USAGE } from '../usage';

/** `docwright help` (also `--help`, `-h`). */
export function help(io: CliIo): number {
  io.stdout.write(`${USAGE}\n`);
  return 0;
}

/** `docwright --version`. */
export function version(io: CliIo): number {
  io.stdout.write('0.1.0\n');
  return 0;
}
