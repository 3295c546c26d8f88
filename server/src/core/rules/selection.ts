import type { Settings } from '../../shared/settings';
import { lineStarts, pointIn } from '../parse/lines';
import { codesIn, RULES, ruleFor } from './registry';
import type { FamilyName, Severity } from './rule';

/**
 * Which codes are reported, how loud, and where a comment silences them: `select`/`ignore`
 * prefixes, `severity` per code, and `# noqa` / `# docwright: ignore[...]` on a line. Both hosts
 * decide this here only.
 */

export type SelectionSettings = Pick<Settings, 'select' | 'ignore' | 'severity'>;

/** A `select`/`ignore` entry is a code prefix, as in ruff: `DW` is every code, `DW9` complexity. */
function matchesPrefix(code: string, prefix: string): boolean {
  return code.startsWith(prefix.trim().toUpperCase());
}

/** The codes a `select`/`ignore` entry names; none for a typo. */
export function codesMatching(prefix: string): string[] {
  return RULES.filter((rule) => matchesPrefix(rule.code, prefix)).map((rule) => rule.code);
}

/** The severity a code is reported with, or `undefined` when it is not reported. */
export function severityFor(code: string, settings: SelectionSettings): Severity | undefined {
  const selected = settings.select.some((prefix) => matchesPrefix(code, prefix));
  const ignored = settings.ignore.some((prefix) => matchesPrefix(code, prefix));
  if (!selected || ignored) return undefined;
  const configured = settings.severity[code];
  if (configured === 'off') return undefined;
  return configured ?? ruleFor(code)?.severity ?? 'warning';
}

/** Whether any code of a family is reported, so its check is worth running. */
export function familyEnabled(family: FamilyName, settings: SelectionSettings): boolean {
  return codesIn(family).some((code) => severityFor(code, settings) !== undefined);
}

/** By 0-based line: `null` silences every code there, a set only those codes. */
export type Suppressions = Map<number, Set<string> | null>;

/** Codes separated by commas or blanks, as ruff reads a noqa list: `A1, B2`, `A1 B2`. */
const CODE_LIST = String.raw`[A-Z]+[0-9]+(?:(?:\s*,\s*|\s+)[A-Z]+[0-9]+)*`;
/** ruff's form: `# noqa` (every code) or `# noqa: A1, B2`. */
const NOQA = new RegExp(String.raw`#\s*noqa(?::\s*(${CODE_LIST}))?`, 'gi');
/** Docwright's own, for projects whose other linters read every `noqa`: `# docwright: ignore[A1, B2]`. */
const DOCWRIGHT_IGNORE = new RegExp(String.raw`#\s*docwright:\s*ignore\[\s*(${CODE_LIST})\s*\]`, 'gi');

/** The lines of a source that carry a suppression comment, and what each suppresses. */
export function suppressions(source: string): Suppressions {
  const result: Suppressions = new Map();
  if (!/noqa|docwright/i.test(source)) return result;
  const starts = lineStarts(source);
  const add = (index: number, codes: string | undefined) => {
    const line = pointIn(starts, index).row;
    if (codes === undefined) {
      result.set(line, null);
    } else if (result.get(line) !== null) {
      const set = result.get(line) ?? new Set<string>();
      for (const code of codes.split(/[\s,]+/)) set.add(code.toUpperCase());
      result.set(line, set);
    }
  };
  for (const match of source.matchAll(NOQA)) add(match.index, match[1]);
  for (const match of source.matchAll(DOCWRIGHT_IGNORE)) add(match.index, match[1]);
  return result;
}

/** The suppression comments on one line, as written (`# noqa: DW901`), joined when there are several. */
export function suppressionCommentOn(line: string): string {
  return [...line.matchAll(NOQA), ...line.matchAll(DOCWRIGHT_IGNORE)].sort((a, b) => a.index - b.index).map((m) => m[0]).join(' ');
}

export function isSuppressed(suppressed: Suppressions, line: number, code: string): boolean {
  const entry = suppressed.get(line);
  if (entry === undefined) return false;
  return entry === null || entry.has(code);
}

/** How a new suppression is spelled: ruff's `# noqa: X` or Docwright's `# docwright: ignore[X]`. */
export type SuppressionStyle = 'noqa' | 'docwright';

const NOQA_ON_LINE = new RegExp(String.raw`#\s*noqa(?::\s*(${CODE_LIST}))?`, 'i');
const IGNORE_ON_LINE = /(#\s*docwright:\s*ignore\[)([^\]]*)\]/i;

function merged(listed: string, codes: string[]): string {
  const present = listed.split(/[\s,]+/).map((code) => code.toUpperCase()).filter(Boolean);
  const added = codes.filter((code) => !present.includes(code));
  // Nothing to add: the list stays as written.
  return added.length ? [...present, ...added].join(', ') : listed;
}

/**
 * One line of source with `codes` silenced on it. A suppression already on the line takes the
 * codes (a bare `# noqa` silences everything already, so it is left as it is); otherwise a new
 * comment goes at the end, two spaces after the code as PEP 8 asks. Both hosts' "ignore on this
 * line" use this, so the editor's quick fix and `--add-noqa` write the same text.
 */
export function withSuppression(line: string, codes: string[], style: SuppressionStyle = 'noqa'): string {
  const wanted = codes.map((code) => code.toUpperCase());
  const noqa = NOQA_ON_LINE.exec(line);
  if (noqa) {
    if (noqa[1] === undefined) return line;
    const start = noqa.index + noqa[0].length - noqa[1].length;
    return line.slice(0, start) + merged(noqa[1], wanted) + line.slice(noqa.index + noqa[0].length);
  }
  const ignore = IGNORE_ON_LINE.exec(line);
  if (ignore) {
    const start = ignore.index + ignore[1].length;
    return line.slice(0, start) + merged(ignore[2], wanted) + line.slice(start + ignore[2].length);
  }
  const comment = style === 'noqa' ? `# noqa: ${wanted.join(', ')}` : `# docwright: ignore[${wanted.join(', ')}]`;
  const code = line.trimEnd();
  return code === '' ? comment : `${code}  ${comment}`;
}
