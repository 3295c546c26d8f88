import { Query, type Language, type Node } from 'web-tree-sitter';

/**
 * Halstead metrics as radon 5.1 counts them (`radon hal`), over a tree-sitter tree.
 *
 * radon's operators are the operator nodes of Python's ast: binary, unary, boolean
 * (one per flattened `and`/`or` chain), augmented assignment (`+=` is `Add`, like `+`) and
 * each comparison operator. Their operands are counted too, and told apart as radon tells
 * them apart: a name by its text, an attribute by its last name, a constant by its value
 * (so `1`, `1.0` and `True` are one operand), anything else as itself, each occurrence new.
 * Inside a function, operands are keyed by the function's name: radon's "context".
 * A def's decorators, defaults and annotations are never visited (radon visits only its body).
 */

export interface HalsteadReport {
  /** Distinct operators and operands. */
  h1: number;
  h2: number;
  /** Total operators and operands. */
  N1: number;
  N2: number;
  vocabulary: number;
  length: number;
  calculatedLength: number;
  volume: number;
  difficulty: number;
  effort: number;
  /** Seconds: effort / 18. */
  time: number;
  /** Estimated bugs: volume / 3000. */
  bugs: number;
}

export interface HalsteadResult {
  /** The whole module. */
  total: HalsteadReport;
  /** Every function and method, keyed by `row:column` of its `def` (or `async`) keyword. */
  functions: Map<string, HalsteadReport>;
}

const BINARY: Readonly<Record<string, string>> = {
  '+': 'Add', '-': 'Sub', '*': 'Mult', '/': 'Div', '//': 'FloorDiv', '%': 'Mod', '**': 'Pow',
  '<<': 'LShift', '>>': 'RShift', '|': 'BitOr', '^': 'BitXor', '&': 'BitAnd', '@': 'MatMult',
};
const UNARY: Readonly<Record<string, string>> = { '-': 'USub', '+': 'UAdd', '~': 'Invert' };
const COMPARISON: Readonly<Record<string, string>> = {
  '==': 'Eq', '!=': 'NotEq', '<>': 'NotEq', '<': 'Lt', '<=': 'LtE', '>': 'Gt', '>=': 'GtE',
  is: 'Is', 'is not': 'IsNot', in: 'In', 'not in': 'NotIn',
};

/**
 * What the count looks at: functions (their decorators and headers are left out), and the
 * nodes that are operators of Python's ast. Patterns may hold `-1`, a UnaryOp there.
 */
const CAPTURES = `
(decorated_definition definition: (function_definition)) @decorated
(function_definition) @function
[(binary_operator) (unary_operator) (not_operator) (boolean_operator) (comparison_operator)
 (augmented_assignment) (union_type) (chevron) (complex_pattern)
 (case_pattern) (union_pattern) (keyword_pattern)] @operator
`;
const queries = new WeakMap<Language, Query>();

function queryFor(root: Node): Query {
  const language = root.tree.language;
  let query = queries.get(language);
  if (!query) {
    query = new Query(language, CAPTURES);
    queries.set(language, query);
  }
  return query;
}

class Counts {
  operators = 0;
  operands = 0;
  readonly operatorsSeen = new Set<string>();
  readonly operandsSeen = new Set<string>();
}

/**
 * Counts operators with their operands, in the module and in every enclosing function (each
 * radon report holds what its body holds, nested functions too).
 */
class OperatorCounter {
  private unique = 0;

  /** A fresh key for an operand radon tells apart by object identity. */
  private fresh(): string {
    return `o:${this.unique++}`;
  }

  /**
   * One occurrence of operators with their operands, counted in each of `into`.
   * Operands are nodes, or keys already made (for operands that have no node of their own).
   */
  private count(into: Counts[], context: string, operator: string[], operands: (Node | string)[]): void {
    const keys = operands.map((o) => `${context}\u0000${typeof o === 'string' ? o : operandKey(o) ?? this.fresh()}`);
    for (const counts of into) {
      counts.operators += operator.length;
      counts.operands += operands.length;
      for (const o of operator) counts.operatorsSeen.add(o);
      for (const k of keys) counts.operandsSeen.add(k);
    }
  }

