import type { Language, Node, Tree } from 'web-tree-sitter';
import {
  isStubBody, methodKind, readAttributes, readDecorators, readDocstring, readParameters, spanOf,
} from './definitions';
import {
  bodyOf, classCyclomatic, cognitive, cyclomatic, DEFINITIONS, forEachInScope, nestingDepth, rank, scopeEvents,
} from './metrics';
import type {
  CognitiveIncrement, Definition, Metrics, ModuleAnalysis, ParentKind, Span,
} from './model';
import { ancestorsOf } from './exceptions';
import { SKIP, SkeletonBuilder, walk, type Detail, type SkeletonNode } from './skeleton';

/**
 * Turns a parsed module into a ModuleAnalysis. The module is analysed one top-level
 * statement ("unit") at a time; a unit's result depends only on its own text, so a
 * UnitCache lets an editor re-analyse only the statements an edit touched.
 */

interface UnitContribution {
  lambdas: number;
  decisions: number;
  increments: CognitiveIncrement[];
  nesting: number;
  booleanOperators: number;
  calls: number;
  statements: number;
}

interface UnitResult {
  startLine: number;
  /** parentIndex is relative to this list. */
  definitions: Definition[];
  contribution: UnitContribution;
  syntaxErrors: Span[];
  /** A syntax error in the unit's own code, outside any definition. */
  looseError: boolean;
  /** For a class analysed member by member: the cache entries of its members, kept alive with it. */
  members?: { text: string; where: string; result: UnitResult }[];
  /** The definitions with absolute parent indexes, for the offset they were last placed at. */
  placed?: { offset: number; definitions: Definition[] };
}

/** Results of top-level statements keyed by their exact text; keeps only what the last analysis used. */
export class UnitCache {
  /** Keyed by context (module, or a class and indentation), then by statement text. */
  private entries = new Map<string, Map<string, UnitResult>>();
  private next = new Map<string, Map<string, UnitResult>>();
  hits = 0;
  misses = 0;

  get(text: string, context = ''): UnitResult | undefined {
    return this.entries.get(context)?.get(text) ?? this.next.get(context)?.get(text);
  }
  set(text: string, result: UnitResult, context = ''): void {
    let bucket = this.next.get(context);
    if (!bucket) this.next.set(context, (bucket = new Map()));
    bucket.set(text, result);
  }
  /** Called after each analysis: forget units that no longer exist in the document. */
  commit(): void {
    this.entries = this.next;
    this.next = new Map();
  }
  get size(): number {
    let n = 0;
    for (const bucket of this.entries.values()) n += bucket.size;
    return n;
  }
}

const DEFINITION_KINDS = new Set(['function_definition', 'class_definition']);
/** Walking statement by statement pays off only for a few changed statements among cached ones. */
const PER_UNIT_WALK_LIMIT = 8;

export class PythonAnalyzer {
  private readonly skeletons: SkeletonBuilder;

  /**
   * With `diagnostics` detail, what only hovers, `docwright metrics` and DW4xx use
   * (parameters, calls, statements, raises, recursion...) is left empty. With `check`, what
   * DW4xx compare with a docstring (parameters, returns, yields, raises, attributes) is read
   * for documented definitions and `__init__` only. Either way the findings they are
   * used for are the same as with `full` (test/unit/detail.test.ts).
   */
  constructor(language: Language, readonly detail: Detail = 'full') {
    this.skeletons = new SkeletonBuilder(language, detail);
  }

