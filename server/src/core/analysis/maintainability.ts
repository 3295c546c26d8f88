import type { ModuleAnalysis } from './model';
import type { RawMetrics } from './raw';

/**
 * radon 5.1's maintainability index (`radon mi`, multi-line strings counted as comments):
 * MI = max(0, 171 - 5.2 ln V - 0.23 G - 16.2 ln L + 50 sin(sqrt(2.46 rad(C)))) * 100 / 171,
 * with V the module's Halstead volume, G its total cyclomatic complexity, L its logical
 * lines and C the percentage of comment and multi-line-string lines among its source lines.
 */

export type MaintainabilityRank = 'A' | 'B' | 'C';

export interface Maintainability {
  index: number;
  rank: MaintainabilityRank;
}

export function maintainability(volume: number, analysis: ModuleAnalysis, raw: RawMetrics): Maintainability {
  const comments = raw.sloc !== 0 ? ((raw.comments + raw.multi) / raw.sloc) * 100 : 0;
  const index = maintainabilityIndex(volume, totalCyclomatic(analysis), raw.lloc, comments);
  return { index, rank: maintainabilityRank(index) };
}

export function maintainabilityIndex(volume: number, complexity: number, lloc: number, commentPercent: number): number {
  if (volume <= 0 || lloc <= 0) return 100;
  const degrees = commentPercent * (Math.PI / 180); // Python's math.radians
  const raw = 171 - 5.2 * Math.log(volume) - 0.23 * complexity - 16.2 * Math.log(lloc) + 50 * Math.sin(Math.sqrt(2.46 * degrees));
  return Math.min(Math.max(0, (raw * 100) / 171), 100);
}

/** radon: A above 19, B above 9, C otherwise. */
export function maintainabilityRank(index: number): MaintainabilityRank {
  return index > 19 ? 'A' : index > 9 ? 'B' : 'C';
}

/**
 * radon's `total_complexity`: 1, plus the decisions of the module's own code, of each
 * top-level function, and of each top-level class and its methods (each method with its 1).
 * Definitions nested in functions, and classes nested in classes, add nothing: radon does
 * not reach them.
 */
export function totalCyclomatic(analysis: ModuleAnalysis): number {
  let total = 1 + analysis.metrics.decisions;
  const defs = analysis.definitions;
  defs.forEach((d, index) => {
    if (d.parentIndex !== -1) return;
    if (d.kind === 'function') {
      total += d.metrics.decisions;
      return;
    }
    total += d.metrics.decisions;
    for (const m of defs) if (m.parentIndex === index && m.kind === 'function') total += m.metrics.cyclomatic;
  });
  return total;
}
