import type { SeverityName, Settings } from '../../shared/settings';
import type { DocstringCache } from '../docstring/targets';
import type { ModuleAnalysis, Span } from '../analysis/model';
import type { ForeignClasses } from '../analysis/exceptions';

/**
 * The shape of a rule and of a rule family. Each family file (missing.ts, stale.ts,
 * placeholder.ts, complexity.ts) defines its codes with these and the check that reports them;
 * registry.ts assembles the families.
 */

export type Severity = Exclude<SeverityName, 'off'>;

export type FamilyName = 'missing' | 'stale' | 'placeholder' | 'complexity';

/** One code: its name, how loud it is by default, what it says, and what docs/codes.md says of it. */
export interface Rule<Code extends string = string, Data = never> {
  readonly code: Code;
  readonly title: string;
  /** The rule of a peer tool that it follows, for SARIF and the docs; `(none)` when none does. */
  readonly peer: string;
  readonly severity: Severity;
  /** A finding's message, byte for byte: tests and the labelled stale findings key on it. */
  readonly message: (data: Data) => string;
  /** Its section of docs/codes.md (Markdown). */
  readonly docs: string;
}

/** Declares a rule, keeping its code's literal type and its message's data type. */
export function defineRule<const Code extends string, Data = void>(rule: Rule<Code, Data>): Rule<Code, Data> {
  return rule;
}

export type RuleSettings = Pick<Settings, 'maxCyclomatic' | 'maxCognitive' | 'maxNesting' | 'select' | 'ignore' | 'severity'> & Partial<Pick<Settings, 'staleChecks'>>;

export interface ModuleIdentity {
  /** File path with `/` separators; only its directory names and file name are used. */
  path: string;
  /** A notebook cell: a fragment of a module, never asked for a module docstring. */
  cell?: boolean;
}

/** What a family's check reads. */
export interface CheckInput {
  analysis: ModuleAnalysis;
  module: ModuleIdentity;
  settings: RuleSettings;
  docstrings?: DocstringCache;
  /** The module's text, for what a body uses. */
  source?: string;
  /** The host's reach into the modules this one imports (what a raised class derives from). */
  foreign?: ForeignClasses;
}

/** Reports one finding of a rule; the message is built from `data` only if the code is reported. */
export type Report = <Data>(rule: Rule<string, Data>, data: Data, span: Span) => void;

export interface RuleFamily {
  readonly name: FamilyName;
  /** How docs/codes.md names the family. */
  readonly title: string;
  readonly rules: readonly Rule<string, never>[];
  /** Finds every problem of the family's codes in a module; run only when one of them is selected. */
  readonly check: (input: CheckInput, report: Report) => void;
}