  analyze(tree: Tree, source: string, cache?: UnitCache): ModuleAnalysis {
    const root = tree.rootNode;
    const units = root.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    const results: (UnitResult | undefined)[] = new Array(units.length);
    const missing: number[] = [];
    const texts: string[] = [];
    const classUnits: number[] = [];
    units.forEach((unit, i) => {
      const text = source.slice(unit.startIndex, unit.endIndex);
      texts.push(text);
      // Keyed by start column too: a statement that starts mid-line (after `;`, or after text
      // the parser could not place) moves sideways when that line changes, and a shift is by rows.
      const cached = cache?.get(text, moduleContext(unit));
      if (cache && !cached && classOf(unit)) {
        classUnits.push(i);
        return;
      }
      if (cached) {
        results[i] = shiftUnit(cached, unit.startPosition.row - cached.startLine);
      } else {
        missing.push(i);
      }
    });
    if (cache) {
      cache.hits += units.length - missing.length - classUnits.length;
      cache.misses += missing.length;
    }
    if (missing.length > PER_UNIT_WALK_LIMIT || (missing.length > 1 && missing.length === units.length)) {
      const first = units[missing[0]!]!;
      const last = units[missing[missing.length - 1]!]!;
      const skeleton = this.skeletons.build(root, first.startIndex, last.endIndex, source);
      const split = splitIntoUnits(skeleton, missing.map((i) => units[i]!));
      missing.forEach((i, k) => { results[i] = analyzeUnit(split[k]!, units[i]!, source, this.detail); });
    } else {
      for (const i of missing) {
        const unit = units[i]!;
        results[i] = analyzeUnit(this.skeletons.build(unit, unit.startIndex, unit.endIndex, source), unit, source, this.detail);
      }
    }
    for (const i of classUnits) results[i] = this.analyzeClassUnit(units[i]!, classOf(units[i]!)!, source, cache!);
    if (cache) {
      results.forEach((r, i) => {
        cache.set(texts[i]!, r!, moduleContext(units[i]!));
        for (const m of r!.members ?? []) cache.set(m.text, m.result, m.where); // keep the members alive too
      });
      cache.commit();
    }
    return assemble(root, units, source, results as UnitResult[]);
  }

  /**
   * A top-level class in an editor: its body statements are cached one by one, so typing in
   * one method of a 3,000-line test class re-analyses that method only. The class's own
   * metrics are put together from its members exactly as a whole-class pass computes them
   * (the incremental unit test checks the two agree).
   */
  private analyzeClassUnit(unit: Node, cls: Node, source: string, cache: UnitCache): UnitResult {
    const header = readHeader(cls, unit === cls ? null : unit, source, 'class', -1, 'module', '', this.detail);
    const context: Parent = { index: -1, kind: 'class', prefix: `${header.qualname}.` };
    const body = cls.childForFieldName('body');
    const members = body ? body.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : [];
    const definitions: Definition[] = [header];
    const increments: CognitiveIncrement[] = [];
    const methodComplexities: number[] = [];
    const memberEntries: NonNullable<UnitResult['members']> = [];
    const syntaxErrors: Span[] = headerErrors(cls, body);
    const totals = { lambdas: 0, decisions: 0, nesting: 0, booleanOperators: 0, calls: 0, statements: 0 };
    let looseError = syntaxErrors.length > 0;
    for (const member of members) {
      const text = source.slice(member.startIndex, member.endIndex);
      const where = `${context.prefix}\u0000${member.startPosition.column}`;
      const cached = cache.get(text, where);
      let result: UnitResult;
      if (cached) {
        result = shiftUnit(cached, member.startPosition.row - cached.startLine);
        cache.hits++;
      } else {
        result = analyzeUnit(this.skeletons.build(member, member.startIndex, member.endIndex, source), member, source, this.detail, context);
        cache.misses++;
      }
      memberEntries.push({ text, where, result });
      const offset = definitions.length;
      if (result.placed?.offset !== offset) {
        // Members' top-level definitions hang under the class, which is definition 0 here.
        result.placed = {
          offset,
          definitions: result.definitions.map((d) => ({ ...d, parentIndex: d.parentIndex < 0 ? 0 : d.parentIndex + offset })),
        };
      }
      for (const d of result.placed.definitions) definitions.push(d);
      for (const d of result.definitions) {
        if (d.parentIndex < 0 && d.kind === 'function') methodComplexities.push(d.metrics.cyclomatic);
      }
      const c = result.contribution;
      // A member is one statement: either a definition (its own score) or class-level code.
      const memberIsDefinition = DEFINITIONS.has(member.type);
      increments.push(...(memberIsDefinition ? result.definitions[0]!.metrics.cognitiveIncrements : c.increments));
      totals.lambdas += c.lambdas;
      totals.decisions += c.decisions;
      totals.nesting = Math.max(totals.nesting, c.nesting);
      totals.booleanOperators += c.booleanOperators;
      totals.calls += c.calls;
      totals.statements += c.statements;
      syntaxErrors.push(...result.syntaxErrors);
      looseError ||= result.looseError;
    }
    const cc = classCyclomatic(totals.decisions, methodComplexities);
    header.lambdas = totals.lambdas;
    header.hasSyntaxError = cls.hasError && looseError;
    header.metrics = {
      cyclomatic: cc,
      decisions: totals.decisions,
      rank: rank(cc),
      cognitive: increments.reduce((sum, i) => sum + i.amount, 0),
      cognitiveIncrements: increments,
      nesting: totals.nesting,
      booleanOperators: totals.booleanOperators,
      calls: totals.calls,
      statements: totals.statements,
      lines: header.metrics.lines,
    };
    syntaxErrors.sort((a, b) => a.startLine - b.startLine || a.startCol - b.startCol);
    return {
      startLine: unit.startPosition.row,
      definitions,
      // At module level a class is one statement and nothing else.
      contribution: { lambdas: 0, decisions: 0, increments: [], nesting: 0, booleanOperators: 0, calls: 0, statements: 1 },
      syntaxErrors,
      looseError: false,
      members: memberEntries,
    };
  }
}

