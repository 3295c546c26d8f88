import type { Language, Node, Tree } from 'web-tree-sitter';
import {
  methodKind, readDecorators, readDocstring, readParameters, spanOf,
} from './definitions';
import {
  bodyOf, classCyclomatic, cognitive, cyclomatic, forEachInScope, nestingDepth, rank, scopeEvents,
} from './metrics';
import type {
  CognitiveIncrement, Definition, Metrics, ModuleAnalysis, ParentKind, Span,
} from './model';
import { SKIP, SkeletonQuery, walk, type SkeletonNode } from './skeleton';

/**
 * Turns a parsed module into a ModuleAnalysis. The module is analysed one top-level
 * statement ("unit") at a time; a unit's result depends only on its own text, so a
 * UnitCache lets an editor re-analyse only the statements an edit touched.
 */

interface UnitContribution {
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
}

/** Results of top-level statements keyed by their exact text; keeps only what the last analysis used. */
export class UnitCache {
  private entries = new Map<string, UnitResult>();
  private next = new Map<string, UnitResult>();
  hits = 0;
  misses = 0;

  get(text: string): UnitResult | undefined {
    const hit = this.entries.get(text) ?? this.next.get(text);
    if (hit) this.next.set(text, hit);
    return hit;
  }
  set(text: string, result: UnitResult): void {
    this.next.set(text, result);
  }
  /** Called after each analysis: forget units that no longer exist in the document. */
  commit(): void {
    this.entries = this.next;
    this.next = new Map();
  }
  get size(): number {
    return this.entries.size;
  }
}

const DEFINITION_KINDS = new Set(['function_definition', 'class_definition']);
/** Splitting one query into per-unit queries only pays off for a few changed statements. */
const PER_UNIT_QUERY_LIMIT = 8;

export class PythonAnalyzer {
  private readonly skeletons: SkeletonQuery;

  constructor(language: Language) {
    this.skeletons = new SkeletonQuery(language);
  }

  analyze(tree: Tree, source: string, cache?: UnitCache): ModuleAnalysis {
    const root = tree.rootNode;
    const units = root.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    const results: (UnitResult | undefined)[] = new Array(units.length);
    const missing: number[] = [];
    const texts: string[] = [];
    units.forEach((unit, i) => {
      const text = source.slice(unit.startIndex, unit.endIndex);
      texts.push(text);
      const cached = cache?.get(text);
      if (cached) {
        results[i] = shiftUnit(cached, unit.startPosition.row - cached.startLine);
      } else {
        missing.push(i);
      }
    });
    if (cache) {
      cache.hits += units.length - missing.length;
      cache.misses += missing.length;
    }
    if (missing.length > PER_UNIT_QUERY_LIMIT) {
      const first = units[missing[0]!]!;
      const last = units[missing[missing.length - 1]!]!;
      const skeleton = this.skeletons.build(root, first.startIndex, last.endIndex);
      const split = splitIntoUnits(skeleton, missing.map((i) => units[i]!));
      missing.forEach((i, k) => { results[i] = analyzeUnit(split[k]!, units[i]!, source); });
    } else {
      for (const i of missing) {
        const unit = units[i]!;
        results[i] = analyzeUnit(this.skeletons.build(unit, unit.startIndex, unit.endIndex), unit, source);
      }
    }
    if (cache) {
      results.forEach((r, i) => cache.set(texts[i]!, r!));
      cache.commit();
    }
    return assemble(root, source, results as UnitResult[]);
  }
}

function splitIntoUnits(skeleton: SkeletonNode, units: Node[]): SkeletonNode[] {
  const roots = units.map((unit) => emptyRoot(unit.startIndex, unit.endIndex));
  let u = 0;
  const place = <T extends { start: number; end: number }>(item: T, into: (r: SkeletonNode) => void) => {
    while (u < roots.length && roots[u]!.end <= item.start && !(roots[u]!.start === item.start)) u++;
    const target = roots[u];
    if (target && target.start <= item.start && item.end <= target.end) into(target);
  };
  // Children and events are each in start order; units are too.
  for (const child of skeleton.children) place(child, (r) => { child.parent = r; r.children.push(child); });
  u = 0;
  for (const event of skeleton.events) place(event, (r) => r.events.push(event));
  return roots;
}