  /** The operators `node` is or holds, with their operands (operators nested in it come on their own). */
  countOperator(node: Node, counts: Counts[], context: string): void {
    switch (node.type) {
      case 'binary_operator': {
        const op = BINARY[node.childForFieldName('operator')?.type ?? ''];
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (op && left && right) this.count(counts, context, [op], [left, right]);
        break;
      }
      case 'unary_operator': {
        const op = UNARY[node.childForFieldName('operator')?.type ?? ''];
        const argument = node.childForFieldName('argument');
        if (op && argument) this.count(counts, context, [op], [argument]);
        break;
      }
      case 'not_operator': {
        const argument = node.childForFieldName('argument');
        if (argument) this.count(counts, context, ['Not'], [argument]);
        break;
      }
      case 'boolean_operator':
        if (!continuesChain(node)) this.count(counts, context, [node.childForFieldName('operator')?.type === 'and' ? 'And' : 'Or'], chainValues(node));
        break;
      case 'comparison_operator': {
        const operators: string[] = [];
        const operands: Node[] = [];
        for (const c of node.children) {
          if (!c || c.type === 'comment' || c.type === 'line_continuation') continue; // extras, not operands
          if (c.isNamed) operands.push(c);
          else if (COMPARISON[c.type]) operators.push(COMPARISON[c.type]!);
        }
        this.count(counts, context, operators, operands);
        break;
      }
      case 'augmented_assignment': {
        const op = BINARY[(node.childForFieldName('operator')?.type ?? '').slice(0, -1)];
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (op && left && right) this.count(counts, context, [op], [left, right]);
        break;
      }
      case 'union_type': {
        // `tuple[int, ...] | None` in an annotation: tree-sitter's type syntax for a BinOp(BitOr).
        const parts = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'line_continuation');
        if (parts.length === 2) this.count(counts, context, ['BitOr'], parts);
        break;
      }
      case 'chevron': {
        // `print >> f, x`: Python 2 syntax to tree-sitter, BinOp(print, RShift, f) to Python 3.
        const target = node.namedChildren.find((c) => c && c.type !== 'comment');
        if (target) this.count(counts, context, ['RShift'], ['s:print', target]);
        break;
      }
      case 'complex_pattern': {
        // `case -1 + 2j:` is BinOp(UnaryOp(USub, 1), Add, 2j) in Python's ast.
        const parts = node.children.filter((c): c is Node => !!c && c.type !== 'comment');
        const negated = parts[0]?.type === '-';
        const [real, op, imaginary] = negated ? parts.slice(1) : parts;
        if (negated && real) this.count(counts, context, ['USub'], [real]);
        if (real && op && imaginary && BINARY[op.type]) this.count(counts, context, [BINARY[op.type]!], [negated ? this.fresh() : real, imaginary]);
        break;
      }
    }
    if (node.type.endsWith('_pattern') && node.type !== 'complex_pattern') this.negativeLiterals(node, counts, context);
  }

  /** In a pattern, `-1` is a `-` token before a number, which Python's ast reads as UnaryOp(USub, 1). */
  private negativeLiterals(pattern: Node, counts: Counts[], context: string): void {
    const children = pattern.children;
    children.forEach((c, i) => {
      const next = children[i + 1];
      if (c?.type === '-' && next && (next.type === 'integer' || next.type === 'float')) this.count(counts, context, ['USub'], [next]);
    });
  }
}

export function halstead(root: Node): HalsteadResult {
  const counter = new OperatorCounter();
  const functionCounts = new Map<string, Counts>();
  // The query walks the tree in C and hands over only definitions and operators, in document
  // order; the enclosing functions are a stack of ranges.
  const total = new Counts();
  const frames: { end: number; name: string; counts: Counts }[] = [];
  /** Where operators are not visited: a function's decorators, parameters and return annotation. */
  const skipped: { start: number; end: number }[] = [];
  for (const { name: capture, node } of queryFor(root).captures(root)) {
    const at = node.startIndex;
    while (frames.length && frames[frames.length - 1]!.end <= at) frames.pop();
    while (skipped.length && skipped[skipped.length - 1]!.end <= at) skipped.pop();
    if (capture === 'decorated') {
      const definition = node.childForFieldName('definition');
      if (definition) skipped.push({ start: at, end: definition.startIndex });
      continue;
    }
    if (capture === 'function') {
      const body = node.childForFieldName('body');
      skipped.push({ start: at, end: body?.startIndex ?? node.endIndex });
      const counts = new Counts();
      frames.push({ end: node.endIndex, name: node.childForFieldName('name')?.text ?? '', counts });
      functionCounts.set(`${node.startPosition.row}:${node.startPosition.column}`, counts);
      continue;
    }
    if (skipped.some((r) => r.start <= at && at < r.end)) continue;
    const context = frames.length ? frames[frames.length - 1]!.name : '';
    counter.countOperator(node, [total, ...frames.map((f) => f.counts)], context);
  }
  const functions = new Map<string, HalsteadReport>();
  for (const [key, counts] of functionCounts) functions.set(key, report(counts));
  return { total: report(total), functions };
}

/** A boolean operator that is the left operand of the same operator: part of one ast BoolOp. */
function continuesChain(node: Node): boolean {
  const parent = node.parent;
  return parent?.type === 'boolean_operator'
    && parent.childForFieldName('left')?.id === node.id
    && parent.childForFieldName('operator')?.type === node.childForFieldName('operator')?.type;
}