/** The class a top-level statement defines, if it is one (decorated or not). */
function classOf(unit: Node): Node | null {
  if (unit.type === 'class_definition') return unit;
  if (unit.type !== 'decorated_definition') return null;
  const definition = unit.childForFieldName('definition');
  return definition?.type === 'class_definition' ? definition : null;
}

/** Syntax errors in a class header (name, bases, the colon): everything but the body. */
function headerErrors(cls: Node, body: Node | null): Span[] {
  const errors: Span[] = [];
  for (const child of cls.children) {
    if (!child || (body && child.equals(body)) || !(child.hasError || child.isMissing)) continue;
    if (child.isError || child.isMissing) errors.push(spanOf(child));
    else for (const e of child.descendantsOfType('ERROR')) if (e) errors.push(spanOf(e));
  }
  return errors;
}

/**
 * Hands the children and events of one skeleton over several top-level statements to the
 * statement each lies in. Both lists and the statements are in start order, so one forward
 * pass each suffices.
 */
function splitIntoUnits(skeleton: SkeletonNode, units: Node[]): SkeletonNode[] {
  const roots = units.map((unit) => emptyRoot(unit.startIndex, unit.endIndex));
  const distribute = <T extends { start: number; end: number }>(items: T[], add: (root: SkeletonNode, item: T) => void) => {
    let u = 0;
    for (const item of items) {
      while (u < roots.length && roots[u]!.end < item.end) u++;
      const root = roots[u];
      if (root && root.start <= item.start) add(root, item);
    }
  };
  distribute(skeleton.children, (root, child) => {
    child.parent = root;
    root.children.push(child);
  });
  distribute(skeleton.events, (root, event) => root.events.push(event));
  return roots;
}

function emptyRoot(start: number, end: number): SkeletonNode {
  return { kind: 'root', start, end, line: 0, col: 0, node: null, parent: null, children: [], events: [] };
}

interface Parent {
  index: number;
  kind: ParentKind;
  prefix: string;
}
const MODULE_PARENT: Parent = { index: -1, kind: 'module', prefix: '' };

function analyzeUnit(skeleton: SkeletonNode, unit: Node, source: string, detail: Detail, context: Parent = MODULE_PARENT): UnitResult {
  const definitions: Definition[] = [];
  const classes = new Map<SkeletonNode, number>();
  walk<Parent>(skeleton.children, context, (node, parent) => {
    if (!DEFINITION_KINDS.has(node.kind) || !node.node) return parent;
    const definition = readDefinition(node, source, parent.index, parent.kind, parent.prefix, definitions, detail);
    definitions.push(definition);
    const index = definitions.length - 1;
    if (definition.kind === 'class') classes.set(node, index);
    const kind: ParentKind = definition.kind === 'class' ? 'class' : 'function';
    return { index, kind, prefix: definition.qualname + (kind === 'function' ? '.<locals>.' : '.') };
  }, (node) => {
    const index = classes.get(node);
    if (index !== undefined) finishClass(definitions[index]!, node, definitions, index);
  });

  const own = ownCode(skeleton);
  const syntaxErrors: Span[] = [];
  walk([skeleton], undefined, (node) => {
    for (const event of node.events) {
      if ((event.kind === 'error' || event.kind === 'missing') && event.span) syntaxErrors.push(event.span);
    }
  });
  syntaxErrors.sort((a, b) => a.startLine - b.startLine || a.startCol - b.startCol);
  return {
    startLine: unit.startPosition.row,
    definitions,
    contribution: {
      lambdas: own.lambdas,
      decisions: cyclomatic(skeleton) - 1,
      increments: cognitive(skeleton).increments,
      nesting: nestingDepth(skeleton),
      booleanOperators: own.booleanOperators,
      calls: own.calls,
      statements: own.statements,
    },
    syntaxErrors,
    looseError: scopeEvents(skeleton).some(isErrorEvent),
  };
}

