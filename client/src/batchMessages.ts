import type { PlanSummary, RunWorkspaceResult } from '../../server/src/shared/protocol';

/**
 * What Document Workspace says before and after a run. Kept apart from the vscode API so the
 * exact words are unit-tested: the template writes placeholders, and every message says how many.
 */

export function nothingToWrite(plan: PlanSummary, what: string): string {
  if (plan.unparsed) return `Docwright: nothing to write in the ${what}, but ${plan.unparsed} definitions without a docstring do not parse; fix their syntax errors first (${plan.unreadable} files not read).`;
  if (plan.leftOut.missing) {
    return `Docwright: every existing docstring in the ${what} is up to date; ${plan.leftOut.missing} docstrings are missing`
      + `${plan.provider === 'template' ? ' (choose "Insert placeholders" to add TODO docstrings, or set an LLM provider to have them written)' : ''}.`;
  }
  return `Docwright: every docstring in the ${what} is present and up to date (${plan.unreadable} files not read).`;
}

/** What the template writes, said before it writes it. */
function placeholderLine(plan: PlanSummary): string {
  if (plan.provider !== 'template') return `${plan.provider} writes the descriptions.`;
  const completed = 'existing docstrings are completed (entries added, each with a TODO description, and dropped)';
  if (plan.placeholders === 0) return `No placeholder docstring is inserted: ${completed}${plan.leftOut.missing ? `; ${plan.leftOut.missing} missing docstrings are left out` : ''}.`;
  return `${plan.placeholders} of them are new placeholder docstrings (TODO text to replace by hand); an LLM provider (docwright.llm.provider) writes descriptions instead.`;
}

/** The confirmation's detail: what the run writes, with what, at what cost, and what Preview changes does. */
export function confirmationDetail(plan: PlanSummary): string {
  const parts = [`${plan.functions} docstrings (${plan.missing} missing, ${plan.stale} stale) in ${plan.files} files with ${plan.provider}.`, placeholderLine(plan)];
  const e = plan.estimate;
  if (e) {
    parts.push(`Estimate: ${e.requests} requests, ${e.promptTokens} prompt tokens (up to ${e.maxTokens} with output), ~$${e.usd.toFixed(4)} at most; ${e.cacheHits} from the cache at no cost.`);
    if (!e.fits) parts.push(`The budget left (${e.remainingTokens} tokens, $${e.remainingUsd.toFixed(4)}) does not cover it all.`);
  }
  parts.push('Preview changes: nothing is applied until you tick, in the Refactor Preview, the files to keep.');
  return parts.join('\n');
}

/** The notification at the end of a run: what was applied, placeholders among it, what the preview left out. */
export function runSummary(result: RunWorkspaceResult): string {
  return `Docwright: ${result.cancelled ? 'cancelled — ' : ''}${result.added} added${result.placeholders ? ` (${result.placeholders} placeholders)` : ''}, `
    + `${result.updated} updated, ${result.skipped} skipped, ${result.failed} failed${result.declined ? `; ${result.declined} left out in the preview` : ''}`
    + `${result.tokens ? `; ${result.tokens} tokens, $${result.usd.toFixed(4)}` : ''}.`;
}
