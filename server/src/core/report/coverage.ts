import type { ModuleAnalysis } from '../analysis/model';
import type { DocstringCache } from '../docstring/targets';
import { docstringTargets } from '../rules/missing';
import { placeholderPartsOf } from '../rules/placeholder';
import type { ModuleIdentity } from '../rules/rule';
import { severityFor, type SelectionSettings } from '../rules/selection';

/**
 * Docstring coverage, for both hosts: of the places DW100–DW107 look for a docstring (with
 * pydocstyle's publicity, decided by rules/missing.ts), how many have one. A docstring DW501
 * calls a placeholder is counted, but not as documented. Codes the settings turn off are not
 * counted: a project that ignores DW107 does not track `__init__` docstrings.
 */

export interface CoverageCount {
  documented: number;
  total: number;
  /** Of the total, docstrings that are there but still placeholder text (not documented). */
  placeholders: number;
}

export const NO_COVERAGE: CoverageCount = { documented: 0, total: 0, placeholders: 0 };

export function docstringCoverage(analysis: ModuleAnalysis, module: ModuleIdentity, settings: SelectionSettings, docstrings?: DocstringCache): CoverageCount {
  const count = { ...NO_COVERAGE };
  for (const target of docstringTargets(analysis, module)) {
    if (severityFor(target.code, settings) === undefined) continue;
    count.total++;
    if (!target.hasDocstring) continue;
    const literal = target.index < 0 ? analysis.docstring : analysis.definitions[target.index]!.docstring;
    // An f-string or concatenation first in the body counts as present, as pydocstyle has it, and is no placeholder.
    if (literal && placeholderPartsOf(literal.raw, docstrings).length) count.placeholders++;
    else count.documented++;
  }
  return count;
}

export function addCoverage(a: CoverageCount, b: CoverageCount): CoverageCount {
  return { documented: a.documented + b.documented, total: a.total + b.total, placeholders: a.placeholders + b.placeholders };
}

/** In percent; nothing to document is fully documented. */
export function coveragePercent(count: CoverageCount): number {
  return count.total === 0 ? 100 : (count.documented / count.total) * 100;
}