const isErrorEvent = (e: { kind: string }) => e.kind === 'error' || e.kind === 'missing';

interface OwnCode {
  booleanOperators: number;
  calls: number;
  statements: number;
  lambdas: number;
}

const COMPOUND_STATEMENTS = new Set([
  'if_statement', 'for_statement', 'while_statement', 'try_statement', 'with_statement', 'match_statement',
]);

/** Counts over a scope's own code, in one walk; a nested definition counts as one statement. */
function ownCode(scope: SkeletonNode): OwnCode {
  const counts: OwnCode = { booleanOperators: 0, calls: 0, statements: 0, lambdas: 0 };
  const tally = (node: SkeletonNode) => {
    for (const event of node.events) {
      if (event.kind === 'call') counts.calls++;
      else if (event.kind === 'stmt') counts.statements++;
    }
    // Definitions are never visited (they are their own scope), so count them from here.
    for (const child of node.children) if (DEFINITIONS.has(child.kind)) counts.statements++;
  };
  if (scope.kind === 'root') tally(scope);
  forEachInScope(scope, (node) => {
    if (node.kind === 'boolean_operator') counts.booleanOperators++;
    else if (node.kind === 'lambda') counts.lambdas++;
    else if (COMPOUND_STATEMENTS.has(node.kind)) counts.statements++;
    tally(node);
  });
  return counts;
}

/** What a definition's header says, read through the node API; metrics left at zero. */
function readHeader(
  ts: Node, decorated: Node | null, source: string, kind: 'function' | 'class', parentIndex: number,
  parentKind: ParentKind, prefix: string, detail: Detail,
): Definition {
  const nameNode = ts.childForFieldName('name');
  const name = nameNode ? source.slice(nameNode.startIndex, nameNode.endIndex) : '<anonymous>';
  const span = spanOf(ts);
  const decorators = decorated ? readDecorators(decorated, source) : [];
  const body = ts.childForFieldName('body');
  const { hasToken, docstring } = body ? readDocstring(body, source) : { hasToken: false, docstring: undefined };
  // `check` reads what DW4xx compare only where there is a docstring to compare (and
  // `__init__` or `__new__`, whose parameters a class docstring documents).
  const wanted = detail === 'full' || (detail === 'check' && (docstring !== undefined || name === '__init__' || name === '__new__'));
  const definition: Definition = {
    kind,
    name,
    qualname: prefix + name,
    span,
    nameSpan: nameNode ? spanOf(nameNode) : span,
    decoratedStartLine: decorated ? decorated.startPosition.row : span.startLine,
    parentKind,
    parentIndex,
    decorators,
    isAsync: source.startsWith('async', ts.startIndex),
    parameters: kind === 'function' && wanted ? readParameters(ts.childForFieldName('parameters'), source) : [],
    isGenerator: false,
    bases: [],
    hasDocstringToken: hasToken,
    raises: [],
    recursive: false,
    globals: [],
    nonlocals: [],
    lambdas: 0,
    returnsValue: false,
    returnsOnlyCalls: false,
    forwardedToSuper: [],
    hasRaiseStatement: false,
    isStub: kind === 'function' && wanted && !!body && isStubBody(body, source),
    attributes: kind === 'class' && wanted && body ? readAttributes(body, source) : [],
    hasSyntaxError: false,
    metrics: {
      cyclomatic: 0, decisions: 0, rank: 'A', cognitive: 0, cognitiveIncrements: [], nesting: 0,
      booleanOperators: 0, calls: 0, statements: 0, lines: span.endLine - span.startLine + 1,
    },
  };
  if (docstring) definition.docstring = docstring;
  if (kind === 'function') {
    const returnType = ts.childForFieldName('return_type');
    if (returnType) definition.returnAnnotation = source.slice(returnType.startIndex, returnType.endIndex);
    if (parentKind === 'class') definition.methodKind = methodKind(decorators);
  } else {
    const bases = ts.childForFieldName('superclasses');
    if (bases) {
      definition.bases = bases.namedChildren
        .filter((n): n is Node => !!n && n.type !== 'comment' && n.type !== 'line_continuation')
        .map((n) => source.slice(n.startIndex, n.endIndex));
    }
  }
  return definition;
}

