import type { Definition, ModuleAnalysis, Parameter } from '../analysis/model';
import { checkDocstring, subjectsOf, type DocstringProblem, type StaleChecks } from './check';
import { expectedFor, expectedForModule, type Expected } from './expect';
import { ancestorsOf, isBuiltinException, type ForeignClasses } from '../analysis/exceptions';
import { bindAlias, classAliases, importBindings, importedFrom, type ImportBinding } from '../analysis/imports';
import { decodeLiteral } from './literal';
import { splitLines } from '../parse/lines';
import { documentedNames, hasSections, type DocstringModel, type DocstringStyle } from './model';
import { detectStyle, readDocstring, type DocstringRead, type SectionLayout } from './parse';

/** What the analysis knows about one docstring slot: the module's (index -1) or a definition's. */

export interface ExistingDocstring {
  literal: string;
  model: DocstringModel;
  style: DocstringStyle | null;
  /** The reader's view: free-form or not, the roles it has sections for, where its entries are. */
  read: DocstringRead;
  /** The decoded value, for what its prose names. */
  value: string;
  /** Set when we will not rewrite it (e.g. an escape we cannot decode). */
  problem?: string;
}

export interface DocstringSlot {
  index: number;
  qualname: string;
  expected: Expected;
  existing?: ExistingDocstring;
  /** The body starts with a string that is not a docstring (f-string, concatenation, bytes). */
  notADocstring: boolean;
  hasSyntaxError: boolean;
}

export function moduleName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  const stem = file.replace(/\.pyi?$/, '');
  return stem === '__init__' ? path.split(/[\\/]/).slice(-2, -1)[0] ?? stem : stem;
}

export function readExisting(literal: string): ExistingDocstring {
  const decoded = decodeLiteral(literal);
  const style = detectStyle(decoded.value);
  const read = readDocstring(decoded.value, style);
  const existing: ExistingDocstring = { literal, model: read.model, style, read, value: decoded.value };
  if (decoded.problem) existing.problem = decoded.problem;
  return existing;
}

export function slotOf(analysis: ModuleAnalysis, index: number, path: string): DocstringSlot {
  if (index < 0) {
    const slot: DocstringSlot = {
      index, qualname: '<module>', expected: expectedForModule(moduleName(path)),
      notADocstring: analysis.hasDocstringToken && !analysis.docstring, hasSyntaxError: false,
    };
    if (analysis.docstring) slot.existing = readExisting(analysis.docstring.raw);
    return slot;
  }
  const definition = analysis.definitions[index]!;
  const slot: DocstringSlot = {
    index,
    qualname: definition.qualname,
    expected: expectationFor(analysis, index),
    notADocstring: definition.hasDocstringToken && !definition.docstring,
    hasSyntaxError: definition.hasSyntaxError,
  };
  if (definition.docstring) slot.existing = readExisting(definition.docstring.raw);
  return slot;
}

export function expectationFor(analysis: ModuleAnalysis, index: number): Expected {
  const definition = analysis.definitions[index]!;
  const parent = definition.parentIndex >= 0 ? analysis.definitions[definition.parentIndex] : undefined;
  const init = definition.kind === 'class' ? initOf(analysis, index) : undefined;
  const construct = definition.kind === 'class' ? methodOf(analysis, index, '__new__') : undefined;
  const expected = expectedFor(
    definition,
    {
      isStub: definition.isStub,
      hasRaise: definition.hasRaiseStatement,
      attributes: definition.attributes.map((a) => ({ name: a.name, ...(a.annotation ? { type: a.annotation } : {}) })),
      ...(init ? { initParams: init.parameters, initForwarded: init.forwardedToSuper } : {}),
      ...(init?.docstring ? { initDocText: init.docstring.value } : {}),
      ...(construct && construct !== init ? { newParams: construct.parameters } : {}),
      ...(definition.kind === 'class' && methodOf(analysis, index, '__call__') ? { callable: true } : {}),
      ...(parent?.kind === 'class' && parent.docstring ? { classDocText: parent.docstring.value } : {}),
    },
    parent?.kind === 'class' ? parent.name : undefined,
  );
  if (expected.raises.length > 0) expected.raiseAncestors = ancestorsByRaise(analysis, expected.raises);
  if (definition.returnedCallees && callsReturnNothing(analysis, definition)) expected.returnsCallsOfNothing = true;
  return expected;
}

