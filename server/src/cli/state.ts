import * as path from 'node:path';
import { appendChange } from '../workspace/changelog';
import { stateDirectory } from '../workspace/state';
import type { DocumentFileResult } from './documentJob';

/** The name a run's changelog entries and ledger lines share. */
export function runName(): string {
  return `cli-${new Date().toISOString()}`;
}

/** The changelog: every docstring the CLI wrote, with its run (joined with the ledger for tokens). */
export function recordChanges(env: NodeJS.ProcessEnv, results: DocumentFileResult[], provider: string, run: string): void {
  const file = path.join(stateDirectory(env), 'changelog.jsonl');
  for (const r of results) {
    if (!r.written) continue;
    for (const item of r.items) appendChange(file, { file: r.file, qualname: item.qualname, kind: item.kind, run, provider });
  }
}
