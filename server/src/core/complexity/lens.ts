import type { Definition } from '../analysis/model';
import type { Finding } from '../rules/findings';
import { familyOf } from '../rules/registry';
import type { RuleSettings } from '../rules/rule';

/**
 * The line above a def or class: `cognitive 16 · cyclomatic 7 (B) · docstring missing`, and
 * which definitions get one.
 */

export type LensMode = 'off' | 'overThreshold' | 'always';
export type Thresholds = Pick<RuleSettings, 'maxCyclomatic' | 'maxCognitive' | 'maxNesting'>;

/** Whether a function's scores pass a DW901–DW903 threshold (reported or not: a noqa hides the diagnostic, not the score). */
export function overThreshold(definition: Definition, thresholds: Thresholds): boolean {
  const m = definition.metrics;
  return definition.kind === 'function'
    && (m.cyclomatic > thresholds.maxCyclomatic || m.cognitive > thresholds.maxCognitive || m.nesting > thresholds.maxNesting);
}

/**
 * `overThreshold`: functions past a threshold. `always`: every def and class, except those whose
 * cognitive complexity is under `hideUnder` (0 spares none).
 */
export function wantsLens(definition: Definition, mode: LensMode, hideUnder: number, thresholds: Thresholds): boolean {
  if (definition.hasSyntaxError || mode === 'off') return false;
  if (mode === 'overThreshold') return overThreshold(definition, thresholds);
  return definition.metrics.cognitive >= hideUnder;
}

export type DocstringState = 'missing' | 'stale' | 'placeholder' | 'ok' | 'not required';

/** What the findings say of a definition's docstring (so a code the project ignores is not shown either). */
export function docstringState(definition: Definition, found: readonly Finding[]): DocstringState {
  const { startLine, startCol } = definition.nameSpan;
  const here = found.filter((f) => (f.span.startLine === startLine && f.span.startCol === startCol)
    || (definition.docstring !== undefined && f.span.startLine === definition.docstring.span.startLine));
  const families = new Set(here.map((f) => familyOf(f.code)));
  if (families.has('missing')) return 'missing';
  if (families.has('stale')) return 'stale';
  if (families.has('placeholder')) return 'placeholder';
  return definition.hasDocstringToken ? 'ok' : 'not required';
}

export function lensTitle(definition: Definition, docstring: DocstringState, thresholds: Thresholds): string {
  const m = definition.metrics;
  const parts = [`cognitive ${m.cognitive}`, `cyclomatic ${m.cyclomatic} (${m.rank})`];
  if (m.nesting > thresholds.maxNesting) parts.push(`nesting ${m.nesting}`);
  if (docstring !== 'not required') parts.push(`docstring ${docstring}`);
  return parts.join(' · ');
}
