import type { CognitiveIncrement, Rank } from './model';
import { SKIP, walk, type SkeletonEvent, type SkeletonNode } from './skeleton';

/**
 * Metrics over a skeleton. Each function takes the skeleton node of a definition (or the
 * root for module-level code) and follows one published counting rule set exactly; the
 * rules are in shared/notes/tree-sitter-python.md and the unit tests pin every one.
 */

/** Statements that define a function or class (decorated or not): their own scope. */
export const DEFINITIONS: ReadonlySet<string> = new Set(['function_definition', 'class_definition', 'decorated_definition']);

export function bodyOf(definition: SkeletonNode): SkeletonNode | undefined {
  return definition.children.find((c) => c.kind === 'block');
}

/** The nodes whose code belongs to a scope: a definition's body, or the module's top level. */
export function scopeRoots(scope: SkeletonNode): SkeletonNode[] {
  if (scope.kind === 'root') return scope.children.filter((c) => !DEFINITIONS.has(c.kind));
  const body = bodyOf(scope);
  return body ? [body] : [];
}

/** Visits the scope's own code: enters lambdas, never nested functions or classes. */
export function forEachInScope(scope: SkeletonNode, visit: (node: SkeletonNode) => boolean | void): void {
  const roots = scopeRoots(scope);
  walk(roots, undefined, (node) => {
    if (DEFINITIONS.has(node.kind) && !roots.includes(node)) return SKIP;
    return visit(node) === false ? SKIP : undefined;
  });
}

/** Every event in the scope's own code (module level: top-level events outside definitions). */
export function scopeEvents(scope: SkeletonNode): SkeletonEvent[] {
  const events: SkeletonEvent[] = scope.kind === 'root' ? [...scope.events] : [];
  forEachInScope(scope, (node) => { events.push(...node.events); });
  return events;
}

function isStarExcept(node: SkeletonNode): boolean {
  return node.node?.child(1)?.type === '*';
}

/** radon 5.1 cyclomatic complexity of a function body (or module top level). */
export function cyclomatic(scope: SkeletonNode): number {
  let complexity = 1;
  forEachInScope(scope, (node) => {
    switch (node.kind) {
      case 'if_statement':
      case 'elif_clause':
      case 'conditional_expression':
      case 'boolean_operator':
      case 'for_in_clause':
        complexity += 1;
        break;
      case 'if_clause':
        // A `case` guard is an if_clause too; radon 5.1 does not count match at all.
        if (node.parent?.kind !== 'case_clause') complexity += 1;
        break;
      case 'for_statement':
      case 'while_statement':
        complexity += 1 + (node.children.some((c) => c.kind === 'else_clause') ? 1 : 0);
        break;
      case 'try_statement': {
        const handlers = node.children.filter((c) => c.kind === 'except_clause');
        // radon 5.1 only knows ast.Try; a try with except* (ast.TryStar) adds nothing.
        if (handlers.some(isStarExcept)) break;
        complexity += handlers.length + (node.children.some((c) => c.kind === 'else_clause') ? 1 : 0);
        break;
      }
      case 'assert_statement':
        complexity += 1;
        return false; // radon does not look inside an assert
    }
    return true;
  });
  return complexity;
}

/**
 * radon's class complexity: 1 + decisions in the class body + the methods' complexities,
 * averaged over the methods (int division) plus one when there is more than one method.
 */
export function classCyclomatic(bodyDecisions: number, methodComplexities: number[]): number {
  const real = 1 + bodyDecisions + methodComplexities.reduce((a, b) => a + b, 0);
  const n = methodComplexities.length;
  return n === 0 ? real : Math.floor(real / n) + (n > 1 ? 1 : 0);
}

export function rank(cyclomaticComplexity: number): Rank {
  if (cyclomaticComplexity <= 5) return 'A';
  if (cyclomaticComplexity <= 10) return 'B';
  if (cyclomaticComplexity <= 20) return 'C';
  if (cyclomaticComplexity <= 30) return 'D';
  if (cyclomaticComplexity <= 40) return 'E';
  return 'F';
}

/** Blocks whose statements sit one nesting level deeper (sonar-python's StatementList rule). */
function blockIncrementsNesting(block: SkeletonNode): boolean {
  switch (block.parent?.kind) {
    case 'root':
    case 'try_statement':
    case 'finally_clause':
    case 'class_definition':
    case 'function_definition':
    case 'with_statement':
    case 'match_statement':
      return false;
    default:
      return true;
  }
}

interface NestingContext {
  isFunction: boolean;
  node: SkeletonNode | null;
}

/**
 * Cognitive complexity as sonar-python's CognitiveComplexityVisitor counts it, for a
 * function or class node scanned on its own (nested functions included in the score).
 */
