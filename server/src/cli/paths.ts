import * as path from 'node:path';
import { collectFiles, type CollectOptions, type ExcludeRule, type FileSelection, type SkippedEntry } from '../workspace/files';
import type { DocumentFileResult } from './documentJob';
import type { FileResult } from './fileJob';
import type { TextSink } from './io';
import type { WorkerJob } from './worker';
import { displayPath } from '../workspace/resolver';

/** A file as the CLI names it: relative to the working directory when under it, with forward slashes (as the editor's export shows it). */
export { displayPath };

/** One job per file, named for display and for its module path (what noqa and rules see). */
export function jobsFor(files: string[], cwd: string): WorkerJob[] {
  return files.map((file) => ({ file, display: displayPath(file, cwd), module: file.split(path.sep).join('/') }));
}

/** Entries the walk did not take, as results that say why: reported and counted like skipped files. */
export function skippedResults(skipped: SkippedEntry[], cwd: string): (DocumentFileResult & FileResult & { skipped: string })[] {
  return skipped.map((s) => ({ file: displayPath(s.path, cwd), skipped: s.reason, items: [], refused: [], missingLeftOut: 0, written: false }));
}

/** The files under `paths`; a PATH that does not exist is said, and the run ends (undefined). */
export function collectOrSay(paths: string[], rules: ExcludeRule[], cwd: string, options: CollectOptions, stderr: TextSink): FileSelection | undefined {
  const collected = collectFiles(paths, rules, cwd, options);
  for (const m of collected.missing) stderr.write(`docwright: ${m}: no such file or directory\n`);
  return collected.missing.length ? undefined : collected;
}
