import type { Language, Node, Query } from 'web-tree-sitter';
import { Query as TsQuery } from 'web-tree-sitter';
import type { Span } from './model';

/**
 * A skeleton is the part of the syntax tree the metrics need: compound statements, clauses,
 * blocks, definitions and the expressions that branch. It is built from one Query over a
 * range of the tree, because reading nodes one by one across the wasm boundary costs about
 * twice as much (see shared/notes/tree-sitter-python.md). Everything else the analysis needs
 * (calls, raises, yields...) arrives as events attached to the innermost skeleton node.
 */

export const STRUCTURAL_KINDS = [
  'function_definition', 'class_definition', 'decorated_definition', 'block',
  'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement',
  'try_statement', 'except_clause', 'finally_clause', 'with_statement', 'match_statement',
  'case_clause', 'conditional_expression', 'boolean_operator', 'lambda', 'if_clause',
  'for_in_clause', 'assert_statement',
] as const;
export type StructuralKind = (typeof STRUCTURAL_KINDS)[number];

const SIMPLE_STATEMENTS = [
  'expression_statement', 'return_statement', 'pass_statement', 'break_statement',
  'continue_statement', 'raise_statement', 'global_statement', 'nonlocal_statement',
  'delete_statement', 'import_statement', 'import_from_statement', 'future_import_statement',
  'print_statement', 'exec_statement', 'type_alias_statement',
];

export type EventKind =
  | 'call' | 'callee' | 'callee.object' | 'callee.attr' | 'return.value' | 'yield'
  | 'raise' | 'raise.name' | 'global.name' | 'nonlocal.name' | 'stmt' | 'error' | 'missing'
  | 'op.and' | 'op.or' | 'super.args';

export interface SkeletonEvent {
  kind: EventKind;
  start: number;
  end: number;
  line: number;
  /** Only for error and missing nodes, which are reported with their extent. */
  span?: Span;
}

export interface SkeletonNode {
  kind: StructuralKind | 'root';
  start: number;
  end: number;
  line: number;
  col: number;
  node: Node | null;
  parent: SkeletonNode | null;
  children: SkeletonNode[];
  events: SkeletonEvent[];
}

/**
 * `diagnostics` captures only what DW1xx and DW9xx need (the metrics' branching structure and
 * syntax errors); `check` adds the returns, yields and raises that DW4xx compare with
 * docstrings (rare nodes, so nearly free); `full` adds calls, statements and scope names for
 * hovers and `docwright metrics`, which cost the query about a third more.
 */
export type Detail = 'full' | 'check' | 'diagnostics';

const DIAGNOSTICS_PATTERNS = [
  ...STRUCTURAL_KINDS.map((k) => `(${k}) @${k}`),
  '(ERROR) @error',
  '(MISSING) @missing',
  '(boolean_operator operator: "and" @op.and)',
  '(boolean_operator operator: "or" @op.or)',
];

const CHECK_PATTERNS = [
  ...DIAGNOSTICS_PATTERNS,
  '(return_statement (_) @return.value)',
  '(yield) @yield',
  '(raise_statement) @raise',
  '(raise_statement . (identifier) @raise.name)',
  '(raise_statement . (attribute) @raise.name)',
  '(raise_statement . (call function: (_) @raise.name))',
  // What `super().__init__(...)` or `Base.__init__(self, ...)` is handed: parameters a base
  // class documents. `_`-captures only serve the predicate.
  '(call function: (attribute attribute: (identifier) @_init) arguments: (argument_list) @super.args (#eq? @_init "__init__"))',
];

const FULL_PATTERNS = [
  ...CHECK_PATTERNS,
  '(call) @call',
  '(call function: (identifier) @callee)',
  '(call function: (attribute object: (identifier) @callee.object attribute: (identifier) @callee.attr))',
  '(global_statement (identifier) @global.name)',
  '(nonlocal_statement (identifier) @nonlocal.name)',
  `[${SIMPLE_STATEMENTS.map((s) => `(${s})`).join(' ')}] @stmt`,
];

