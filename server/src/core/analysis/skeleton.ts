import type { Language, Node } from 'web-tree-sitter';
import type { Span } from './model';

/**
 * A skeleton is the part of the syntax tree the metrics need: compound statements, clauses,
 * blocks, definitions and the expressions that branch. It is built from one walk of the tree
 * inside the wasm runtime (`descendantsOfType`), which hands back only the nodes of the kinds
 * asked for: about half what a Query with these patterns costs, and a third of a TreeCursor
 * walk driven from JS (docs/performance.md). Everything else the analysis needs (calls,
 * raises, yields...) is read off those nodes as events attached to the innermost skeleton node.
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
  col: number;
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
 * `diagnostics` reads only what DW1xx and DW9xx need (the metrics' branching structure and
 * syntax errors); `check` adds the returns, yields and raises that DW4xx compare with
 * docstrings (rare nodes, so nearly free); `full` adds calls, statements and scope names for
 * hovers and `docwright metrics`.
 */
export type Detail = 'full' | 'check' | 'diagnostics';

/** The node types each detail asks the walk for; the events are read off these nodes. */
const WALKED_TYPES: Record<Detail, readonly string[]> = (() => {
  const diagnostics = [...STRUCTURAL_KINDS, 'and', 'or'];
  const check = [...diagnostics, 'return_statement', 'raise_statement', 'yield'];
  const full = [...check, 'call', ...SIMPLE_STATEMENTS];
  return { diagnostics, check, full };
})();

/** What the `super().__init__(...)` event looks for in the text before asking the tree. */
const INIT = '__init__';

const structural = new Set<string>(STRUCTURAL_KINDS);

interface Item {
  name: StructuralKind | EventKind;
  node: Node;
  start: number;
  end: number;
  rank: number;
}

/** Reads a detail's skeleton items off the nodes the walk returns; one per grammar. */
export class SkeletonBuilder {
  private readonly types: readonly string[];
  /** A node type's name by its symbol, when the walk's node of that symbol is one we read (named kinds are named nodes). */
  private readonly kindBySymbol: (string | undefined)[] = [];

  constructor(language: Language, readonly detail: Detail = 'full') {
    this.types = WALKED_TYPES[detail];
    const wanted = new Set(this.types);
    for (let symbol = 0; symbol < language.types.length; symbol++) {
      const type = language.types[symbol]!;
      // `and` and `or` are keyword tokens; `lambda` and `yield` are also keywords, which are not the nodes we want.
      const named = type === 'and' || type === 'or' ? !language.nodeTypeIsNamed(symbol) : language.nodeTypeIsNamed(symbol);
      this.kindBySymbol.push(wanted.has(type) && named ? type : undefined);
    }
  }

  /**
   * Builds the skeleton of `[startIndex, endIndex)` within `scope`. Nodes that start before
   * the range or end after it are left out, so a range that covers whole top-level
   * statements gives exactly their skeletons. `source` is the text the tree was parsed from.
   */
  build(scope: Node, startIndex: number, endIndex: number, source: string): SkeletonNode {
    const items: Item[] = [];
    const push = (name: Item['name'], node: Node, rank = 2) => {
      const start = node.startIndex;
      const end = node.endIndex;
      if (start >= startIndex && end <= endIndex) items.push({ name, node, start, end, rank });
    };
    const hasError = scope.hasError;
    for (const node of scope.descendantsOfType(this.types as string[])) {
      const kind = this.kindBySymbol[node.typeId];
      if (kind) this.read(kind, node, hasError, push);
    }
    if (this.detail !== 'diagnostics') superInitArguments(scope, source, push);
    if (hasError || scope.isMissing) syntaxErrors(scope, push);
    // Parent first: by start, then the longer node, then blocks before what they contain.
    items.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
    return nest(items, startIndex, endIndex);
  }

