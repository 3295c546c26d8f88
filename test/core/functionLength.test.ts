import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO } from './helpers';

/**
 * "No function in server/src or client/src is over 80 lines" (ARCHITECTURE.md). Every
 * function, method, accessor, constructor, arrow function and function expression is measured
 * from its first token (leading comments excluded) to its last line. The functions over the
 * limit when the rule came are listed below with their length then: an entry goes once its
 * function is short (a stale entry fails), and a listed function may not grow.
 */

const MAX_LINES = 80;
const ROOTS = ['server/src', 'client/src'];

interface Measured {
  file: string;
  /** Enclosing names joined: `Class.method`, `outer > inner`, `outer > connection.onHover(…)`. */
  name: string;
  lines: number;
}

/** The functions over the limit when the rule came: shrink them, then drop their entries. */
const ALLOWED: readonly Measured[] = [];

type FunctionNode = ts.FunctionLikeDeclaration;

function isFunction(node: ts.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)
    || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)
    || ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

function propertyName(name: ts.PropertyName | ts.BindingName, source: ts.SourceFile): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)
    ? name.text : name.getText(source);
}

/** A function's own name, or what names it where it stands (its variable, key or call). */
function ownName(node: FunctionNode, source: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const prefix = ts.isGetAccessorDeclaration(node) ? 'get ' : ts.isSetAccessorDeclaration(node) ? 'set ' : '';
  if (node.name) return prefix + propertyName(node.name, source);
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node) {
    return propertyName(parent.name, source);
  }
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return `${parent.expression.getText(source)}(…)`;
  return '<anonymous>';
}

/** Names of the classes and functions around `node`, outermost first. */
function qualifiedName(node: FunctionNode, source: ts.SourceFile): string {
  let name = ownName(node, source);
  for (let outer = node.parent; !ts.isSourceFile(outer); outer = outer.parent) {
    if (ts.isClassLike(outer)) name = `${outer.name?.text ?? '<class>'}.${name}`;
    else if (isFunction(outer)) return `${qualifiedName(outer, source)} > ${name}`;
  }
  return name;
}

/** Every function in `text` with its length; a name used twice in a file gets `#2`, `#3`… */
function measureFunctions(file: string, text: string): Measured[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const measured: Measured[] = [];
  const seen = new Map<string, number>();
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body) {
      const base = qualifiedName(node, source);
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      const name = count === 1 ? base : `${base} #${count}`;
      measured.push({ file, name, lines: lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return measured;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO, dir)).sort().flatMap((name) => {
    const relative = `${dir}/${name}`;
    if (statSync(path.join(REPO, relative)).isDirectory()) return sourceFiles(relative);
    return relative.endsWith('.ts') ? [relative] : [];
  });
}

const describeOne = (f: Measured) => `${f.file}: ${f.name} (${f.lines} lines)`;

/** What the allowlist says against what the code is; empty when they agree. */
function lengthProblems(functions: readonly Measured[], allowed: readonly Measured[]): string[] {
  const key = (f: Measured) => `${f.file}\0${f.name}`;
  const current = new Map(functions.map((f) => [key(f), f]));
  const listed = new Set(allowed.map(key));
  const problems = functions
    .filter((f) => f.lines > MAX_LINES && !listed.has(key(f)))
    .map((f) => `over ${MAX_LINES} lines: ${describeOne(f)}`);
  for (const entry of allowed) {
    const now = current.get(key(entry));
    if (!now) problems.push(`allowlisted but gone (drop the entry): ${describeOne(entry)}`);
    else if (now.lines <= MAX_LINES) problems.push(`allowlisted but now ${now.lines} lines (drop the entry): ${describeOne(entry)}`);
    else if (now.lines > entry.lines) problems.push(`allowlisted and grown to ${now.lines} lines: ${describeOne(entry)}`);
  }
  return problems;
}

describe(`function length (at most ${MAX_LINES} lines)`, () => {
  it('no function in server/src or client/src is longer, but the allowlisted ones, which only shrink', () => {
    const functions = ROOTS.flatMap(sourceFiles).flatMap((file) => measureFunctions(file, readFileSync(path.join(REPO, file), 'utf8')));
    const problems = lengthProblems(functions, ALLOWED);
    assert.deepEqual(problems, [], `\n  ${problems.join('\n  ')}\n`);
  });

  it('measures from the first token to the last line, and names each function by where it stands', () => {
    const body = (lines: number) => Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = [
      '/** A comment is not counted. */',
      `export function long() {\n${body(81)}\n}`,
      `export function exactly() {\n${body(80)}\n}`,
      'class Server {',
      `  start() {\n${body(81)}\n  }`,
      '  get size() { return 1; }',
      '}',
      'const handler = (x: number) => x;',
      `connection.onHover(async () => {\n${body(3)}\n});`,
      'connection.onHover(() => 1);',
      'function outer() { return function () { return 1; }; }',
      '',
    ].join('\n');
    assert.deepEqual(measureFunctions('a.ts', text).map((f) => `${f.name}:${f.lines}`), [
      'long:81', 'exactly:80', 'Server.start:81', 'Server.get size:1', 'handler:1',
      'connection.onHover(…):3', 'connection.onHover(…) #2:1', 'outer:1', 'outer > <anonymous>:1',
    ]);
  });

  it('fails on a long function not listed, and on an entry that is gone, short or grown', () => {
    const functions: Measured[] = [
      { file: 'a.ts', name: 'fresh', lines: 81 },
      { file: 'a.ts', name: 'shrunk', lines: 80 },
      { file: 'a.ts', name: 'grown', lines: 120 },
      { file: 'a.ts', name: 'kept', lines: 90 },
    ];
    const allowed: Measured[] = [
      { file: 'a.ts', name: 'shrunk', lines: 95 },
      { file: 'a.ts', name: 'grown', lines: 100 },
      { file: 'a.ts', name: 'kept', lines: 95 },
      { file: 'b.ts', name: 'removed', lines: 200 },
    ];
    assert.deepEqual(lengthProblems(functions, allowed), [
      'over 80 lines: a.ts: fresh (81 lines)',
      'allowlisted but now 80 lines (drop the entry): a.ts: shrunk (95 lines)',
      'allowlisted and grown to 120 lines: a.ts: grown (100 lines)',
      'allowlisted but gone (drop the entry): b.ts: removed (200 lines)',
    ]);
  });
});
