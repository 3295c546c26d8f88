// The corpus the invariant scripts run over: the standard library of the python3 on PATH.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export function stdlibPath() {
  return execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
}

/** The first `limit` .py files of the corpus (sorted walk), site-packages and tests of bad input left out. */
export function pythonFiles(dir, limit = Infinity, out = []) {
  for (const name of readdirSync(dir).sort()) {
    if (out.length >= limit) break;
    const abs = path.join(dir, name);
    const stat = statSync(abs, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      if (!['site-packages', '__pycache__', 'dist-packages'].includes(name)) pythonFiles(abs, limit, out);
    } else if (name.endsWith('.py')) out.push(abs);
  }
  return out;
}