/** The values of a flattened `and`/`or` chain, as Python's ast gives them. */
function chainValues(node: Node): Node[] {
  const values: Node[] = [];
  let current: Node | null = node;
  const op = node.childForFieldName('operator')?.type;
  const rights: Node[] = [];
  while (current?.type === 'boolean_operator' && current.childForFieldName('operator')?.type === op) {
    const right = current.childForFieldName('right');
    if (right) rights.unshift(right);
    current = current.childForFieldName('left');
  }
  if (current) values.push(current);
  return [...values, ...rights];
}

/**
 * How radon tells operands apart: names and attributes by their text, constants by value
 * (with Python's equality: 1 == 1.0 == True, and a name equals a string of the same text).
 * Undefined: anything else, which radon keys by the ast node itself.
 */
function operandKey(node: Node): string | undefined {
  let n = node;
  // Parentheses and tree-sitter's `type` wrapper are not nodes of Python's ast.
  while ((n.type === 'parenthesized_expression' || n.type === 'type') && n.namedChildCount === 1 && n.namedChildren[0]) n = n.namedChildren[0];
  switch (n.type) {
    case 'identifier':
      return `s:${n.text}`;
    case 'attribute': {
      const attr = n.childForFieldName('attribute');
      return attr ? `s:${attr.text}` : undefined;
    }
    case 'member_type': {
      const attr = n.namedChildren[n.namedChildCount - 1];
      return attr?.type === 'identifier' ? `s:${attr.text}` : undefined;
    }
    case 'true':
      return 'n:1';
    case 'false':
      return 'n:0';
    case 'none':
      return 'None';
    case 'ellipsis':
      return 'Ellipsis';
    case 'integer':
    case 'float':
      return numberKey(n.text);
    case 'string':
    case 'concatenated_string':
      return stringKey(n);
    default:
      return undefined;
  }
}

function numberKey(text: string): string | undefined {
  const literal = text.replace(/_/g, '');
  if (/[jJ]$/.test(literal)) {
    const imaginary = Number(literal.slice(0, -1));
    return imaginary === 0 ? 'n:0' : `c:${imaginary}`;
  }
  if (/^0[xXoObB]/.test(literal) || /^[0-9]+$/.test(literal)) {
    try {
      return `n:${BigInt(/^0+[0-9]/.test(literal) ? literal.replace(/^0+/, '') || '0' : literal)}`;
    } catch {
      return undefined;
    }
  }
  const value = Number(literal);
  if (Number.isNaN(value)) return undefined;
  // A float equal to an int is the same operand (Python's 2.0 == 2): key it as that int.
  return Number.isInteger(value) ? `n:${BigInt(value)}` : `f:${value}`;
}

/** A constant string's value: implicit concatenations joined, escapes decoded. f-strings are not constants. */
function stringKey(node: Node): string | undefined {
  const parts = node.type === 'concatenated_string' ? node.namedChildren.filter((c): c is Node => !!c && c.type === 'string') : [node];
  let bytes = false;
  let value = '';
  for (const part of parts) {
    const match = /^([a-zA-Z]*)('''|"""|'|")/.exec(part.text);
    if (!match) return undefined;
    const prefix = match[1]!.toLowerCase();
    if (prefix.includes('f')) return undefined; // a JoinedStr: its own operand
    bytes = prefix.includes('b');
    const quote = match[2]!;
    const body = part.text.slice(match[0].length, part.text.length - quote.length).replace(/\r\n?/g, '\n');
    value += prefix.includes('r') ? body : decodeEscapes(body, bytes);
  }
  return `${bytes ? 'b' : 's'}:${value}`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function decodeEscapes(body: string, bytes: boolean): string {
  return body.replace(/\\(\n|[\\'"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|.)/gs, (all, e: string) => {
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e]!;
    if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    if (e[0] === 'x') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (!bytes && (e[0] === 'u' || e[0] === 'U')) return String.fromCodePoint(parseInt(e.slice(1), 16));
    // \N{NAME} would need Unicode's name table: keyed by the escape as written (equal to itself).
    return all;
  });
}

/** radon's `halstead_visitor_report`, with Python's math.log(x, 2). */
function report(c: Counts): HalsteadReport {
  const h1 = c.operatorsSeen.size;
  const h2 = c.operandsSeen.size;
  const N1 = c.operators;
  const N2 = c.operands;
  const h = h1 + h2;
  const N = N1 + N2;
  const log2 = (x: number) => Math.log(x) / Math.log(2);
  const calculatedLength = h1 && h2 ? h1 * log2(h1) + h2 * log2(h2) : 0;
  const volume = h !== 0 ? N * log2(h) : 0;
  const difficulty = h2 !== 0 ? (h1 * N2) / (2 * h2) : 0;
  const effort = difficulty * volume;
  return { h1, h2, N1, N2, vocabulary: h, length: N, calculatedLength, volume, difficulty, effort, time: effort / 18, bugs: volume / 3000 };
}
