import type { SeverityName, Settings } from '../../shared/settings';
import { docstringProblems, readExisting, type DocstringCache } from '../docstring/targets';
import { placeholderParts } from '../docstring/model';
import type { StaleChecks } from '../docstring/check';
import { lineStarts, pointIn } from '../parse/lines';
import { CODE_INFO } from './codes';
import { decoratorName } from '../analysis/definitions';
import type { Definition, ModuleAnalysis, Span } from '../analysis/model';

/** Analysis + settings → findings. Pure: the server and the CLI translate these. */

export interface Finding {
  code: string;
  message: string;
  span: Span;
  severity: Exclude<SeverityName, 'off'>;
}

export type RuleSettings = Pick<Settings, 'maxCyclomatic' | 'maxCognitive' | 'maxNesting' | 'select' | 'ignore' | 'severity'> & Partial<Pick<Settings, 'staleChecks'>>;

export interface ModuleIdentity {
  /** File path with `/` separators; only its directory names and file name are used. */
  path: string;
  /** A notebook cell: a fragment of a module, never asked for a module docstring. */
  cell?: boolean;
}

const VARIADIC_MAGIC = new Set(['__init__', '__call__', '__new__']);

export function findings(analysis: ModuleAnalysis, module: ModuleIdentity, source: string, settings: RuleSettings, docstrings?: DocstringCache): Finding[] {
  const out: Finding[] = [];
  const report = (code: string, message: string, span: Span) => {
    const severity = severityFor(code, settings);
    if (severity) out.push({ code, message, span, severity });
  };
  missingDocstrings(analysis, module, report);
  if (STALE_CODES.some((code) => severityFor(code, settings))) staleDocstrings(analysis, report, settings.staleChecks ?? 'lenient', docstrings);
  if (severityFor('DW501', settings)) placeholderDocstrings(analysis, module, report, docstrings);
  complexity(analysis, settings, report);
  const suppressed = noqaLines(source);
  return out
    .filter((f) => !isSuppressed(suppressed.get(f.span.startLine), f.code))
    .sort((a, b) => a.span.startLine - b.span.startLine || a.span.startCol - b.span.startCol || a.code.localeCompare(b.code));
}

export function severityFor(code: string, settings: Pick<RuleSettings, 'select' | 'ignore' | 'severity'>): Exclude<SeverityName, 'off'> | undefined {
  const selected = settings.select.some((prefix) => code.startsWith(prefix.trim().toUpperCase()));
  const ignored = settings.ignore.some((prefix) => code.startsWith(prefix.trim().toUpperCase()));
  if (!selected || ignored) return undefined;
  const configured = settings.severity[code];
  if (configured === 'off') return undefined;
  return configured ?? CODE_INFO.get(code)?.defaultSeverity ?? 'warning';
}

type Report = (code: string, message: string, span: Span) => void;

const MODULE_SPAN: Span = { startLine: 0, startCol: 0, endLine: 0, endCol: 0 };

/** pydocstyle 6.2's D100–D107, including its rules of who is public. */
function missingDocstrings(analysis: ModuleAnalysis, module: ModuleIdentity, report: Report): void {
  const segments = module.path.split('/').filter(Boolean);
  const fileName = segments[segments.length - 1] ?? '';
  if (!module.cell && !analysis.hasDocstringToken && isPublicModule(segments)) {
    if (fileName === '__init__.py') report('DW104', 'Missing docstring in public package', MODULE_SPAN);
    else report('DW100', 'Missing docstring in public module', MODULE_SPAN);
  }
  const isPublic = publicity(analysis);
  analysis.definitions.forEach((definition, index) => {
    // Never guess about code that does not parse: a broken definition gets no findings.
    if (!isPublic[index] || definition.hasDocstringToken || definition.hasSyntaxError) return;
    const parent = definition.parentIndex >= 0 ? analysis.definitions[definition.parentIndex] : undefined;
    const code = missingCode(definition, parent);
    if (code) report(code, `${CODE_INFO.get(code)!.title}: \`${definition.qualname}\``, definition.nameSpan);
  });
}

/** Which definitions pydocstyle counts as public, by index into `analysis.definitions`. */
export function publicity(analysis: ModuleAnalysis): boolean[] {
  const result: boolean[] = [];
  analysis.definitions.forEach((definition, index) => {
    const parent = definition.parentIndex >= 0 ? analysis.definitions[definition.parentIndex]! : undefined;
    const parentPublic = definition.parentIndex >= 0 ? result[definition.parentIndex]! : true;
    result[index] = isPublicDefinition(definition, parent, parentPublic, analysis.dunderAll);
  });
  return result;
}

function isPublicName(name: string): boolean {
  return !name.startsWith('_') || (name.startsWith('__') && name.endsWith('__'));
}

/** A module is public when its name is, and no directory above it is private. */
export function isPublicModule(segments: string[]): boolean {
  if (segments.length === 0) return true;
  const stem = segments[segments.length - 1]!.replace(/\.[^.]*$/, '');
  return isPublicName(stem) && segments.slice(0, -1).every(isPublicName);
}

function isMagic(name: string): boolean {
  return name.startsWith('__') && name.endsWith('__') && !VARIADIC_MAGIC.has(name);
}

