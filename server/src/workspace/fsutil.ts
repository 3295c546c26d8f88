import { chmodSync, existsSync, lstatSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { kindOf } from './read';
import * as path from 'node:path';

/**
 * `mkdir -p`. Node 20's `mkdirSync(dir, { recursive: true })` spins forever when mkdir answers
 * ENOENT under a parent that exists (seen for any path under /proc), so a bad cache directory
 * would hang the CLI; this makes the missing directories one by one and throws the first error.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let current = path.resolve(dir); !existsSync(current); current = path.dirname(current)) {
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const directory of missing.reverse()) {
    try {
      mkdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // EEXIST: another process made it
    }
  }
}

/**
 * Writes `text` to a temp file in the same directory, then renames it over `file`, so a reader
 * never sees half a file; an existing file's mode is kept. The temp file never outlives a failure.
 * When `file` is a symbolic link, the file it points to is written and the link stays a link.
 */
export function writeAtomically(file: string, text: string): void {
  replaceFile(lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ? realpathSync(file) : file, text);
}

/**
 * Writes a file this run creates or owns (an export): a regular file or nothing at `file`.
 * A symbolic link, FIFO or device already there is refused, never written through.
 */
export function writeOwnFile(file: string, text: string): void {
  const existing = lstatSync(file, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) throw new Error(`${file} is a symbolic link; Docwright writes only regular files it creates`);
  if (existing && !existing.isFile()) throw new Error(`${file} is ${kindOf(existing)}; Docwright writes only regular files it creates`);
  replaceFile(file, text);
}

/** Temp file then rename: the rename replaces a directory entry, so it never writes through a link. */
function replaceFile(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.docwright-${process.pid}-${Date.now()}.tmp`);
  try {
    writeFileSync(temp, text, { encoding: 'utf8', flag: 'wx' }); // 'wx': never a link planted at the temp name
    const mode = statSync(file, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined) chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(temp, { force: true }); // EEXIST: not ours to remove
    throw error;
  }
}
