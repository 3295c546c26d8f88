import type { Node } from 'web-tree-sitter';
import type { CognitiveIncrement, Definition } from '../analysis/model';
import { inSourceOrder } from './explain';

/**
 * Refactoring hints: which block of a function (a loop, a branch, or a run of statements) to
 * extract into a new function so that the larger of the two scores is lowest, with the numbers
 * the analyser will count once it is done. Nothing is edited here; the user's refactoring tool
 * performs the extraction.
 *
 * The numbers follow from the increments alone. Extracted statements keep every increment, and
 * those that pay for nesting (`if`, loops, `except`, conditional expressions) pay the nesting of
 * the block they leave less: the new function's body is at level 0. The function keeps the
 * rest; the call that replaces the statements adds nothing. That holds only for a block that can
 * leave as it is, so a block is never offered when it
 * - returns (unless it ends the function's body: the call becomes `return new(...)`), yields,
 *   breaks or continues a loop outside it, or declares `global`/`nonlocal`;
 * - holds a class (whose body starts its own nesting at 0);
 * - has a def or class among its own statements (a function that only wraps a nested one is
 *   scored as a wrapper).
 * A function with a syntax error gets no hint. test/core/extraction.test.ts performs every extraction offered and re-analyses it.
 */

export interface Extraction {
  /** The statements to move, as offsets in the source (the first's start to the last's end). */
  startIndex: number;
  endIndex: number;
  /** 0-based lines of the first and last statement. */
  startLine: number;
  endLine: number;
  /** `the for loop`, `the body of the if at line 8`, `statements`. */
  what: string;
  /** The call must return what the new function returns: the block ends the body and returns. */
  returns: boolean;
  /** The function's cognitive complexity now, after the extraction, and the new function's. */
  before: number;
  after: number;
  extracted: number;
}

/** `extracting lines 12–30 (the for loop): cognitive 37 → 14, new function 11` */
export function describeExtraction(e: Extraction): string {
  const lines = e.startLine === e.endLine ? `line ${e.startLine + 1}` : `lines ${e.startLine + 1}–${e.endLine + 1}`;
  const what = e.what === 'statements' ? '' : ` (${e.what})`;
  return `extracting ${lines}${what}: cognitive ${e.before} → ${e.after}, new function ${e.extracted}`;
}

/** The extractions that help (the larger score drops below the function's), best first. */
export function extractions(definitionNode: Node, definition: Definition): Extraction[] {
  const body = definitionNode.childForFieldName('body');
  if (!body || definition.kind !== 'function' || definition.hasSyntaxError) return [];
  const scope = readScope(definitionNode);
  const increments = inSourceOrder(definition.metrics.cognitiveIncrements);
  const before = definition.metrics.cognitive;
  const found: Extraction[] = [];
  for (const block of blocksOf(body)) {
    const statements = block.node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    if (statements.some((s) => s.type === 'case_clause')) continue; // a match's cases are not statements
    const facts = statements.map((s) => statementFacts(s, scope, increments));
    const tailOfBody = block.node.equals(body) && !scope.generator;
    for (let i = 0; i < facts.length; i++) {
      let amount = 0;
      let nested = 0;
      let returns = false;
      for (let j = i; j < facts.length; j++) {
        const f = facts[j]!;
        if (f.blocked) break;
        amount += f.amount;
        nested += f.nested;
        returns ||= f.returns;
        if (returns && !(tailOfBody && j === facts.length - 1)) continue;
        if (amount === 0) continue;
        const after = before - amount;
        const extracted = amount - block.level * nested;
        if (Math.max(after, extracted) >= before) continue;
        found.push({
          startIndex: statements[i]!.startIndex, endIndex: statements[j]!.endIndex,
          startLine: statements[i]!.startPosition.row, endLine: statements[j]!.endPosition.row,
          what: describeRun(block, statements, i, j), returns, before, after, extracted,
        });
      }
    }
  }
  return found.sort((a, b) => Math.max(a.after, a.extracted) - Math.max(b.after, b.extracted)
    || (a.after + a.extracted) - (b.after + b.extracted)
    || (a.endLine - a.startLine) - (b.endLine - b.startLine)
    || a.startIndex - b.startIndex);
}

interface Block {
  node: Node;
  /** The nesting level its statements are at, as analysis/metrics.ts's cognitive() counts it. */
  level: number;
  /** The compound statement (or clause) it is the body of. */
  owner: Node;
}

/** Blocks whose parent adds no nesting level (sonar-python's rule, as in analysis/metrics.ts). */
const FLAT_PARENTS = new Set(['function_definition', 'try_statement', 'finally_clause', 'with_statement', 'match_statement', 'class_definition']);
const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);