/**
 * Whether every call a definition returns is to a function of the module that itself returns no
 * value: `return self.scrobble_many(...)` where `scrobble_many` ends without one, a validator
 * tail-calling validators. Its `return` hands back None, whatever it looks like. Followed through
 * such calls three deep; a callee the module does not define, or defines as a stub, may return anything.
 */
function callsReturnNothing(analysis: ModuleAnalysis, definition: Definition, depth = 0): boolean {
  if (!definition.returnsValue) return !definition.isStub && !definition.isGenerator;
  if (depth >= 3 || !definition.returnedCallees) return false;
  return definition.returnedCallees.every((callee) => {
    const targets = calledDefinitions(analysis, definition, callee);
    return targets.length > 0 && targets.every((target) => target !== definition && callsReturnNothing(analysis, target, depth + 1));
  });
}

/** What `helper(...)` or `self.helper(...)` in `definition` calls, as far as the module shows: every definition of that name. */
function calledDefinitions(analysis: ModuleAnalysis, definition: Definition, callee: string): readonly Definition[] {
  const dot = callee.indexOf('.');
  // Only the class's own methods: one a base class defines is out of sight, so not followed.
  if (dot >= 0 && analysis.definitions[definition.parentIndex]?.kind !== 'class') return [];
  const scope = dot >= 0 ? definition.parentIndex : -1;
  return functionsByScope(analysis).get(`${scope}:${callee.slice(dot + 1)}`) ?? [];
}

const functionsByAnalysis = new WeakMap<ModuleAnalysis, Map<string, Definition[]>>();

/** A module's functions by `parentIndex:name` (-1 for top level), gathered once per analysis: every delegating definition asks. */
function functionsByScope(analysis: ModuleAnalysis): Map<string, Definition[]> {
  let functions = functionsByAnalysis.get(analysis);
  if (!functions) {
    functions = new Map();
    for (const d of analysis.definitions) {
      if (d.kind !== 'function' || (d.parentKind !== 'module' && analysis.definitions[d.parentIndex]?.kind !== 'class')) continue;
      const key = `${d.parentKind === 'module' ? -1 : d.parentIndex}:${d.name}`;
      functions.set(key, [...(functions.get(key) ?? []), d]);
    }
    functionsByAnalysis.set(analysis, functions);
  }
  return functions;
}

/** What each raised exception derives from, through the module's own classes and the builtins. */
function ancestorsByRaise(analysis: ModuleAnalysis, raises: readonly string[]): Record<string, string[]> {
  const local = moduleClasses(analysis);
  return Object.fromEntries(raises.map((raised) => [raised, ancestorsOf(raised, local)]));
}

/** A module's top-level classes and their bases, gathered once per analysis (every raising definition asks). */
const classesByAnalysis = new WeakMap<ModuleAnalysis, Map<string, string[]>>();

function moduleClasses(analysis: ModuleAnalysis): Map<string, string[]> {
  let classes = classesByAnalysis.get(analysis);
  if (!classes) {
    classes = new Map();
    for (const d of analysis.definitions) if (d.kind === 'class' && d.parentKind === 'module') classes.set(d.name, d.bases);
    classesByAnalysis.set(analysis, classes);
  }
  return classes;
}

function initOf(analysis: ModuleAnalysis, classIndex: number): Definition | undefined {
  return methodOf(analysis, classIndex, '__init__') ?? methodOf(analysis, classIndex, '__new__');
}

function methodOf(analysis: ModuleAnalysis, classIndex: number, name: string): Definition | undefined {
  return analysis.definitions.find((d) => d.parentIndex === classIndex && d.kind === 'function' && d.name === name);
}

/**
 * Parsed docstrings by literal text, least recently used dropped past `max`. The editor
 * re-checks every docstring of a file on each keystroke; almost all are unchanged. Entries are
 * shared: callers never mutate them (merge clones first).
 */
export class DocstringCache {
  private readonly entries = new Map<string, ExistingDocstring>();

  constructor(private readonly max = 5000) {}

  read(literal: string): ExistingDocstring {
    let entry = this.entries.get(literal);
    if (entry) {
      this.entries.delete(literal);
    } else {
      entry = readExisting(literal);
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(literal, entry);
    return entry;
  }
}

/** A module's lines, split once when first asked (as the parser splits them), for what a definition's body uses. */
export class SourceLines {
  private lines?: string[];
  private aliases?: Map<string, string[]>;
  private bindings?: Map<string, ImportBinding>;
  private assigned?: Set<string>;

  constructor(private readonly source: string | string[]) {}

