import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Docwright's version, read from its package.json, the one place it is written. The bundles in
 * dist/ find the package.json beside dist/ (the extension and the npm package both ship it);
 * code run from out/ (the tests) finds the repository's.
 */
export const VERSION: string = readVersion(__dirname);

function readVersion(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'docwright' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // none here (or not ours): look further up
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
