import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/**
 * Reading a file found in a user's tree, which may be anything with a `.py` name: a FIFO that
 * would block `readFileSync` forever, a link to `/dev/zero` that never ends, a file larger than
 * WASM can parse. Only regular files are read, their size is checked on the open descriptor
 * before reading, and the read stops at the limit even if the file grows meanwhile.
 */

export type ReadResult =
  | { ok: true; bytes: Buffer; stats: Stats }
  | { ok: false; reason: string };

export function readRegularFile(file: string, maxFileSizeKb: number): ReadResult {
  const limit = maxFileSizeKb * 1024;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, reason: cannotRead(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: `not a regular file (${kindOf(stats)})` };
    if (stats.size > limit) return { ok: false, reason: overLimit(stats.size, maxFileSizeKb) };
    const bytes = readUpTo(fd, Math.min(stats.size, limit) + 1, limit + 1);
    if (bytes.length > limit) return { ok: false, reason: overLimit(bytes.length, maxFileSizeKb) };
    return { ok: true, bytes, stats };
  } catch (error) {
    return { ok: false, reason: cannotRead(error) };
  } finally {
    closeSync(fd);
  }
}

/** Reads until end of file or `cap` bytes, whichever comes first, growing from `initial`. */
function readUpTo(fd: number, initial: number, cap: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.max(1, initial));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= cap) break;
      const grown = Buffer.allocUnsafe(Math.min(cap, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

function overLimit(size: number, maxFileSizeKb: number): string {
  return `file is ${Math.round(size / 1024)} KB, over the maxFileSizeKb limit of ${maxFileSizeKb} KB`;
}

function cannotRead(error: unknown): string {
  return `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
}

export function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a file';
}
