import type { Node } from 'web-tree-sitter';
import type { Attribute, Docstring, MethodKind, Parameter, ParamKind, Span } from './model';

/** Reads definition headers through the node API: a handful of calls per def, never per token. */

export function spanOf(node: Node): Span {
  const start = node.startPosition;
  const end = node.endPosition;
  return { startLine: start.row, startCol: start.column, endLine: end.row, endCol: end.column };
}

const STRING_START = /^[rRuUbBfFtT]{0,2}(['"])/;

/** Walks siblings rather than reading namedChildren, which would marshal every statement. */
export function firstStatement(container: Node): Node | null {
  let child = container.firstNamedChild;
  while (child && child.type === 'comment') child = child.nextNamedSibling;
  return child;
}

/**
 * The docstring of a module (pass the root) or of a definition (pass its body block).
 * `hasToken` follows pydocstyle: the first statement starts with any string token.
 * `docstring` follows Python: a lone plain (not f-, not bytes) string literal.
 */
export function readDocstring(container: Node, source: string): { hasToken: boolean; docstring?: Docstring } {
  const statement = firstStatement(container);
  if (!statement || statement.type !== 'expression_statement') return { hasToken: false };
  const head = source.slice(statement.startIndex, statement.startIndex + 4);
  if (!STRING_START.test(head)) return { hasToken: false };
  const literal = statement.namedChildCount === 1 ? statement.namedChild(0) : null;
  if (!literal || literal.type !== 'string') return { hasToken: true };
  const raw = source.slice(literal.startIndex, literal.endIndex);
  const prefix = /^[a-zA-Z]*/.exec(raw)![0];
  if (/[bBfFtT]/.test(prefix)) return { hasToken: true };
  const body = raw.slice(prefix.length);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  const value = body.endsWith(quote) && body.length >= 2 * quote.length
    ? body.slice(quote.length, body.length - quote.length)
    : body.slice(quote.length);
  return { hasToken: true, docstring: { raw, value, span: spanOf(literal) } };
}

export function readParameters(parameters: Node | null, source: string): Parameter[] {
  if (!parameters) return [];
  const result: Parameter[] = [];
  let keywordOnly = false;
  const text = (n: Node | null) => (n ? source.slice(n.startIndex, n.endIndex) : undefined);
  for (const child of parameters.namedChildren) {
    // A backslash continuing the signature's line is an extra node, not a parameter.
    if (!child || child.type === 'comment' || child.type === 'line_continuation') continue;
    switch (child.type) {
      case 'positional_separator':
        for (const p of result) if (p.kind === 'regular') p.kind = 'positional-only';
        continue;
      case 'keyword_separator':
        keywordOnly = true;
        continue;
    }
    let nameNode: Node | null = child;
    let annotation: string | undefined;
    let defaultText: string | undefined;
    if (child.type === 'typed_parameter') {
      nameNode = child.namedChildren.find((n) => n && n.type !== 'type' && n.type !== 'comment') ?? null;
      annotation = text(child.childForFieldName('type'));
    } else if (child.type === 'default_parameter' || child.type === 'typed_default_parameter') {
      nameNode = child.childForFieldName('name');
      annotation = text(child.childForFieldName('type'));
      defaultText = text(child.childForFieldName('value'));
    }
    if (!nameNode) continue;
    let kind: ParamKind = keywordOnly ? 'keyword-only' : 'regular';
    let name = text(nameNode) ?? '';
    if (nameNode.type === 'list_splat_pattern') {
      kind = 'var-positional';
      keywordOnly = true;
      name = name.replace(/^\*/, '');
    } else if (nameNode.type === 'dictionary_splat_pattern') {
      kind = 'var-keyword';
      name = name.replace(/^\*\*/, '');
    } else if (nameNode.type === 'tuple_pattern') {
      continue; // Python 2 tuple parameters: not valid Python 3
    }
    const parameter: Parameter = { name, kind };
    if (annotation !== undefined) parameter.annotation = annotation;
    if (defaultText !== undefined) parameter.default = defaultText;
    result.push(parameter);
  }
  return result;
}

/**
 * Decorator texts of a `decorated_definition` without the `@`, e.g. `property`, `x.setter`,
 * `functools.lru_cache(maxsize=None)`.
 */
export function readDecorators(decorated: Node, source: string): string[] {
  const decorators: string[] = [];
  for (const child of decorated.namedChildren) {
    if (child && child.type === 'decorator') {
      decorators.push(source.slice(child.startIndex, child.endIndex).replace(/^@\s*/, '').trim());
    }
  }
  return decorators;
}

/** The dotted name of a decorator, arguments dropped: `functools.lru_cache`. */
export function decoratorName(decorator: string): string {
  const paren = decorator.indexOf('(');
  return (paren < 0 ? decorator : decorator.slice(0, paren)).replace(/\s+/g, '');
}

export function methodKind(decorators: string[]): MethodKind {
  let kind: MethodKind = 'instance';
  for (const decorator of decorators.map(decoratorName)) {
    const last = decorator.split('.').pop()!;
    if (last === 'staticmethod') return 'static';
    if (last === 'classmethod') kind = 'class';
    else if (last === 'property' || last === 'cached_property' || last === 'setter' || last === 'getter' || last === 'deleter') {
      kind = 'property';
    }
  }
  return kind;
}

/**
 * Only a docstring, `pass`, `...` and a `raise`: an abstract or stub body. Besides `raise
 * NotImplementedError` (or a project's own, pandas' `AbstractMethodError`), a base class's
 * method that only raises (`raise NoSysPath(path)`, oauthlib's `raise
 * self._subclass_must_implement(...)`) states the contract its overrides keep, so its docstring
 * describes what they return. So is a body that always raises "not implemented" after setting
 * up its message.
 */
export function isStubBody(body: Node, source: string): boolean {
  // Plain statements (`msg = _(…)`) may come before a "not implemented" raise, never alone.
  let plain = false;
  let first = true;
  for (let statement = firstStatement(body); statement; statement = statement.nextNamedSibling) {
    if (statement.type === 'comment') continue;
    const text = source.slice(statement.startIndex, statement.endIndex);
    const isString = statement.type === 'expression_statement' && /^[rRuU]?['"]/.test(text);
    const wasFirst = first;
    first = false;
    // `msg = _("No manager for %s"); raise NotImplementedError(msg % cls)` (glance) always says
    // "not implemented", and so does a body whose first raise is that, whatever follows it.
    if (statement.type === 'raise_statement' && UNIMPLEMENTED_ERROR.test(/^raise\s+([\w.]+)/.exec(text)?.[1] ?? '')) return true;
    if (statement.type === 'pass_statement' || text === '...' || statement.type === 'raise_statement' || (isString && wasFirst)) continue;
    if (statement.type !== 'expression_statement' || isString) return false;
    plain = true;
  }
  return !plain;
}

/** A "not implemented" exception by its name: Python's, or a project's own (pandas' `AbstractMethodError`, buildstream's `ImplError`). */
export const UNIMPLEMENTED_ERROR = /(?:^|\.)(?:Abstract\w*|Impl|NotImplemented\w*|Unimplemented\w*)Error$/;

/**
 * Public attributes of a class, in order: `name: T` in the class body, then `self.name = ...`
 * (or `self.name: T = ...`) anywhere in `__init__`'s own body.
 */
export function readAttributes(body: Node, source: string): Attribute[] {
  const found = new Map<string, Attribute>();
  const add = (name: string, annotation: Node | null) => {
    if (name.startsWith('_') || found.has(name)) return;
    const attribute: Attribute = { name };
    if (annotation) attribute.annotation = source.slice(annotation.startIndex, annotation.endIndex);
    found.set(name, attribute);
  };
  let init: Node | null = null;
  for (let statement = body.firstNamedChild; statement; statement = statement.nextNamedSibling) {
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (assignment?.type === 'assignment') {
      const left = assignment.childForFieldName('left');
      const type = assignment.childForFieldName('type');
      if (left?.type === 'identifier' && type) add(source.slice(left.startIndex, left.endIndex), type);
    }
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === '__init__') init = definition;
  }
  const initBody = init?.childForFieldName('body');
  if (initBody) {
    for (const assignment of initBody.descendantsOfType('assignment')) {
      if (!assignment || enclosingFunction(assignment)?.id !== init!.id) continue;
      const left = assignment.childForFieldName('left');
      const object = left?.type === 'attribute' ? left.childForFieldName('object') : null;
      const attribute = left?.childForFieldName('attribute');
      if (object?.text === 'self' && attribute) add(attribute.text, assignment.childForFieldName('type'));
    }
  }
  return [...found.values()];
}

function enclosingFunction(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return null;
}