const structural = new Set<string>(STRUCTURAL_KINDS);

/** Compiled once per grammar; a Query is immutable and safe to reuse for every file. */
export class SkeletonQuery {
  private readonly query: Query;
  constructor(language: Language, readonly detail: Detail = 'full') {
    const patterns = { full: FULL_PATTERNS, check: CHECK_PATTERNS, diagnostics: DIAGNOSTICS_PATTERNS }[detail];
    this.query = new TsQuery(language, patterns.join('\n'));
  }

  /**
   * Builds the skeleton of `[startIndex, endIndex)` within `scope`. Nodes that start before
   * the range or end after it are left out, so a range that covers whole top-level
   * statements gives exactly their skeletons. (The query runs over the whole scope node:
   * web-tree-sitter passes QueryOptions' index range to wasm as byte offsets of its UTF-16
   * text, unlike Node.startIndex, so we filter in JS rather than rely on it.)
   */
  build(scope: Node, startIndex: number, endIndex: number): SkeletonNode {
    const captures = this.query.captures(scope);
    const items: Item[] = [];
    for (const capture of captures) {
      if (capture.name.startsWith('_')) continue;
      const node = capture.node;
      const start = node.startIndex;
      const end = node.endIndex;
      if (start < startIndex || end > endIndex) continue;
      const isStructural = structural.has(capture.name);
      items.push({
        name: capture.name,
        node,
        start,
        end,
        rank: isStructural ? (capture.name === 'block' ? 0 : 1) : 2,
      });
    }
    // Parent first: by start, then the longer node, then blocks before what they contain.
    items.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
    const root: SkeletonNode = {
      kind: 'root', start: startIndex, end: endIndex, line: 0, col: 0,
      node: null, parent: null, children: [], events: [],
    };
    let top = root;
    for (const item of items) {
      while (top !== root && !(top.start <= item.start && item.end <= top.end)) top = top.parent!;
      if (item.rank < 2) {
        const position = item.node.startPosition;
        const child: SkeletonNode = {
          kind: item.name as StructuralKind,
          start: item.start, end: item.end,
          line: position.row, col: position.column,
          node: item.node, parent: top, children: [], events: [],
        };
        top.children.push(child);
        top = child;
      } else {
        const event: SkeletonEvent = {
          kind: item.name as EventKind, start: item.start, end: item.end,
          line: item.node.startPosition.row,
        };
        if (item.name === 'error' || item.name === 'missing') {
          const s = item.node.startPosition;
          const e = item.node.endPosition;
          event.span = { startLine: s.row, startCol: s.column, endLine: e.row, endCol: e.column };
        }
        top.events.push(event);
      }
    }
    return root;
  }
}

interface Item {
  name: string;
  node: Node;
  start: number;
  end: number;
  rank: number;
}

export const SKIP = Symbol('skip');

/**
 * Pre-order walk with an explicit stack: a 10,000-operand `or` chain or deep nesting must
 * not overflow the JS stack. `enter` returns the state the node's children inherit, or SKIP
 * to leave them out; `exit` runs after all of a node's descendants.
 */
export function walk<S>(
  roots: readonly SkeletonNode[],
  initial: S,
  enter: (node: SkeletonNode, inherited: S) => S | typeof SKIP,
  exit?: (node: SkeletonNode) => void,
): void {
  type Frame = { node: SkeletonNode; state: S; leaving: boolean };
  const stack: Frame[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i]!, state: initial, leaving: false });
  while (stack.length) {
    const frame = stack.pop()!;
    if (frame.leaving) {
      exit!(frame.node);
      continue;
    }
    const next = enter(frame.node, frame.state);
    if (next === SKIP) continue;
    if (exit) stack.push({ node: frame.node, state: frame.state, leaving: true });
    const children = frame.node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, state: next, leaving: false });
  }
}