  /** The skeleton node or events one walked node stands for. */
  private read(kind: string, node: Node, hasError: boolean, push: (name: Item['name'], node: Node, rank?: number) => void): void {
    if (structural.has(kind)) {
      push(kind as StructuralKind, node, kind === 'block' ? 0 : 1);
      return;
    }
    switch (kind) {
      case 'and':
      case 'or':
        // Only a boolean operator's operator; a stray keyword in a broken line is not one.
        if (!hasError || node.parent?.type === 'boolean_operator') push(kind === 'and' ? 'op.and' : 'op.or', node);
        return;
      case 'yield':
        push('yield', node);
        return;
      case 'call':
        push('call', node);
        callee(node, push);
        return;
    }
    if (this.detail === 'full') push('stmt', node);
    if (kind === 'return_statement') {
      // Every named child, comments too, as a Query's `(_)` matches them; but not an ERROR.
      for (const value of node.namedChildren) if (value && !value.isError) push('return.value', value);
    } else if (kind === 'raise_statement') {
      push('raise', node);
      raisedName(node, push);
    } else if (this.detail === 'full' && (kind === 'global_statement' || kind === 'nonlocal_statement')) {
      const event = kind === 'global_statement' ? 'global.name' : 'nonlocal.name';
      for (const name of node.namedChildren) if (name?.type === 'identifier') push(event, name);
    }
  }
}

/** `raise X`, `raise a.X`, `raise X(...)`: the first named child names what is raised. */
function raisedName(raise: Node, push: (name: EventKind, node: Node) => void): void {
  const first = raise.firstNamedChild;
  if (first?.type === 'identifier' || first?.type === 'attribute') push('raise.name', first);
  else if (first?.type === 'call') {
    const fn = first.childForFieldName('function');
    if (fn?.isNamed && !fn.isError) push('raise.name', fn);
  }
}

/** `name(...)` and `object.attr(...)`, for recursion. */
function callee(call: Node, push: (name: EventKind, node: Node) => void): void {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') {
    push('callee', fn);
  } else if (fn?.type === 'attribute') {
    const object = fn.childForFieldName('object');
    const attribute = fn.childForFieldName('attribute');
    if (object?.type === 'identifier' && attribute?.type === 'identifier') {
      push('callee.object', object);
      push('callee.attr', attribute);
    }
  }
}

/**
 * What `super().__init__(...)` or `Base.__init__(self, ...)` is handed: parameters a base
 * class documents. Such calls are rare, so the text finds the candidates and the tree
 * confirms each (an `__init__` in a string or a comment is not an identifier).
 */
function superInitArguments(scope: Node, source: string, push: (name: EventKind, node: Node) => void): void {
  const offset = scope.startIndex;
  const text = source.slice(offset, scope.endIndex);
  for (let found = text.indexOf(INIT); found >= 0; found = text.indexOf(INIT, found + INIT.length)) {
    const at = offset + found;
    const name = scope.descendantForIndex(at, at + INIT.length);
    if (name?.type !== 'identifier' || name.startIndex !== at || name.endIndex !== at + INIT.length) continue;
    const attribute = name.parent;
    if (attribute?.type !== 'attribute' || !attribute.childForFieldName('attribute')?.equals(name)) continue;
    const call = attribute.parent;
    if (call?.type !== 'call' || !call.childForFieldName('function')?.equals(attribute)) continue;
    const args = call.childForFieldName('arguments');
    if (args?.type === 'argument_list') push('super.args', args);
  }
}

/** ERROR and MISSING nodes, found by entering only the subtrees that hold one (or are one). */
function syntaxErrors(scope: Node, push: (name: EventKind, node: Node) => void): void {
  const stack: Node[] = [scope];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.isError) push('error', node);
    else if (node.isMissing) push('missing', node);
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      // An unexpected character is an ERROR leaf whose hasError is false.
      if (child && (child.hasError || child.isError || child.isMissing)) stack.push(child);
    }
  }
}

/** Hangs each item under the innermost structural item that contains it. */
function nest(items: Item[], startIndex: number, endIndex: number): SkeletonNode {
  const root: SkeletonNode = {
    kind: 'root', start: startIndex, end: endIndex, line: 0, col: 0,
    node: null, parent: null, children: [], events: [],
  };
  let top = root;
  for (const item of items) {
    while (top !== root && !(top.start <= item.start && item.end <= top.end)) top = top.parent!;
    const position = item.node.startPosition;
    if (item.rank < 2) {
      const child: SkeletonNode = {
        kind: item.name as StructuralKind,
        start: item.start, end: item.end,
        line: position.row, col: position.column,
        node: item.node, parent: top, children: [], events: [],
      };
      top.children.push(child);
      top = child;
    } else {
      const event: SkeletonEvent = { kind: item.name as EventKind, start: item.start, end: item.end, line: position.row, col: position.column };
      if (item.name === 'error' || item.name === 'missing') {
        const e = item.node.endPosition;
        event.span = { startLine: position.row, startCol: position.column, endLine: e.row, endCol: e.column };
      }
      top.events.push(event);
    }
  }
  return root;
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
