import type { CliIo } from '../io';
import { VERSION } from '../../workspace/version';
import { USAGE } from '../usage';

/** `docwright help` (also `--help`, `-h`). */
export function help(io: CliIo): number {
  io.stdout.write(`${USAGE}\n`);
  return 0;
}

/** `docwright --version`. */
export function version(io: CliIo): number {
  io.stdout.write(`${VERSION}\n`);
  return 0;
}