/** Every block of the function's own code (nested definitions are their own business), with its level. */
function blocksOf(body: Node): Block[] {
  const blocks: Block[] = [];
  const stack: Block[] = [{ node: body, level: 0, owner: body.parent ?? body }];
  while (stack.length) {
    const block = stack.pop()!;
    blocks.push(block);
    const inner: Block[] = [];
    const visit = (node: Node) => {
      for (const child of node.namedChildren) {
        if (!child || DEFINITIONS.has(child.type)) continue;
        if (child.type === 'block') {
          const owner = child.parent ?? child;
          inner.push({ node: child, level: block.level + (FLAT_PARENTS.has(owner.type) ? 0 : 1), owner });
        } else if (child.type.endsWith('_statement') || child.type.endsWith('_clause')) {
          visit(child);
        }
      }
    };
    visit(block.node);
    stack.push(...inner.reverse());
  }
  return blocks;
}

interface Scope {
  /** Own-scope statements that keep a block where it is: yield, global, nonlocal; classes anywhere. */
  blockers: Node[];
  returns: Node[];
  /** Own-scope break/continue with the loop they leave. */
  jumps: { node: Node; loop: Node | null }[];
  generator: boolean;
}

function readScope(definitionNode: Node): Scope {
  const kinds = ['return_statement', 'yield', 'break_statement', 'continue_statement', 'global_statement', 'nonlocal_statement',
    'class_definition', 'function_definition', 'lambda'];
  const nodes = definitionNode.descendantsOfType(kinds).filter((n): n is Node => !!n && !n.equals(definitionNode));
  const scopes = nodes.filter((n) => n.type === 'function_definition' || n.type === 'lambda');
  const own = (n: Node) => !scopes.some((s) => s.startIndex <= n.startIndex && n.endIndex <= s.endIndex);
  const scope: Scope = { blockers: [], returns: [], jumps: [], generator: false };
  for (const node of nodes) {
    if (node.type === 'class_definition') scope.blockers.push(node);
    else if (!own(node)) continue;
    else if (node.type === 'return_statement') scope.returns.push(node);
    else if (node.type === 'break_statement' || node.type === 'continue_statement') scope.jumps.push({ node, loop: enclosingLoop(node, definitionNode) });
    else if (node.type === 'yield' || node.type === 'global_statement' || node.type === 'nonlocal_statement') {
      scope.blockers.push(node);
      if (node.type === 'yield') scope.generator = true;
    }
  }
  return scope;
}

function enclosingLoop(node: Node, stop: Node): Node | null {
  for (let n = node.parent; n && !n.equals(stop); n = n.parent) {
    if (n.type === 'for_statement' || n.type === 'while_statement') return n;
  }
  return null;
}

interface StatementFacts {
  /** The cognitive increments inside it, and how many of them pay for nesting. */
  amount: number;
  nested: number;
  returns: boolean;
  /** It can never be part of an extracted block. */
  blocked: boolean;
}

function statementFacts(statement: Node, scope: Scope, increments: CognitiveIncrement[]): StatementFacts {
  const inside = (n: Node) => statement.startIndex <= n.startIndex && n.endIndex <= statement.endIndex;
  const start = statement.startPosition;
  const end = statement.endPosition;
  let amount = 0;
  let nested = 0;
  for (const increment of increments) {
    const afterStart = increment.line > start.row || (increment.line === start.row && increment.col >= start.column);
    const beforeEnd = increment.line < end.row || (increment.line === end.row && increment.col < end.column);
    if (!afterStart || !beforeEnd) continue;
    amount += increment.amount;
    if (increment.nesting !== undefined) nested++;
  }
  const blocked = DEFINITIONS.has(statement.type)
    || scope.blockers.some(inside)
    || scope.jumps.some((j) => inside(j.node) && !(j.loop && inside(j.loop)));
  return { amount, nested, returns: scope.returns.some(inside), blocked };
}

const KEYWORD: Record<string, string> = {
  for_statement: 'for loop', while_statement: 'while loop', if_statement: 'if', try_statement: 'try',
  with_statement: 'with', match_statement: 'match',
};

function describeRun(block: Block, statements: Node[], i: number, j: number): string {
  if (i === j && KEYWORD[statements[i]!.type]) return `the ${KEYWORD[statements[i]!.type]}`;
  if (i === 0 && j === statements.length - 1 && block.owner.type !== 'function_definition') {
    const owner = block.owner.type.replace(/_statement$|_clause$/, '');
    return `the body of the ${owner} at line ${block.owner.startPosition.row + 1}`;
  }
  return 'statements';
}