export function cognitive(scope: SkeletonNode): { score: number; increments: CognitiveIncrement[] } {
  const increments: CognitiveIncrement[] = [];
  const nested = (node: SkeletonNode, level: number) => {
    const construct = word(node.kind);
    increments.push({ line: node.line, col: node.col, amount: 1 + level, reason: level > 0 ? `${construct} (+${level} nesting)` : construct, construct, nesting: level });
  };
  const flat = (line: number, col: number, amount: number, reason: string, construct: string) => increments.push({ line, col, amount, reason, construct });

  type State = { level: number; context: NestingContext };
  const enter = (node: SkeletonNode, { level, context }: State): State | typeof SKIP => {
    switch (node.kind) {
      case 'function_definition': {
        const own = !context.isFunction ? 0 : isWrapper(context.node!, node) ? level : level + 1;
        return { level: own, context: { isFunction: true, node } };
      }
      case 'class_definition':
        return { level: 0, context: { isFunction: false, node } };
      case 'block':
        return { level: blockIncrementsNesting(node) ? level + 1 : level, context };
      case 'if_statement':
      case 'for_statement':
      case 'while_statement':
      case 'except_clause':
        nested(node, level);
        break;
      case 'elif_clause':
      case 'else_clause': {
        const construct = node.kind === 'elif_clause' ? 'elif' : 'else';
        flat(node.line, node.col, 1, construct, construct);
        break;
      }
      case 'conditional_expression':
        nested(node, level);
        return { level: level + 1, context };
      case 'boolean_operator':
        if (!isChainOperand(node)) {
          const changes = operatorSequenceChanges(node);
          if (changes.count > 0) flat(changes.line, changes.col, changes.count, 'and/or sequence', changes.operators.join(', '));
        }
        break;
    }
    return { level, context };
  };

  const top: State = { level: 0, context: { isFunction: false, node: null } };
  const roots = scope.kind === 'root' ? scope.children.filter((c) => !DEFINITIONS.has(c.kind)) : [scope];
  walk(roots, top, enter);
  return { score: increments.reduce((sum, i) => sum + i.amount, 0), increments };
}

function word(kind: string): string {
  return kind === 'conditional_expression' ? 'conditional expression'
    : kind === 'except_clause' ? 'except' : kind.replace(/_statement$/, '');
}

/** A boolean operator that is the direct left or right operand of another continues its chain. */
function isChainOperand(node: SkeletonNode): boolean {
  const parent = node.parent;
  return parent?.kind === 'boolean_operator' && (node.start === parent.start || node.end === parent.end);
}

/** Counts +1 for the first operator of a flattened and/or chain and +1 per change of kind. */
function operatorSequenceChanges(chainRoot: SkeletonNode): { count: number; line: number; col: number; operators: string[] } {
  const operators: SkeletonEvent[] = [];
  walk([chainRoot], undefined, (node) => {
    if (node !== chainRoot && !(node.kind === 'boolean_operator' && isChainOperand(node))) return SKIP;
    for (const event of node.events) if (event.kind === 'op.and' || event.kind === 'op.or') operators.push(event);
    return undefined;
  });
  operators.sort((a, b) => a.start - b.start);
  const runs: string[] = [];
  let previous: string | undefined;
  for (const op of operators) {
    if (op.kind !== previous) runs.push(op.kind === 'op.and' ? 'and' : 'or');
    previous = op.kind;
  }
  const first = operators[0];
  return { count: runs.length, line: first?.line ?? chainRoot.line, col: first?.col ?? chainRoot.col, operators: runs };
}

/**
 * sonar-python treats an outer function as a mere wrapper (nested function at the same
 * level) when every other statement of its body is `return <name>`.
 */
function isWrapper(outer: SkeletonNode, inner: SkeletonNode): boolean {
  const body = outer.node?.childForFieldName('body');
  if (!body) return false;
  for (const statement of body.namedChildren) {
    if (!statement || statement.type === 'comment') continue;
    // Only the nested definition itself is exempt, not a statement that contains it.
    const isInner = statement.endIndex === inner.end
      && (statement.startIndex === inner.start || statement.type === 'decorated_definition');
    if (isInner) continue;
    if (statement.type !== 'return_statement') return false;
    const values = statement.namedChildren.filter((n) => n && n.type !== 'comment');
    if (values.length !== 1 || values[0]!.type !== 'identifier') return false;
  }
  return true;
}

/** Deepest nesting of compound statements in the scope's own code (nested definitions start over). */
export function nestingDepth(scope: SkeletonNode): number {
  let max = 0;
  const compound = new Set(['if_statement', 'for_statement', 'while_statement', 'try_statement', 'with_statement', 'match_statement']);
  const roots = scopeRoots(scope);
  walk(roots, 0, (node, depth) => {
    if (DEFINITIONS.has(node.kind) && !roots.includes(node)) return SKIP;
    const inner = compound.has(node.kind) ? depth + 1 : depth;
    if (inner > max) max = inner;
    return inner;
  });
  return max;
}