function emptyRoot(start: number, end: number): SkeletonNode {
  return { kind: 'root', start, end, line: 0, col: 0, node: null, parent: null, children: [], events: [] };
}

function analyzeUnit(skeleton: SkeletonNode, unit: Node, source: string): UnitResult {
  const definitions: Definition[] = [];
  type Parent = { index: number; kind: ParentKind; prefix: string };
  const classes = new Map<SkeletonNode, number>();
  walk<Parent>(skeleton.children, { index: -1, kind: 'module', prefix: '' }, (node, parent) => {
    if (!DEFINITION_KINDS.has(node.kind) || !node.node) return parent;
    const definition = readDefinition(node, source, parent.index, parent.kind, parent.prefix, definitions);
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
      decisions: cyclomatic(skeleton) - 1,
      increments: cognitive(skeleton).increments,
      nesting: nestingDepth(skeleton),
      booleanOperators: own.booleanOperators,
      calls: own.calls,
      statements: own.statements,
    },
    syntaxErrors,
  };
}

interface OwnCode {
  booleanOperators: number;
  calls: number;
  statements: number;
  lambdas: number;
}

const COMPOUND_STATEMENTS = new Set([
  'if_statement', 'for_statement', 'while_statement', 'try_statement', 'with_statement',
  'match_statement', 'function_definition', 'class_definition', 'decorated_definition',
]);

/** Counts over a scope's own code; nested definitions count as one statement each. */
function ownCode(scope: SkeletonNode): OwnCode {
  const counts: OwnCode = { booleanOperators: 0, calls: 0, statements: 0, lambdas: 0 };
  const countStatement = (node: SkeletonNode) => {
    if (COMPOUND_STATEMENTS.has(node.kind) && node.parent?.kind !== 'decorated_definition') counts.statements++;
  };
  forEachInScope(scope, (node) => {
    if (node.kind === 'boolean_operator') counts.booleanOperators++;
    else if (node.kind === 'lambda') counts.lambdas++;
    countStatement(node);
    for (const child of node.children) if (child.kind.endsWith('definition')) countStatement(child);
  });
  if (scope.kind === 'root') for (const child of scope.children) if (child.kind.endsWith('definition')) countStatement(child);
  for (const event of scopeEvents(scope)) {
    if (event.kind === 'call') counts.calls++;
    else if (event.kind === 'stmt') counts.statements++;
  }
  return counts;
}

function readDefinition(
  node: SkeletonNode, source: string, parentIndex: number, parentKind: ParentKind,
  prefix: string, earlier: Definition[],
): Definition {
  const ts = node.node!;
  const nameNode = ts.childForFieldName('name');
  const name = nameNode ? source.slice(nameNode.startIndex, nameNode.endIndex) : '<anonymous>';
  const span = spanOf(ts);
  const decorators = readDecorators(ts, source);
  const decorated = ts.parent?.type === 'decorated_definition' ? ts.parent : null;
  const body = ts.childForFieldName('body');
  const { hasToken, docstring } = body ? readDocstring(body, source) : { hasToken: false, docstring: undefined };
  const kind = node.kind === 'class_definition' ? 'class' : 'function';
  const own = ownCode(node);
  const { score, increments } = cognitive(node);
  const lines = span.endLine - span.startLine + 1;
  const cc = kind === 'function' ? cyclomatic(node) : 0; // classes are finished after their methods
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
    isAsync: source.startsWith('async', node.start),
    parameters: kind === 'function' ? readParameters(ts.childForFieldName('parameters'), source) : [],
    isGenerator: false,
    bases: [],
    hasDocstringToken: hasToken,
    raises: [],
    recursive: false,
    globals: [],
    nonlocals: [],
    lambdas: own.lambdas,
    returnsValue: false,
    hasSyntaxError: ts.hasError && ownCodeHasError(node),
    metrics: {
      cyclomatic: cc,
      rank: rank(cc),
      cognitive: score,
      cognitiveIncrements: increments,
      nesting: nestingDepth(node),
      booleanOperators: own.booleanOperators,
      calls: own.calls,
      statements: own.statements,
      lines,
    },
  };
  if (docstring) definition.docstring = docstring;
  if (kind === 'function') {
    const returnType = ts.childForFieldName('return_type');
    if (returnType) definition.returnAnnotation = source.slice(returnType.startIndex, returnType.endIndex);
    if (parentKind === 'class') definition.methodKind = methodKind(decorators);
    readFunctionEvents(definition, node, source, parentKind === 'class' || isMethodOf(earlier, parentIndex));
  } else {
    const bases = ts.childForFieldName('superclasses');
    if (bases) {
      definition.bases = bases.namedChildren
        .filter((n): n is Node => !!n && n.type !== 'comment')
        .map((n) => source.slice(n.startIndex, n.endIndex));
    }
  }
  return definition;
}

