import { createHash } from 'node:crypto';
import type { FileResult } from '../fileJob';
import { findingRows } from './rows';

/**
 * GitLab Code Quality: a JSON array of issues, each with a fingerprint that stays the same while
 * the finding does, so the merge request shows what is new and what was fixed. The fingerprint
 * hashes what a baseline keys on (file, code, qualified name, and which of that key's findings it
 * is), never the line, so an edit above a finding does not make it new.
 */

const SEVERITY: Record<string, string> = { error: 'major', warning: 'minor', information: 'info', hint: 'info' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end: number } };
}

export function codeQuality(results: FileResult[]): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return results.flatMap((result) => {
    const rows = findingRows([result]);
    return (result.findings ?? []).map((finding, i) => {
      const row = rows[i]!;
      const key = JSON.stringify([result.file, finding.code, finding.scope.qualname]);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const inCell = row.cell !== undefined;
      return {
        description: inCell ? `${row.message} (cell ${row.cell}, line ${row.line})` : row.message,
        check_name: row.code,
        fingerprint: createHash('sha256').update(`${key}#${occurrence}`).digest('hex'),
        severity: SEVERITY[row.severity] ?? 'minor',
        location: { path: row.file, lines: inCell ? { begin: 1, end: 1 } : { begin: row.line, end: row.endLine } },
      };
    });
  });
}
