import * as path from 'node:path';
import { BaselineMatcher, baselineOf, type BaselineDocument, type BaselineKey } from '../../core/rules/baseline';
import { baselinePath, readBaseline, writeBaseline } from '../../workspace/baseline';
import { changedAtAll, changedSince, touches, type ChangedLines } from '../../workspace/gitDiff';
import type { CliFinding, FileResult } from '../fileJob';
import type { TextSink } from '../io';
import { plural } from '../output/text';

/**
 * `check --write-baseline FILE`, `check --baseline FILE` and `check --diff REF`: what a legacy
 * codebase needs to gate CI on new findings only. Matching is core/rules/baseline.ts's; the
 * file and git are workspace's.
 */

function keyOf(result: FileResult, finding: CliFinding, baselineFile: string, cwd: string): BaselineKey {
  return { file: baselinePath(path.resolve(cwd, result.file), baselineFile), code: finding.code, qualname: finding.scope.qualname };
}

/** Records every current finding; a finding fixed since the last write is gone from the new file. */
export function writeBaselineOf(results: FileResult[], file: string, cwd: string, stderr: TextSink): BaselineDocument {
  const keys = results.flatMap((r) => (r.findings ?? []).map((f) => keyOf(r, f, file, cwd)));
  const document = baselineOf(keys);
  writeBaseline(file, document);
  const entries = document.findings.length;
  stderr.write(`Wrote ${plural(keys.length, 'finding')} (${entries} ${entries === 1 ? 'entry' : 'entries'}) to ${file}.\n`);
  return document;
}

/** The results with only the findings `keep` accepts, and how many it left out. */
function filtered(results: FileResult[], keep: (result: FileResult, finding: CliFinding) => boolean): { results: FileResult[]; leftOut: number } {
  let leftOut = 0;
  const kept = results.map((r) => {
    if (!r.findings) return r;
    const findings = r.findings.filter((f) => keep(r, f));
    leftOut += r.findings.length - findings.length;
    return { ...r, findings };
  });
  return { results: kept, leftOut };
}

/** Only findings the baseline does not record (per key, those past its count). */
export function withoutBaselined(results: FileResult[], file: string, cwd: string): { results: FileResult[]; leftOut: number } {
  const matcher = new BaselineMatcher(readBaseline(file));
  return filtered(results, (r, f) => !matcher.accepts(keyOf(r, f, file, cwd)));
}

/**
 * Only findings in definitions changed since `ref`: a finding's scope (its innermost definition,
 * or for the module's own findings the whole file) holds a changed line. A notebook's cell lines
 * are not the file's, so any change to a notebook keeps all its findings.
 */
export function inChangedDefinitions(results: FileResult[], ref: string, cwd: string): { results: FileResult[]; leftOut: number } {
  const changed: ChangedLines = changedSince(ref, cwd);
  return filtered(results, (r, f) => {
    const file = path.resolve(cwd, r.file);
    if (f.cell !== undefined) return changedAtAll(changed, file);
    return touches(changed, file, f.scope.startLine, f.scope.endLine);
  });
}
