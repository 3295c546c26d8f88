import { complexity } from './complexity';
import { missing } from './missing';
import { placeholder } from './placeholder';
import type { FamilyName, Rule, RuleFamily } from './rule';
import { stale } from './stale';

export type { FamilyName, Severity } from './rule';

/**
 * Every code Docwright reports, assembled from one file per family. Whatever asks about a code
 * (its title, default severity, docs, or which family it belongs to) asks here.
 */

export const FAMILIES: readonly RuleFamily[] = [missing, stale, placeholder, complexity];

export interface RegisteredRule extends Rule<string, never> {
  readonly family: FamilyName;
}

/** In code order, as docs/codes.md and SARIF list them. */
export const RULES: readonly RegisteredRule[] = FAMILIES.flatMap((family) => family.rules.map((rule) => ({ ...rule, family: family.name })));

const BY_CODE = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleFor(code: string): RegisteredRule | undefined {
  return BY_CODE.get(code);
}

export function familyOf(code: string): FamilyName | undefined {
  return BY_CODE.get(code)?.family;
}

/** Whether a code (a finding's, or a diagnostic's) belongs to a family. */
export function isInFamily(code: string | number | undefined, family: FamilyName): boolean {
  return typeof code === 'string' && familyOf(code) === family;
}

export function codesIn(family: FamilyName): string[] {
  return RULES.filter((rule) => rule.family === family).map((rule) => rule.code);
}

/** The fragment of docs/codes.md a diagnostic links to: its code's heading. */
export function docsAnchor(code: string): string {
  return code.toLowerCase();
}
