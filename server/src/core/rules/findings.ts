import { DocstringCache } from '../docstring/targets';
import type { ModuleAnalysis, Span } from '../analysis/model';
import { FAMILIES } from './registry';
import type { ModuleIdentity, Report, RuleSettings, Severity } from './rule';
import { familyEnabled, isSuppressed, severityFor, suppressions } from './selection';

export type { ModuleIdentity, RuleSettings } from './rule';

/** Analysis + settings → findings. Pure: the server and the CLI translate these. */

export interface Finding {
  code: string;
  message: string;
  span: Span;
  severity: Severity;
}

/** Every family's check whose codes are selected, then severities and suppression comments, in source order. */
export function findings(analysis: ModuleAnalysis, module: ModuleIdentity, source: string, settings: RuleSettings, docstrings?: DocstringCache): Finding[] {
  const out: Finding[] = [];
  const report: Report = (rule, data, span) => {
    const severity = severityFor(rule.code, settings);
    if (severity) out.push({ code: rule.code, message: rule.message(data), span, severity });
  };
  // The stale and placeholder checks read the same docstrings: read each once.
  const input = { analysis, module, settings, docstrings: docstrings ?? new DocstringCache() };
  for (const family of FAMILIES) {
    if (familyEnabled(family.name, settings)) family.check(input, report);
  }
  const suppressed = suppressions(source);
  return out
    .filter((f) => !isSuppressed(suppressed, f.span.startLine, f.code))
    .sort((a, b) => a.span.startLine - b.span.startLine || a.span.startCol - b.span.startCol || a.code.localeCompare(b.code));
}
