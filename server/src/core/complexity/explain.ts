import type { Node } from 'web-tree-sitter';
import { spanOf } from '../analysis/definitions';
import type { CognitiveIncrement, Definition, ModuleAnalysis, Span } from '../analysis/model';

/**
 * Why a complexity score is what it is, as locations in the source: one note per cognitive
 * increment (DW902's related locations, the lens's list, the inlay hints), and the chain of
 * blocks that makes a function nest too deeply (DW903's). Editors show these; nothing here is
 * LSP.
 */

/** A place in the source and what it adds. */
export interface Note {
  span: Span;
  message: string;
}

/** `+2 (nesting 1): if`, `+1: elif`, `+2: and, or`. */
export function incrementLabel(increment: CognitiveIncrement): string {
  const nesting = increment.nesting ? ` (nesting ${increment.nesting})` : '';
  return `+${increment.amount}${nesting}: ${increment.construct}`;
}

/** The keyword an increment stands on (`if`, `and`), or an empty span where the construct has none. */
function incrementSpan(increment: CognitiveIncrement): Span {
  const keyword = /^[a-z]+$/.test(increment.construct) ? increment.construct.length
    : /^(and|or)\b/.exec(increment.construct)?.[0].length ?? 0;
  return { startLine: increment.line, startCol: increment.col, endLine: increment.line, endCol: increment.col + keyword };
}

/** One note per increment of a definition's cognitive score, in source order; their amounts add up to the score. */
export function incrementNotes(definition: Definition): Note[] {
  return inSourceOrder(definition.metrics.cognitiveIncrements).map((increment) => ({ span: incrementSpan(increment), message: incrementLabel(increment) }));
}

export function inSourceOrder(increments: readonly CognitiveIncrement[]): CognitiveIncrement[] {
  return [...increments].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** What the increments on one line add up to. */
export interface LineIncrements {
  line: number;
  amount: number;
  labels: string[];
}

/**
 * Every increment of a module, each once, totalled by line. A definition's increments are in
 * its enclosing definition's too (nested functions count in their parent's score), and a
 * definition inside a top-level `if` in the module's own code as well, so they are told apart
 * by position.
 */
export function incrementsByLine(analysis: ModuleAnalysis): LineIncrements[] {
  const seen = new Set<string>();
  const byLine = new Map<number, LineIncrements>();
  const sources = [analysis.metrics.cognitiveIncrements, ...analysis.definitions.map((d) => d.metrics.cognitiveIncrements)];
  for (const increment of sources.flatMap((list) => inSourceOrder(list))) {
    const key = `${increment.line}:${increment.col}:${increment.construct}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = byLine.get(increment.line) ?? { line: increment.line, amount: 0, labels: [] };
    entry.amount += increment.amount;
    entry.labels.push(incrementLabel(increment));
    byLine.set(increment.line, entry);
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

/** Compound statements that nest, as nestingDepth in analysis/metrics.ts counts them. */
const NESTING = new Set(['if_statement', 'for_statement', 'while_statement', 'try_statement', 'with_statement', 'match_statement']);
const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);

/**
 * The first deepest chain of nested blocks in a definition's own code, outermost first (nested
 * definitions start over, as they do for the score). Its length is the definition's nesting.
 */
export function deepestNesting(definition: Node): Node[] {
  const body = definition.childForFieldName('body');
  if (!body) return [];
  let deepest: Node[] = [];
  const stack: { node: Node; chain: Node[] }[] = [{ node: body, chain: [] }];
  while (stack.length) {
    const { node, chain } = stack.pop()!;
    const children = node.namedChildren.filter((c): c is Node => !!c && !DEFINITIONS.has(c.type) && containsStatements(c));
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      const inner = NESTING.has(child.type) ? [...chain, child] : chain;
      if (inner.length > deepest.length) deepest = inner;
      stack.push({ node: child, chain: inner });
    }
  }
  return deepest;
}

/** Blocks, clauses and compound statements: the only places a statement can be. */
function containsStatements(node: Node): boolean {
  return node.type === 'block' || node.type.endsWith('_clause') || NESTING.has(node.type);
}

/** DW903's notes: each block of the deepest chain at its keyword, the deepest one last. */
export function nestingNotes(definition: Node): Note[] {
  const chain = deepestNesting(definition);
  return chain.map((block, i) => {
    const keyword = block.firstChild ?? block;
    const word = block.type.replace(/_statement$/, '');
    return { span: spanOf(keyword), message: `nesting ${i + 1}: ${word}${i === chain.length - 1 ? ' (deepest)' : ''}` };
  });
}

/**
 * The related locations of a complexity finding: DW902's increments, DW903's chain of blocks
 * (read from the tree, which only a finding needs); none for other codes.
 */
export function findingNotes(code: string, definition: Definition, definitionNode: () => Node | null): Note[] {
  if (code === 'DW902') return incrementNotes(definition);
  if (code !== 'DW903') return [];
  const node = definitionNode();
  return node ? nestingNotes(node) : [];
}
