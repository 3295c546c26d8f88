import { existsSync, mkdirSync } from 'node:fs';
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
