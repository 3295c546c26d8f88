import type { BatchReport, ChangeRecord, Place, Plan } from './model';

/** The Markdown report of a Document Workspace run. */

/** A link to a file, at a place in it when known; the host decides its form (a file URI with `#L12` in the editor). */
export type LinkTo = (file: string, place?: Place) => string;

export function placeholdersOf(changes: ChangeRecord[]): number {
  return changes.filter((c) => c.placeholder).length;
}

/** `link`: each entry links to its file and line; without it entries name them only. */
export function reportMarkdown(
  report: BatchReport, plan: Plan, run: { provider: string; tokens: number; usd: number; cacheHits: number }, rel: (file: string) => string, link?: LinkTo,
): string {
  const lines = ['# Docwright: document workspace', ''];
  lines.push(`${report.cancelled ? '**Cancelled.** ' : ''}${report.added.length} docstrings added, ${report.updated.length} updated in ${report.changedFiles.length} files; `
    + `${report.skipped.length} skipped, ${report.failed.length} files failed; ${plan.files.length} files planned, ${plan.skippedFiles.length} unreadable`
    + `${plan.unparsed.length ? `, ${plan.unparsed.length} definitions not parsed` : ''}. `
    + `Provider ${run.provider}: ${run.tokens} tokens, $${run.usd.toFixed(4)}, ${run.cacheHits} cache hits. ${report.seconds.toFixed(1)} s.`, '');
  const notes = [placeholderNote(placeholdersOf(report.added), run.provider), leftOutNote(plan.leftOut.missing, run.provider), report.previewNote];
  for (const note of notes) if (note) lines.push(note, '');
  const section = (title: string, rows: string[]) => { if (rows.length) lines.push(`## ${title}`, '', ...rows, ''); };
  const where = (file: string, place?: Place) => {
    const name = `\`${rel(file)}${place ? `:${place.cell ? `cell ${place.cell}:` : ''}${place.line}` : ''}\``;
    return link ? `[${name}](${link(file, place)})` : name;
  };
  section('Added', report.added.map((c) => `- ${where(c.file, c)} — \`${c.qualname}\``));
  section('Updated', report.updated.map((c) => `- ${where(c.file, c)} — \`${c.qualname}\``));
  section('Left out in the preview', report.declined.map((c) => `- ${where(c.file, c)} — \`${c.qualname}\` (${c.kind === 'added' ? 'add' : 'update'})`));
  section('Skipped', report.skipped.map((s) => `- ${where(s.file, s)} — \`${s.qualname}\`: ${s.reason}`));
  section('Failed', report.failed.map((f) => `- ${where(f.file)}: ${f.reason}`));
  section('Not read', plan.skippedFiles.map((f) => `- ${where(f.file)}: ${f.reason}`));
  section('Not parsed', plan.unparsed.map((u) => `- ${where(u.file, u)} — \`${u.qualname}\`: it contains a syntax error; fix it first`));
  return `${lines.join('\n')}\n`;
}

function placeholderNote(count: number, provider: string): string | undefined {
  if (count === 0) return undefined;
  return provider === 'template'
    ? `${count} of the added docstrings are placeholders (TODO text to replace by hand); an LLM provider (\`docwright.llm.provider\`) writes descriptions instead.`
    : `${count} of the added docstrings are placeholders (TODO text): the template wrote them where ${provider} did not answer.`;
}

function leftOutNote(missing: number, provider: string): string | undefined {
  if (missing === 0) return undefined;
  return provider === 'template'
    ? `${missing} missing docstrings were left out: the template can only write placeholders for them. Choose **Insert placeholders** to add them, or set an LLM provider to have descriptions written.`
    : `${missing} missing docstrings were left out (stale ones only).`;
}