function isPublicDefinition(definition: Definition, parent: Definition | undefined, parentPublic: boolean, dunderAll: string[] | null): boolean {
  const name = definition.name;
  if (!parent) return dunderAll !== null ? dunderAll.includes(name) : !name.startsWith('_');
  if (parent.kind === 'function') return false; // nested functions and classes in functions
  if (definition.kind === 'class') return !name.startsWith('_') && parentPublic;
  // A method: setters/deleters (`@name.setter`) are private to pydocstyle.
  if (definition.decorators.some((d) => decoratorName(d).startsWith(`${name}.`))) return false;
  const namePublic = !name.startsWith('_') || VARIADIC_MAGIC.has(name) || isMagic(name);
  return parentPublic && namePublic;
}

function missingCode(definition: Definition, parent: Definition | undefined): string | undefined {
  const overload = definition.decorators.some((d) => decoratorName(d) === 'overload');
  if (definition.kind === 'class') return parent ? 'DW106' : 'DW101';
  if (!parent) return overload ? undefined : 'DW103';
  if (isMagic(definition.name)) return 'DW105';
  if (definition.name === '__init__') return 'DW107';
  return overload ? undefined : 'DW102';
}

const STALE_CODES = ['DW401', 'DW402', 'DW403', 'DW404', 'DW405', 'DW406', 'DW407', 'DW408'];

/** DW401–DW408: docstrings that no longer match their signature or body. */
function staleDocstrings(analysis: ModuleAnalysis, report: Report, mode: StaleChecks, docstrings?: DocstringCache): void {
  analysis.definitions.forEach((definition, index) => {
    if (!definition.docstring) return;
    for (const problem of docstringProblems(analysis, index, docstrings, mode)) {
      report(problem.code, `${problem.message} (\`${definition.qualname}\`)`, definition.nameSpan);
    }
  });
}

/**
 * DW501: docstrings whose summary or an entry's description is still placeholder text, so a
 * project the template documented does not pass for a documented one.
 */
function placeholderDocstrings(analysis: ModuleAnalysis, module: ModuleIdentity, report: Report, docstrings?: DocstringCache): void {
  const read = (raw: string) => (docstrings ? docstrings.read(raw) : readExisting(raw));
  const check = (raw: string, span: Span, name: string) => {
    const parts = placeholderParts(read(raw).model);
    if (parts.length) report('DW501', `Docstring is a placeholder: TODO in ${parts.join(', ')} (${name})`, span);
  };
  // A notebook cell is a fragment of a module: a string first in it is no module docstring.
  if (analysis.docstring && !module.cell) {
    const { startLine, startCol } = analysis.docstring.span;
    // The module has no name to carry it: its docstring's first line does.
    const firstLine = analysis.docstring.raw.split(/\r?\n/)[0]!;
    check(analysis.docstring.raw, { startLine, startCol, endLine: startLine, endCol: startCol + firstLine.length }, 'module');
  }
  for (const definition of analysis.definitions) {
    if (definition.docstring && !definition.hasSyntaxError) check(definition.docstring.raw, definition.nameSpan, `\`${definition.qualname}\``);
  }
}

function hasFunctionAncestor(analysis: ModuleAnalysis, definition: Definition): boolean {
  for (let i = definition.parentIndex; i >= 0; i = analysis.definitions[i]!.parentIndex) {
    if (analysis.definitions[i]!.kind === 'function') return true;
  }
  return false;
}

function complexity(analysis: ModuleAnalysis, settings: RuleSettings, report: Report): void {
  for (const definition of analysis.definitions) {
    if (definition.kind !== 'function' || definition.hasSyntaxError) continue;
    const m = definition.metrics;
    const name = `\`${definition.qualname}\``;
    if (m.cyclomatic > settings.maxCyclomatic) {
      report('DW901', `${name} is too complex: cyclomatic complexity ${m.cyclomatic} > ${settings.maxCyclomatic} (rank ${m.rank})`, definition.nameSpan);
    }
    // As in Sonar, a nested function's score is part of its enclosing function's: report that one.
    if (m.cognitive > settings.maxCognitive && !hasFunctionAncestor(analysis, definition)) {
      report('DW902', `${name} is too hard to follow: cognitive complexity ${m.cognitive} > ${settings.maxCognitive}`, definition.nameSpan);
    }
    if (m.nesting > settings.maxNesting) {
      report('DW903', `${name} nests too deeply: depth ${m.nesting} > ${settings.maxNesting}`, definition.nameSpan);
    }
  }
}

const NOQA = /#\s*noqa(?::\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*))?/gi;

/** Lines carrying `# noqa` (all codes: null) or `# noqa: A1, B2` (those codes), as in ruff. */
export function noqaLines(source: string): Map<number, Set<string> | null> {
  const result = new Map<number, Set<string> | null>();
  if (!/noqa/i.test(source)) return result;
  const starts = lineStarts(source);
  for (const match of source.matchAll(NOQA)) {
    const line = pointIn(starts, match.index).row;
    if (!match[1]) {
      result.set(line, null);
    } else if (result.get(line) !== null) {
      const codes = result.get(line) ?? new Set<string>();
      for (const code of match[1].split(',')) codes.add(code.trim().toUpperCase());
      result.set(line, codes);
    }
  }
  return result;
}

function isSuppressed(entry: Set<string> | null | undefined, code: string): boolean {
  if (entry === undefined) return false;
  return entry === null || entry.has(code);
}