  private all(): string[] {
    return (this.lines ??= typeof this.source === 'string' ? splitLines(this.source) : this.source);
  }

  /** The body after the docstring (or after the header, without one), to the end of the definition. */
  bodyAfterDocstring(definition: Definition): string {
    const lines = this.all();
    const from = definition.docstring?.span ?? headerEnd(lines, definition);
    const rest = lines.slice(from.endLine, definition.span.endLine + 1);
    if (rest.length) rest[0] = rest[0]!.slice(from.endCol);
    return rest.join('\n');
  }

  /**
   * Names the module binds to another class, which is how it raises one under a second name:
   * `FNFError = FileNotFoundError`, `from distutils.errors import DistutilsSetupError as SetupError`.
   */
  exceptionAliases(): Map<string, string[]> {
    if (this.aliases) return this.aliases;
    const aliases = classAliases(this.all());
    for (const [alias, binding] of this.importBindings()) {
      if (binding.name && /^[A-Z]/.test(alias)) bindAlias(aliases, alias, binding.name);
    }
    return (this.aliases = aliases);
  }

  /**
   * The definitions whose `__doc__` the module assigns: `search.__doc__ = search.__doc__.replace(…)`
   * (pyvo), `prompt.__doc__ = PromptSession.prompt.__doc__` (prompt_toolkit), `f.__doc__ += extra`.
   * What such a docstring says at run time is not what the file says. A name assigned in a class
   * body (`__init__.__doc__ = …`) is that class's method, one in a function's body its local.
   */
  docAssigned(definitions: readonly Definition[]): Set<string> {
    if (this.assigned) return this.assigned;
    const assigned = new Set<string>();
    this.all().forEach((text, line) => {
      // `Node.__init__.__func__.__doc__ = …` (mdp) sets the method's own.
      const target = DOC_ASSIGNMENT.exec(text)?.[1]?.replace(/\.__func__$/, '');
      if (!target) return;
      const scope = innermostAt(definitions, line);
      // Qualified as Python does: a name in a function's body is one of its `<locals>`.
      assigned.add(scope ? `${scope.qualname}${scope.kind === 'function' ? '.<locals>' : ''}.${target}` : target);
    });
    return (this.assigned = assigned);
  }

  /** The names the module's imports bind, read once. */
  importBindings(): Map<string, ImportBinding> {
    return (this.bindings ??= importBindings(this.all()));
  }

  /** The decorator lines above the definition's keyword. */
  decorators(definition: Definition): string[] {
    return this.all().slice(definition.decoratedStartLine, definition.span.startLine);
  }

