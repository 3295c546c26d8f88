import type { BatchReport, ChangeRecord, TextSplice } from './model';

/**
 * A previewed run: the editor applies what the user kept of the computed edits, and says only
 * whether it applied anything, so what was kept is found by matching each file's text.
 */

/**
 * Which of a file's edits a text shows applied, or undefined when it matches no subset of them
 * (the file changed otherwise). The refactor preview lets the user untick single edits, so the
 * answer is per edit. Edits do not overlap; between them the text must be the original's.
 */
export function appliedEdits(original: string, edits: TextSplice[], now: string): boolean[] | undefined {
  const order = edits.map((edit, i) => ({ edit, i })).sort((a, b) => a.edit.start - b.edit.start);
  const applied = edits.map(() => false);
  const walk = (k: number, from: number, at: number): boolean => {
    if (k === order.length) return now.slice(at) === original.slice(from);
    const { edit, i } = order[k]!;
    const gap = original.slice(from, edit.start);
    if (!now.startsWith(gap, at)) return false;
    const here = at + gap.length;
    if (now.startsWith(edit.newText, here) && walk(k + 1, edit.end, here + edit.newText.length)) {
      applied[i] = true;
      return true;
    }
    applied[i] = false;
    const old = original.slice(edit.start, edit.end);
    return now.startsWith(old, here) && walk(k + 1, edit.end, here + old.length);
  };
  return walk(0, 0, 0) ? applied : undefined;
}

/**
 * The report of a previewed run once the preview is settled: only the changes it kept count as
 * added or updated (and go to the changelog); the rest are declined. `failed` files are ones whose
 * text matched none of what was computed, so nothing of them is claimed.
 */
export function settlePreview(report: BatchReport, kept: ReadonlySet<ChangeRecord>, failed: { file: string; reason: string }[], note: string): BatchReport {
  const computed = [...report.added, ...report.updated];
  const unknown = new Set(failed.map((f) => f.file));
  const keep = (c: ChangeRecord) => kept.has(c) && !unknown.has(c.file);
  return {
    ...report,
    added: report.added.filter(keep),
    updated: report.updated.filter(keep),
    declined: computed.filter((c) => !kept.has(c) && !unknown.has(c.file)),
    failed: [...report.failed, ...failed],
    changedFiles: report.changedFiles.filter((file) => computed.some((c) => c.file === file && keep(c))),
    previewNote: note,
  };
}
