import { DocstringCache } from '../docstring/targets';
import type { ModuleAnalysis, Span } from '../analysis/model';
import type { ForeignClasses } from '../analysis/exceptions';
import { splitLines } from '../parse/lines';
import { FAMILIES } from './registry';
import type { ModuleIdentity, Report, RuleSettings, Severity } from './rule';
import { familyEnabled, isSuppressed, severityFor, suppressionCommentOn, suppressions } from './selection';

export type { ModuleIdentity, RuleSettings } from './rule';

/** Analysis + settings → findings. Pure: the server and the CLI translate these. */

export interface Finding {
  code: string;
  message: string;
  span: Span;
  severity: Severity;
}

/** A finding a comment on its line silences, with that comment as written. */
export interface SuppressedFinding extends Finding {
  comment: string;
}

/** Every family's check whose codes are selected, then severities and suppression comments, in source order. */
export function findings(analysis: ModuleAnalysis, module: ModuleIdentity, source: string, settings: RuleSettings, docstrings?: DocstringCache, foreign?: ForeignClasses): Finding[] {
  return findingsAndSuppressed(analysis, module, source, settings, docstrings, foreign).findings;
}

/** The findings, and apart from them those a `# noqa` or `# docwright: ignore[…]` silences (what `--report-suppressed` lists). */
export function findingsAndSuppressed(
  analysis: ModuleAnalysis, module: ModuleIdentity, source: string, settings: RuleSettings, docstrings?: DocstringCache, foreign?: ForeignClasses,
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const out: Finding[] = [];
  const report: Report = (rule, data, span) => {
    const severity = severityFor(rule.code, settings);
    if (severity) out.push({ code: rule.code, message: rule.message(data), span, severity });
  };
  // The stale and placeholder checks read the same docstrings: read each once.
  const input = { analysis, module, settings, docstrings: docstrings ?? new DocstringCache(), source, ...(foreign ? { foreign } : {}) };
  for (const family of FAMILIES) {
    if (familyEnabled(family.name, settings)) family.check(input, report);
  }
  out.sort((a, b) => a.span.startLine - b.span.startLine || a.span.startCol - b.span.startCol || a.code.localeCompare(b.code));
  const suppressed = suppressions(source);
  if (!suppressed.size) return { findings: out, suppressed: [] };
  const lines = splitLines(source);
  const kept: Finding[] = [];
  const silenced: SuppressedFinding[] = [];
  for (const f of out) {
    if (!isSuppressed(suppressed, f.span.startLine, f.code)) kept.push(f);
    else silenced.push({ ...f, comment: suppressionCommentOn(lines[f.span.startLine] ?? '') });
  }
  return { findings: kept, suppressed: silenced };
}