function readDefinition(
  node: SkeletonNode, source: string, parentIndex: number, parentKind: ParentKind,
  prefix: string, earlier: Definition[], detail: Detail,
): Definition {
  const ts = node.node!;
  const kind = node.kind === 'class_definition' ? 'class' : 'function';
  // The skeleton already knows whether the definition is decorated: no tree call needed.
  const decorated = node.parent?.kind === 'decorated_definition' ? node.parent.node : null;
  const definition = readHeader(ts, decorated, source, kind, parentIndex, parentKind, prefix, detail);
  const own = ownCode(node);
  const { score, increments } = cognitive(node);
  const cc = kind === 'function' ? cyclomatic(node) : 0; // classes are finished after their methods
  definition.lambdas = own.lambdas;
  definition.hasSyntaxError = ts.hasError && ownCodeHasError(node);
  definition.metrics = {
    cyclomatic: cc,
    decisions: cc - 1,
    rank: rank(cc),
    cognitive: score,
    cognitiveIncrements: increments,
    nesting: nestingDepth(node),
    booleanOperators: own.booleanOperators,
    calls: own.calls,
    statements: own.statements,
    lines: definition.metrics.lines,
  };
  // `check` reads bodies DW4xx judge: documented functions, and every `__init__` (its class's
  // docstring may document it, and what it hands its base class is documented there).
  if (kind === 'function' && (detail === 'full' || (detail === 'check' && (definition.docstring || definition.name === '__init__')))) {
    readFunctionEvents(definition, node, source, parentKind === 'class' || isMethodOf(earlier, parentIndex));
  }
  return definition;
}

/** Errors in the definition's header or own body; a broken nested definition does not count. */
function ownCodeHasError(node: SkeletonNode): boolean {
  if (node.events.some(isErrorEvent) || scopeEvents(node).some(isErrorEvent)) return true;
  return node.children.some((c) => c.kind !== 'block' && c.events.some(isErrorEvent));
}

function isMethodOf(earlier: Definition[], parentIndex: number): boolean {
  return parentIndex >= 0 && earlier[parentIndex]!.kind === 'class';
}

