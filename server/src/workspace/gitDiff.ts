import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';

/**
 * What changed since a git revision, for `check --diff REF`: the lines of each file that
 * `git diff -U0 REF` shows as added or changed (0-based, in the file as it is now), and every
 * line of files git does not track yet. A deletion marks the lines on either side of it.
 */

export interface ChangedLines {
  /** Real paths of files that changed (git names them from its top level, links resolved); `'all'` for a file git does not track yet. */
  files: Map<string, Set<number> | 'all'>;
}

function git(args: string[], cwd: string): string {
  const result = spawnSync('git', ['-c', 'core.quotePath=false', ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new Error(`--diff needs git: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.trim() || `exit status ${result.status}`}`);
  return result.stdout;
}

/** A path in a diff header: `b/x.py`, or quoted with C escapes when it holds odd characters. */
function headerPath(raw: string): string {
  const unquoted = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(["\\])/g, '$1').replace(/\\t/g, '\t').replace(/\\n/g, '\n') : raw;
  return unquoted.replace(/^b\//, '');
}

export function changedSince(ref: string, cwd: string): ChangedLines {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  const files = new Map<string, Set<number> | 'all'>();
  let current: Set<number> | undefined;
  for (const line of git(['diff', '-U0', '--no-color', '--no-ext-diff', '--no-renames', ref, '--'], top).split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      current = target === '/dev/null' ? undefined : new Set<number>();
      if (current) files.set(path.join(top, headerPath(target)), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk || !current) continue;
    const start = Number(hunk[2]);
    const count = hunk[3] === undefined ? 1 : Number(hunk[3]);
    // `+c,0`: lines were removed after line c; the lines on either side of the cut changed.
    if (count === 0) [start - 1, start].forEach((l) => l >= 0 && current!.add(l));
    for (let l = start; l < start + count; l++) current.add(l - 1);
  }
  for (const name of git(['ls-files', '--others', '--exclude-standard', '-z'], top).split('\0').filter(Boolean)) files.set(path.join(top, name), 'all');
  return { files };
}

/** `file` as git names it: its real path (a walk may have reached it through a linked folder). */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Whether `file` changed at all since REF. */
export function changedAtAll(changed: ChangedLines, file: string): boolean {
  return changed.files.has(realPath(file));
}

/** Whether any changed line of `file` lies in `[startLine, endLine]` (0-based). */
export function touches(changed: ChangedLines, file: string, startLine: number, endLine: number): boolean {
  const lines = changed.files.get(realPath(file));
  if (lines === undefined) return false;
  if (lines === 'all') return true;
  for (const line of lines) if (line >= startLine && line <= endLine) return true;
  return false;
}