  /** The header's lines, from the `def` keyword to the colon that ends the signature. */
  signature(definition: Definition): string[] {
    const lines = this.all();
    return lines.slice(definition.span.startLine, headerEnd(lines, definition).endLine + 1);
  }
}

/** `name.__doc__ = …`, `+=`, `%=` at the start of a line (not `==`). */
const DOC_ASSIGNMENT = /^[ \t]*([A-Za-z_][\w.]*)\.__doc__\s*[+%]?=(?!=)/;

/** The innermost definition whose body holds `line`. */
function innermostAt(definitions: readonly Definition[], line: number): Definition | undefined {
  let found: Definition | undefined;
  for (const d of definitions) {
    if (d.span.startLine < line && line <= d.span.endLine && (!found || d.span.startLine >= found.span.startLine)) found = d;
  }
  return found;
}

/**
 * Where a definition's header ends: the first colon outside brackets (a default's `lambda x:`
 * and a slice sit inside the parameter list's parentheses). Strings in defaults are rare enough
 * in signatures that a colon inside one is not worth a tokenizer here.
 */
function headerEnd(lines: readonly string[], definition: Definition): { endLine: number; endCol: number } {
  let depth = 0;
  for (let line = definition.span.startLine; line <= definition.span.endLine; line++) {
    const text = lines[line] ?? '';
    for (let col = line === definition.span.startLine ? definition.span.startCol : 0; col < text.length; col++) {
      const ch = text[col]!;
      if (ch === '#') break;
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth--;
      else if (ch === ':' && depth === 0) return { endLine: line, endCol: col + 1 };
    }
  }
  return { endLine: definition.span.endLine, endCol: 0 };
}

/**
 * Parameters a maintainer leaves out of the docstring on purpose, read from the source:
 * - `*args` and `**kwargs` a body never reads: a catch-all kept so every override shares one
 *   signature (msrest's serializers, scapy's layers). A stub's are its interface.
 * - a parameter the body deprecates where it first reads it (`if old is not None:` then a
 *   DeprecationWarning), whose line in the signature says `# deprecated` (pypdf, joblib), or
 *   that a decorator deprecates (`@removals.removed_kwarg("metric")`);
 * - a catch-all the body only rejects (`if kwargs: raise TypeError(...)`, tqdm and pika).
 * A class's constructor parameters are judged by the body of its `__init__`.
 */
function parametersLeftOut(analysis: ModuleAnalysis, index: number, lines: SourceLines): string[] {
  const definition = analysis.definitions[index]!;
  const owner = definition.kind === 'class' ? initOf(analysis, index) : definition;
  if (!owner || owner.isStub) return [];
  const body = lines.bodyAfterDocstring(owner).split('\n');
  const signature = lines.signature(owner);
  const decorators = lines.decorators(owner);
  return owner.parameters.filter((p) => {
    if (bindsBuiltin(p)) return true;
    const variadic = p.kind === 'var-positional' || p.kind === 'var-keyword';
    const reads = new RegExp(`(?<![\\w.'"])${p.name}\\b`);
    const first = body.findIndex((line) => reads.test(line.replace(/#.*/, '')));
    if (signature.some((line, i) => reads.test(line) && (DEPRECATED_COMMENT.test(line) || deprecatedAbove(signature, i)))) return true;
    if (decorators.some((line) => DEPRECATING_DECORATOR.test(line) && new RegExp(`['"]${p.name}['"]`).test(line))) return true;
    if (first < 0) return variadic;
    // Its first use asks whether it was passed, and what follows warns that it is deprecated.
    const window = body.slice(first, first + 6).join('\n');
    if (!PRESENCE_TEST.test(body[first]!)) return false;
    if (WARNS.test(window) && DEPRECATES.test(window)) return true;
    return variadic && /\braise\b/.test(window);
  }).map((p) => p.name);
}

/**
 * Whether the comment lines just above a signature's line say it is deprecated: geoip2's
 * `# This is deprecated and not documented for that reason.` over `user_id=None`.
 */
function deprecatedAbove(signature: readonly string[], line: number): boolean {
  for (let i = line - 1; i >= 0 && /^\s*(?:#.*)?$/.test(signature[i]!); i--) if (DEPRECATED_COMMENT.test(signature[i]!)) return true;
  return false;
}

/**
 * `len=len`, `int=int` (tinycss): a default that binds a builtin under its own name, to make
 * it a fast local. Nobody passes it. A global bound so (`scan_api=scan_api`, wsme) is a hook
 * callers may replace, and is a real parameter.
 */
function bindsBuiltin(p: Parameter): boolean {
  return p.default?.trim() === p.name && BUILTIN_FUNCTIONS.has(p.name);
}

const BUILTIN_FUNCTIONS = new Set([
  'abs', 'bool', 'bytes', 'callable', 'chr', 'dict', 'enumerate', 'float', 'frozenset', 'getattr', 'hasattr', 'hash',
  'id', 'int', 'isinstance', 'issubclass', 'iter', 'len', 'list', 'map', 'max', 'min', 'next', 'object', 'ord',
  'range', 'repr', 'reversed', 'setattr', 'sorted', 'str', 'sum', 'super', 'tuple', 'type', 'zip', 'set',
]);

/** `if x:`, `if x is not None:`, `if args or kwargs:`: whether it was passed, not what it holds. */
// `if "decodeParms" in kwargs:` (PyPDF2) asks whether a keyword was passed through the catch-all.
const PRESENCE_TEST = /^\s*(?:el)?if\s+(?:[\w.]+(?:\s+is\s+not\s+None)?(?:\s+(?:or|and)\s+[\w.]+(?:\s+is\s+not\s+None)?)*|["']\w+["']\s+in\s+\w+)\s*:/;
/** A warning, or a project's helper that issues one (`deprecate_with_replacement(...)`, PyPDF2). */
const WARNS = /\b(?:warn\w*|deprecat\w*)\s*\(/;
const DEPRECATES = /deprecat|FutureWarning/i;
const DEPRECATED_COMMENT = /#.*deprecat/i;
/** `@removals.removed_kwarg("metric")` (debtcollector), `@deprecated_argument("x")`, `@renamed_kwarg(...)`. */
const DEPRECATING_DECORATOR = /^\s*@[\w.]*(?:deprecat|removed_kwarg|renamed_kwarg|removed_arg)/i;

/** DW4xx problems of a definition's docstring; none for broken code or undecodable text. */
export function docstringProblems(analysis: ModuleAnalysis, index: number, cache?: DocstringCache, mode: StaleChecks = 'lenient', lines?: SourceLines, foreign?: ForeignClasses): DocstringProblem[] {
  const definition = analysis.definitions[index]!;
  if (!definition.docstring || definition.hasSyntaxError) return [];
  const existing = cache ? cache.read(definition.docstring.raw) : readExisting(definition.docstring.raw);
  if (existing.problem) return [];
  const expected = expectationFor(analysis, index);
  const input = { read: existing.read, text: existing.value, mode };
  const problems = checkDocstring(existing.model, expected, input);
  // Reading the source costs more than the check: only a missing parameter or raise sends it there.
  if (!lines || !problems.some((p) => p.code === 'DW401' || p.code === 'DW402' || p.code === 'DW406')) return problems;
  return withSourceFacts(expected, analysis, index, lines, mode, foreign) ? checkDocstring(existing.model, expected, input) : problems;
}

/** A decorator that writes into the docstring it decorates. */
const FILLS_DOCSTRING = /^\s*@(?:\w+\.)*(?:\w*docstring\w*\b|(?:Appender|Substitution|doc)\()/i;

/**
 * Adds to `expected` what only the source shows (lenient only): the parameters its body left out
 * on purpose, the names its decorators are given, and what a raised alias (`FNFError =
 * FileNotFoundError`) or a class from another module derives from. Whether anything was added.
 * An update reads them too, so it adds no entry the checks do not ask for.
 */
export function withSourceFacts(expected: Expected, analysis: ModuleAnalysis, index: number, lines: SourceLines, mode: StaleChecks, foreign?: ForeignClasses): boolean {
  if (mode !== 'lenient' || index < 0) return false;
  // A docstring the module fills in at import (`f.__doc__ %= PARAMS`, `+=`, `.replace(…)`) gains
  // text, in every case seen its parameter entries: none is asked for. What it says is still judged.
  // So does one a decorator fills in: `@parallel_docstring` (spectral-cube), pandas' `@Appender(…)`.
  const decorators = lines.decorators(analysis.definitions[index]!);
  const filledIn = lines.docAssigned(analysis.definitions).has(analysis.definitions[index]!.qualname)
    || decorators.some((d) => FILLS_DOCSTRING.test(d));
  const leftOut = filledIn ? (expected.params ?? []).map((p) => p.bare) : parametersLeftOut(analysis, index, lines);
  if (filledIn) expected.filledIn = true;
  if (leftOut.length) expected.leftOut = leftOut;
  const named = decoratorStrings(decorators);
  if (named.length) expected.decoratorNames = named;
  // `@tenacity.retry(retry=retry_if_exception_type(NoResultFound))`, `@backoff.on_exception(expo,
  // Timeout)`: what a decorator is handed to catch is its business, not the caller's.
  const caught = expected.raises.filter((r) => namedIn(decorators, r.split('.').pop()!));
  if (caught.length) expected.raises = expected.raises.filter((r) => !caught.includes(r));
  const aliases = lines.exceptionAliases();
  const aliased = expected.raises.filter((r) => aliases.has(r.split('.').pop()!));
  const found: Record<string, string[]> = {};
  if (aliased.length) {
    const known = new Map([...moduleClasses(analysis), ...aliases]);
    for (const r of aliased) found[r] = ancestorsOf(r, known);
  }
  if (foreign) Object.assign(found, importedAncestors(expected.raises.filter((r) => !found[r]), analysis, lines, foreign));
  if (Object.keys(found).length) expected.raiseAncestors = { ...expected.raiseAncestors, ...found };
  return filledIn || leftOut.length > 0 || named.length > 0 || caught.length > 0 || Object.keys(found).length > 0;
}

/** Whether `name` is an identifier in the decorator lines (not a part of a longer one). */
function namedIn(decorators: string[], name: string): boolean {
  return decorators.length > 0 && new RegExp(`\\b${name}\\b`).test(decorators.join('\n'));
}

/** The identifier-like strings a definition's decorators are given: `@query_params("timeout", "refresh")`. */
function decoratorStrings(decorators: string[]): string[] {
  return [...decorators.join('\n').matchAll(/["']([A-Za-z_]\w*)["']/g)].map((m) => m[1]!);
}

/** A base as its class statement writes it (`errors.Base`), from the last part `ancestorsOf` gives. */
function rawBase(local: Map<string, string[]>, last: string): string {
  for (const bases of local.values()) for (const base of bases) if (base.split('.').pop() === last) return base;
  return last;
}

/**
 * What raised classes defined in other modules derive from (`raise errors.InvalidRequestError`
 * after `from . import errors`), through the module's imports and the host's reach into them.
 */
function importedAncestors(raises: string[], analysis: ModuleAnalysis, lines: SourceLines, foreign: ForeignClasses): Record<string, string[]> {
  const local = moduleClasses(analysis);
  const found: Record<string, string[]> = {};
  for (const raised of raises) {
    if (isBuiltinException(raised)) continue;
    // A module's own class may derive from an imported one: the chain goes on where the module's ends.
    const chain = local.has(raised) ? ancestorsOf(raised, local) : [];
    const end = chain.length ? chain[chain.length - 1]! : raised;
    if ((chain.length && local.has(end)) || isBuiltinException(end)) continue;
    const origin = importedFrom(chain.length ? rawBase(local, end) : raised, lines.importBindings());
    const ancestors = origin ? foreign(origin.module, origin.name) : undefined;
    if (ancestors?.length) found[raised] = [...chain, ...ancestors];
  }
  return found;
}

/**
 * What the checks report, judged as the docstring will stand after the update: a parameter
 * section the update appends is a formal one (`name: text`), and lenient checks ask more of a
 * formal docstring (its Raises). Judged only as it stands, a second run would find more to do.
 */
function problemsAfterUpdate(existing: ExistingDocstring, expected: Expected, mode: StaleChecks): DocstringProblem[] {
  const input = { read: existing.read, text: existing.value, mode };
  const problems = checkDocstring(existing.model, expected, input);
  const appendsParams = problems.some((p) => p.code === 'DW401') && !existing.read.roles.has('params');
  if (!appendsParams) return problems;
  const appended: SectionLayout = {
    role: 'params', title: 'Args', header: -1, end: -1, entries: [],
    shape: { indent: 4, bullet: '', separator: ': ', typeStyle: 'none', continuation: 8, blankBetween: false },
  };
  const roles = new Set(existing.read.roles).add('params');
  return checkDocstring(existing.model, expected, { ...input, read: { ...existing.read, roles, sections: [...existing.read.sections, appended] } });
}

/**
 * The expectation an update of this docstring works to: what the stale checks report, and no
 * more. A parameter its prose documents is not given an entry, an entry the checks accept is
 * not dropped, and no Returns, Yields or Raises is added or removed that they do not ask for.
 */
export function expectationToFix(slot: DocstringSlot, mode: StaleChecks): Expected {
  const existing = slot.existing;
  // A docstring with no sections is not judged; asked to update it, the user wants them all.
  if (!existing || !hasSections(existing.model)) return slot.expected;
  const problems = problemsAfterUpdate(existing, slot.expected, mode);
  const codes = new Set(problems.map((p) => p.code));
  const expected: Expected = structuredClone(slot.expected);
  if (expected.params) {
    const missing = subjectsOf(problems, 'DW401');
    const documented = new Set([...existing.model.params.flatMap(documentedNames), ...existing.read.otherNames]);
    // A parameter section the update appends lists every parameter, as the conventions ask
    // (ruff's D417): those the prose names too, not only the missing ones.
    const appendsParams = missing.size > 0 && !existing.read.roles.has('params');
    if (!appendsParams) expected.params = expected.params.filter((p) => missing.has(p.name) || documented.has(p.bare));
    const stale = subjectsOf(problems, 'DW402');
    if (existing.model.params.some((d) => !stale.has(d.name) && !documentedNames(d).some((n) => slot.expected.params!.some((p) => p.bare === n)))) {
      expected.acceptsKeywords = true; // keeps the entries the checks accept
    }
  }
  if (!codes.has('DW403') && expected.returns === 'required' && existing.model.returns.length === 0) expected.returns = 'any';
  // A documented return type stays as written unless the checks say it contradicts the annotation.
  if (!codes.has('DW408') && existing.model.returns.length > 0) delete expected.returnType;
  if (!codes.has('DW404') && expected.returns === 'forbidden') expected.returns = 'any';
  if (!codes.has('DW405') && expected.yields === 'required') expected.yields = 'any';
  const unraised = subjectsOf(problems, 'DW406');
  expected.raises = expected.raises.filter((r) => unraised.has(r));
  if (!codes.has('DW407')) expected.raisesForbidden = false;
  return expected;
}