/** Errors in the definition's header or own body; a broken nested definition does not count. */
function ownCodeHasError(node: SkeletonNode): boolean {
  const isError = (e: { kind: string }) => e.kind === 'error' || e.kind === 'missing';
  if (node.events.some(isError) || scopeEvents(node).some(isError)) return true;
  return node.children.some((c) => c.kind !== 'block' && c.events.some(isError));
}

function isMethodOf(earlier: Definition[], parentIndex: number): boolean {
  return parentIndex >= 0 && earlier[parentIndex]!.kind === 'class';
}

function readFunctionEvents(definition: Definition, node: SkeletonNode, source: string, isMethod: boolean): void {
  const text = (e: { start: number; end: number }) => source.slice(e.start, e.end);
  const raises = new Set<string>();
  let previousObject: string | undefined;
  const visitEvents = (n: SkeletonNode, inLambda: boolean) => {
    for (const event of n.events) {
      switch (event.kind) {
        case 'yield':
          if (!inLambda) definition.isGenerator = true;
          break;
        case 'return.value':
          definition.returnsValue = true;
          break;
        case 'raise.name':
          raises.add(text(event));
          break;
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
      if (n.kind === 'function_definition' || n.kind === 'class_definition' || n.kind === 'decorated_definition') return SKIP;
      const here = inLambda || n.kind === 'lambda';
      visitEvents(n, here);
      return here;
    });
  }
  definition.raises = [...raises];
}

/** radon's class complexity needs the methods, which are analysed after the class header. */
function finishClass(definition: Definition, node: SkeletonNode, definitions: Definition[], index: number): void {
  const methods = definitions.filter((d) => d.parentIndex === index && d.kind === 'function');
  const cc = classCyclomatic(node, methods.map((m) => m.metrics.cyclomatic));
  definition.metrics.cyclomatic = cc;
  definition.metrics.rank = rank(cc);
}

function assemble(root: Node, source: string, units: UnitResult[]): ModuleAnalysis {
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
    for (const d of unit.definitions) {
      definitions.push(d.parentIndex < 0 ? d : { ...d, parentIndex: d.parentIndex + offset });
    }
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
  const lineCount = root.endPosition.row + 1;
  const metrics: Metrics = {
    cyclomatic: 1 + decisions,
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
    dunderAll: readDunderAll(root, source),
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
function readDunderAll(root: Node, source: string): string[] | null {
  let result: string[] | null = null;
  let seen = false;
  for (const statement of root.namedChildren) {
    if (!statement || statement.type !== 'expression_statement') continue;
    const text = source.slice(statement.startIndex, statement.endIndex);
    if (!text.includes('__all__')) continue;
    if (seen) return null;
    seen = true;
    const match = /^__all__\s*=\s*([([]?)([\s\S]*?)([)\]]?)\s*$/.exec(text);
    if (!match) return null;
    const items = match[2]!.replace(/#[^\n]*/g, '').split(',').map((s) => s.trim()).filter(Boolean);
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
  };
}
