import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { baselineText, parseBaseline, type BaselineDocument, type BaselineEntry } from '../core/rules/baseline';
import { writeAtomically } from './fsutil';

/**
 * The baseline file (core/rules/baseline.ts matches against it), for both hosts. Its files are
 * named relative to the baseline's own folder, so the CLI run from anywhere, and the editor,
 * name a file the same way.
 */

/** `file` as a baseline at `baselineFile` names it. */
export function baselinePath(file: string, baselineFile: string): string {
  return path.relative(path.dirname(path.resolve(baselineFile)), path.resolve(file)).split(path.sep).join('/');
}

export function readBaseline(file: string): BaselineDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the baseline ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

export function writeBaseline(file: string, document: BaselineDocument): void {
  writeAtomically(file, baselineText(document));
}

/**
 * The editor reads a baseline again only when the file changed (by size and mtime); an
 * unreadable one is an empty baseline, said once through `log`.
 */
export class BaselineCache {
  private readonly read = new Map<string, { stamp: string; findings: BaselineEntry[] }>();
  private readonly reported = new Set<string>();

  /** `firstRead`: a baseline file is read for the first time (the editor watches it from then on). */
  constructor(private readonly log: (message: string) => void, private readonly firstRead: (file: string) => void = () => undefined) {}

  get(file: string): BaselineDocument {
    const stats = statSync(file, { throwIfNoEntry: false });
    const stamp = stats ? `${stats.size}:${stats.mtimeMs}` : 'missing';
    const known = this.read.get(file);
    if (!known) this.firstRead(file);
    if (known?.stamp === stamp) return { version: 1, findings: known.findings };
    let findings: BaselineEntry[] = [];
    try {
      findings = readBaseline(file).findings;
      this.reported.delete(file);
    } catch (error) {
      if (!this.reported.has(file)) this.log(`baseline ignored: ${(error as Error).message}`);
      this.reported.add(file);
    }
    this.read.set(file, { stamp, findings });
    return { version: 1, findings };
  }
}