function readFunctionEvents(definition: Definition, node: SkeletonNode, source: string, isMethod: boolean): void {
  const text = (e: { start: number; end: number }) => source.slice(e.start, e.end);
  const raises = new RaiseTally();
  let onlyCalls = true;
  // Every value returned (but None and recursive calls) is a new `cls(...)`.
  let onlyNewInstances = true;
  // The callee of every returned call, as `name` or `self.name`, while each is one the module may define.
  let callees: string[] | undefined = [];
  let previousObject: string | undefined;
  const visitEvents = (n: SkeletonNode, inLambda: boolean) => {
    for (const event of n.events) {
      switch (event.kind) {
        case 'yield':
          if (inLambda) break;
          definition.isGenerator = true;
          if (text(event).trim() !== 'yield') definition.yieldsValue = true;
          break;
        case 'return.value': {
          // `return None` says there is no value, as a bare `return` does; nor does a recursive
          // `return self.name(...)`, which gives back what the other paths give.
          const value = text(event);
          if (value === 'None') definition.returnsNoneExplicitly = true;
          if (value === 'None' || isRecursiveCall(value, definition.name, isMethod)) break;
          onlyCalls &&= isCall(value);
          const callee = isCall(value) ? /^(?:(?:self|cls)\.)?[A-Za-z_]\w*(?=\s*\()/.exec(value)?.[0] : undefined;
          if (callee && callees) callees.push(callee);
          else callees = undefined;
          onlyNewInstances &&= /^cls\s*\(/.test(value) && isCall(value);
          definition.returnsValue = true;
          break;
        }
        case 'raise':
          definition.hasRaiseStatement = true;
          raises.statement = text(event);
          break;
        case 'super.args':
          definition.forwardedToSuper.push(...forwardedNames(text(event), definition));
          break;
        case 'raise.name': {
          // `raise X`, `raise X(...)`, `raise X(...).with_traceback(tb)` all raise X.
          const name = /^[A-Za-z_][\w.]*/.exec(text(event))?.[0]?.replace(/\.$/, '');
          if (name) raises.add(name, caughtHere(n, name, source));
          break;
        }
        case 'global.name':
          definition.globals.push(text(event));
          break;
        case 'nonlocal.name':
          definition.nonlocals.push(text(event));
          break;
        case 'callee':
          if (!isMethod && text(event) === definition.name) definition.recursive = true;
          break;
        case 'callee.object':
          previousObject = text(event);
          break;
        case 'callee.attr':
          if (isMethod && (previousObject === 'self' || previousObject === 'cls') && text(event) === definition.name) {
            definition.recursive = true;
          }
          break;
      }
    }
  };
  const body = bodyOf(node);
  if (body) {
    walk([body], false, (n, inLambda) => {
      if (DEFINITIONS.has(n.kind)) return SKIP;
      const here = inLambda || n.kind === 'lambda';
      visitEvents(n, here);
      return here;
    });
  }
  raises.record(definition);
  definition.returnsOnlyCalls = definition.returnsValue && onlyCalls;
  if (definition.returnsOnlyCalls && callees?.length) definition.returnedCallees = [...new Set(callees)];
  if (isMethod && definition.returnsValue && onlyNewInstances) definition.returnsNewInstance = true;
}

/** A raise's message that says the code is not written yet, or is for subclasses to write. */
const SAYS_NOT_IMPLEMENTED = /\bnot (?:yet )?implemented\b|\bmust be (?:implemented|overridden|overriden)\b/i;

/**
 * A raise's message that says its author expects it never to run: "Unexpected error",
 * "Unhandled syntax node", "should never happen", "this is a bug". It guards the code's own
 * consistency, as an `assert` would, and callers are not meant to handle it.
 */
const SAYS_CANNOT_HAPPEN = /\b(?:unexpected error|unhandled (?:syntax |node|case|type)|should(?: not|n't| never) (?:happen|occur|be reached|get here)|(?:cannot|can't|can not) happen|unreachable|internal (?:error|inconsistency)|this is a bug|please report)/i;

/** The exceptions a function's own raise statements name, told apart by what their messages say. */
class RaiseTally {
  /** The raise statement being read, as written. */
  statement = '';
  private readonly raised = new Set<string>();
  private readonly cannotHappen = new Set<string>();
  private readonly notImplemented = new Set<string>();

  add(name: string, caught: boolean): void {
    if (caught) return;
    (SAYS_CANNOT_HAPPEN.test(this.statement) ? this.cannotHappen : this.raised).add(name);
    // `raise AttributeError('not implemented')` (pyferret's abstract bindings): a stub's way of saying so.
    if (SAYS_NOT_IMPLEMENTED.test(this.statement)) this.notImplemented.add(name);
  }

  record(definition: Definition): void {
    const guards = [...this.cannotHappen].filter((r) => !this.raised.has(r));
    definition.raises = [...this.raised, ...guards];
    if (guards.length) definition.guardRaises = guards;
    if (this.notImplemented.size) definition.notImplementedRaises = [...this.notImplemented];
  }
}

/**
 * Whether a `raise X` at `at` is caught in the same function: it is in a `try` body whose
 * `except` names X (or one of its builtin bases, or catches everything) and handles it without
 * raising again. Such an exception never reaches the caller (gensim's `raise StopIteration` to
 * leave a loop).
 */
function caughtHere(at: SkeletonNode, raised: string, source: string): boolean {
  const covering = new Set([raised.split('.').pop()!, ...ancestorsOf(raised)]);
  for (let child = at, node = at.parent; node && !DEFINITIONS.has(node.kind); child = node, node = node.parent) {
    if (node.kind !== 'try_statement' || child.kind !== 'block') continue;
    for (const clause of node.children) {
      if (clause.kind !== 'except_clause') continue;
      const caught = exceptClauseTypes(source.slice(clause.start, clause.end));
      if (caught.length === 0 || caught.some((c) => covering.has(c))) return !raisesAgain(clause) || !reraises(source.slice(clause.start, clause.end));
    }
  }
  return false;
}

/** The class names an `except` clause catches; none for a bare `except:` (it catches all). */
function exceptClauseTypes(clause: string): string[] {
  const head = /^except\*?\s*(?:\(([^)]*)\)|([\w.]+))?/.exec(clause);
  const names = head?.[1] ?? head?.[2];
  return names ? names.split(',').map((n) => n.trim().split('.').pop()!).filter(Boolean) : [];
}

/**
 * Whether an `except` clause may let what it caught go on: a bare `raise`, `raise e`, a raise of
 * anything built from it. One whose every raise names a class (`raise XmlContextError(...)`)
 * replaces it: the caller meets the new one, which is counted where it is raised.
 */
function reraises(clause: string): boolean {
  // Every raise in it names a class: `raise ex.with_traceback(tb)` of a built `ex` may be the same one.
  const raises = clause.match(/^\s*raise\b.*$/gm) ?? [];
  return raises.length === 0 || !raises.every((r) => /^\s*raise\s+[A-Z][\w.]*\s*(?:\(|$|\bfrom\b)/.test(r));
}

function raisesAgain(node: SkeletonNode): boolean {
  return node.events.some((e) => e.kind === 'raise') || node.children.some(raisesAgain);
}

/** The parameters an argument list passes on unchanged: `x`, `*args`, `key=key`. */
function forwardedNames(argumentList: string, definition: Definition): string[] {
  const own = new Set(definition.parameters.map((p) => p.name));
  const names: string[] = [];
  for (const argument of argumentList.slice(1, -1).split(',')) {
    const match = /^\s*(?:\*{0,2}([A-Za-z_]\w*)|([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*))\s*$/.exec(argument);
    const name = match?.[1] ?? (match?.[2] === match?.[3] ? match?.[3] : undefined);
    if (name && own.has(name)) names.push(name);
  }
  return names;
}

/** `name(...)`, `obj.attr.name(...)`: one call, nothing around it. */
function isCall(expression: string): boolean {
  return /^[A-Za-z_][\w.]*\s*\(/.test(expression) && expression.endsWith(')');
}

function isRecursiveCall(expression: string, name: string, isMethod: boolean): boolean {
  if (!isCall(expression)) return false;
  const callee = /^[A-Za-z_][\w.]*/.exec(expression)![0];
  return isMethod ? callee === `self.${name}` || callee === `cls.${name}` : callee === name;
}

/** radon's class complexity needs the methods, which are analysed after the class header. */
function finishClass(definition: Definition, node: SkeletonNode, definitions: Definition[], index: number): void {
  const methods = definitions.filter((d) => d.parentIndex === index && d.kind === 'function');
  const decisions = cyclomatic(node) - 1;
  const cc = classCyclomatic(decisions, methods.map((m) => m.metrics.cyclomatic));
  definition.metrics.cyclomatic = cc;
  definition.metrics.decisions = decisions;
  definition.metrics.rank = rank(cc);
}

function assemble(root: Node, topLevel: Node[], source: string, units: UnitResult[]): ModuleAnalysis {
  const definitions: Definition[] = [];
  const increments: CognitiveIncrement[] = [];
  let decisions = 0;
  let nesting = 0;
  let booleanOperators = 0;
  let calls = 0;
  let statements = 0;
  const syntaxErrors: Span[] = [];
  for (const unit of units) {
    const offset = definitions.length;
    if (unit.placed?.offset !== offset) {
      unit.placed = {
        offset,
        definitions: unit.definitions.map((d) => (d.parentIndex < 0 ? d : { ...d, parentIndex: d.parentIndex + offset })),
      };
    }
    for (const d of unit.placed.definitions) definitions.push(d);
    const c = unit.contribution;
    decisions += c.decisions;
    increments.push(...c.increments);
    nesting = Math.max(nesting, c.nesting);
    booleanOperators += c.booleanOperators;
    calls += c.calls;
    statements += c.statements;
    syntaxErrors.push(...unit.syntaxErrors);
  }
  // An error the units cannot hold: the root itself is an ERROR node (seen for
  // indentation deeper than the grammar's scanner tracks).
  if (syntaxErrors.length === 0 && root.hasError) syntaxErrors.push(spanOf(root));
  const { hasToken, docstring } = readDocstring(root, source);
  // Lines as wc and radon count them: a final line break does not start another line.
  const lineCount = Math.max(1, root.endPosition.row + (root.endPosition.column === 0 && root.endPosition.row > 0 ? 0 : 1));
  const metrics: Metrics = {
    cyclomatic: 1 + decisions,
    decisions,
    rank: rank(1 + decisions),
    cognitive: increments.reduce((s, i) => s + i.amount, 0),
    cognitiveIncrements: increments,
    nesting,
    booleanOperators,
    calls,
    statements,
    lines: lineCount,
  };
  const analysis: ModuleAnalysis = {
    definitions,
    hasDocstringToken: hasToken,
    dunderAll: readDunderAll(topLevel, source),
    metrics,
    lineCount,
    syntaxErrors,
  };
  if (docstring) analysis.docstring = docstring;
  return analysis;
}

/**
 * pydocstyle's reading of `__all__`: the first top-level mention must be `__all__ = <list or
 * tuple of string literals>`; any other top-level mention makes it unknown (null).
 */
function readDunderAll(statements: Node[], source: string): string[] | null {
  let result: string[] | null = null;
  let seen = false;
  for (const statement of statements) {
    if (statement.type !== 'expression_statement') continue;
    const text = source.slice(statement.startIndex, statement.endIndex);
    if (!text.includes('__all__')) continue;
    // Only the name counts, not a string or comment that mentions it (typing.py's docstring does).
    const mentions = statement.descendantsOfType('identifier').some((n) => n && source.slice(n.startIndex, n.endIndex) === '__all__');
    if (!mentions) continue;
    if (seen) return null;
    seen = true;
    const match = /^__all__\s*=\s*([([]?)([\s\S]*?)([)\]]?)\s*$/.exec(text);
    if (!match) return null;
    const items = match[2]!.replace(/#[^\r\n]*/g, '').split(',').map((s) => s.trim()).filter(Boolean);
    const names: string[] = [];
    for (const item of items) {
      const literal = /^[uU]?(['"])([^'"\\]*)\1$/.exec(item);
      if (!literal) return null;
      names.push(literal[2]!);
    }
    if (!match[1] && items.length === 1 && !text.includes(',')) return null;
    result = names;
  }
  return result;
}

function shiftSpan(span: Span, delta: number): Span {
  return { ...span, startLine: span.startLine + delta, endLine: span.endLine + delta };
}

function shiftIncrements(increments: CognitiveIncrement[], delta: number): CognitiveIncrement[] {
  return increments.map((i) => ({ ...i, line: i.line + delta }));
}

/** The cache context of a top-level statement: its start column ('' for the usual column 0). */
function moduleContext(unit: Node): string {
  return unit.startPosition.column === 0 ? '' : `\u0001${unit.startPosition.column}`;
}

/** A cached unit moved by `delta` lines: same text, so only lines change. */
function shiftUnit(unit: UnitResult, delta: number): UnitResult {
  if (delta === 0) return unit;
  return {
    startLine: unit.startLine + delta,
    definitions: unit.definitions.map((d) => {
      const moved: Definition = {
        ...d,
        span: shiftSpan(d.span, delta),
        nameSpan: shiftSpan(d.nameSpan, delta),
        decoratedStartLine: d.decoratedStartLine + delta,
        metrics: { ...d.metrics, cognitiveIncrements: shiftIncrements(d.metrics.cognitiveIncrements, delta) },
      };
      if (d.docstring) moved.docstring = { ...d.docstring, span: shiftSpan(d.docstring.span, delta) };
      return moved;
    }),
    contribution: { ...unit.contribution, increments: shiftIncrements(unit.contribution.increments, delta) },
    syntaxErrors: unit.syntaxErrors.map((s) => shiftSpan(s, delta)),
    looseError: unit.looseError,
    // Member entries shift themselves when looked up, so they carry over unchanged.
    ...(unit.members ? { members: unit.members } : {}),
  };
}
