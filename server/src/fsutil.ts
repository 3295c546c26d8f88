import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
 */
export function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.docwright-${process.pid}-${Date.now()}.tmp`);
  try {
    writeFileSync(temp, text, 'utf8');
    const mode = statSync(file, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined) chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
