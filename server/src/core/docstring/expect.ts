import { decoratorName, UNIMPLEMENTED_ERROR } from '../analysis/definitions';
import type { Definition, Parameter } from '../analysis/model';
import { emptyModel, placeholder, type DocParam, type DocstringModel } from './model';

/**
 * What a definition's signature and body say its docstring should document. The template,
 * the merge and the DW4xx checks all read this one description, so a quick fix always
 * clears the diagnostic that offered it.
 */

/** `required`: must be documented; `forbidden`: must not be; `any`: the author decides. */
export type Need = 'required' | 'forbidden' | 'any';

/** "Common arguments to all methods are explained here", "to avoid repetition they are not always documented" (jedi). */
const SHARED_ARGUMENTS = /\b(?:common|shared) (?:arguments|parameters|args|options)\b|\b(?:arguments|parameters) (?:common|shared) (?:to|by)\b|\bto avoid repetition\b/i;

export interface ExpectedParam {
  /** As it should be written: `*args`, `**kwargs`. */
  name: string;
  bare: string;
  type?: string;
  default?: string;
}

export interface Expected {
  kind: 'module' | 'class' | 'function';
  name: string;
  /** null: parameters are not this docstring's business (modules, classes without Args). */
  params: ExpectedParam[] | null;
  acceptsKeywords: boolean;
  returns: Need;
  returnType?: string;
  yields: Need;
  yieldType?: string;
  raises: string[];
  /** Raised only to say the case cannot happen: an assertion, not API. */
  guardRaises?: string[];
  /** Each raised exception's base classes, nearest first, as far as its module and the builtins tell. */
  raiseAncestors?: Record<string, string[]>;
  /** No raise statement at all in its own body and not a stub: documented raises are stale. */
  raisesForbidden: boolean;
  attributes: { name: string; type?: string }[];
  /** Overloads get no checks (their implementation is documented). */
  skipChecks: boolean;
  /** The last part of each decorator's name: `deprecated`, `fixture`… */
  decorators?: string[];
  /** A property (or cached property): parameters it documents are those of what it returns. */
  property?: boolean;
  /** `_name`: an internal helper, whose docstring is no API documentation. */
  internal?: boolean;
  /** Classes: it defines `__call__`, whose parameters its docstring may document. */
  callable?: boolean;
  /** Defined inside a function: a local helper, not API. */
  nested?: boolean;
  /** A stub or abstract body. */
  stub?: boolean;
  /** Not an abstract method, its body only says "not implemented" (yet): there is nothing to document. */
  unimplemented?: boolean;
  /** A generator whose every `yield` is bare: a context manager's or a coroutine's, it yields no values. */
  bareYields?: boolean;
  /** It writes `return None` out: a documented Returns may be its contract ("… or None"). */
  returnsNone?: boolean;
  /** Every value it returns is another call's result. */
  delegates?: boolean;
  /** Every value it returns is a new `cls(...)`: an alternate constructor. */
  returnsNewInstance?: boolean;
  /** Every value it returns is what a function of the module gives that returns nothing (set by the module's view). */
  returnsCallsOfNothing?: boolean;
  /** Parameters handed unchanged to `super().__init__`: its base class documents them. */
  forwarded?: string[];
  /** `__init__`: its class's docstring, which may document construction. */
  classDocText?: string;
  /** Classes: `__init__`'s own docstring, which may document what the class docstring leaves out. */
  initDocText?: string;
  /** Parameters left out on purpose: unread catch-alls, deprecated ones (read from the source, lenient only). */
  leftOut?: string[];
  /** The module fills the docstring in at import (`f.__doc__ %= ARGS`; read from the source, lenient only). */
  filledIn?: boolean;
  /** Names the decorators are given as strings, which they pass in or rename (read from the source, lenient only). */
  decoratorNames?: string[];
  /** A method's first parameter, taken for `self`/`cls` whatever its name (zope interfaces declare none). */
  implicitFirst?: string;
  /** The name of the class an `__init__` belongs to. */
  className?: string;
}

/** Facts about a definition's body the analysis does not carry; read from the source. */
export interface BodyFacts {
  isStub: boolean;
  hasRaise: boolean;
  /** Classes: public attributes set in `__init__` or annotated in the class body. */
  attributes: { name: string; type?: string }[];
  /** Classes: parameters of `__init__`, for a class docstring that documents them. */
  initParams?: Parameter[];
  /** Classes: what `__init__` hands unchanged to `super().__init__`. */
  initForwarded?: string[];
  /** Classes with both: `__new__`'s, which may take keywords `__init__` does not. */
  newParams?: Parameter[];
  /** Classes: it defines `__call__`. */
  callable?: boolean;
  /** Methods: the docstring of the class they belong to. */
  classDocText?: string;
  /** Classes: the docstring of their `__init__`. */
  initDocText?: string;
}

const CONTEXT_DECORATORS = new Set(['contextmanager', 'asynccontextmanager', 'fixture']);

// SWIG's Python 3 wrappers annotate C's return type as a string: `-> "void"` returns nothing.
const NONE_RETURNS = new Set(['None', 'NoReturn', 'Never', 'typing.NoReturn', 'typing.Never', '"void"']);

export function expectedForModule(name: string): Expected {
  return {
    kind: 'module', name, params: null, acceptsKeywords: false, returns: 'any', yields: 'any', raises: [],
    raisesForbidden: false, attributes: [], skipChecks: false,
  };
}

export function expectedFor(definition: Definition, facts: BodyFacts, className?: string): Expected {
  const decorators = definition.decorators.map((d) => decoratorName(d).split('.').pop()!);
  if (definition.kind === 'class') {
    // No `__init__` or `__new__` of its own: the parameters are inherited, not this docstring's to list.
    const init = facts.initParams ? signatureParams(facts.initParams, true, 'instance') : null;
    return {
      kind: 'class', name: definition.name, params: init,
      acceptsKeywords: [...facts.initParams ?? [], ...facts.newParams ?? []].some((p) => p.kind === 'var-keyword'),
      ...(facts.callable ? { callable: true } : {}),
      ...(facts.initForwarded?.length ? { forwarded: facts.initForwarded } : {}),
      returns: 'any', yields: 'any', raises: [], raisesForbidden: false, skipChecks: false,
      attributes: facts.attributes.map((a) => ({ name: a.name, ...(a.type ? { type: cleanType(a.type) } : {}) })),
      ...(facts.initDocText !== undefined ? { initDocText: facts.initDocText } : {}),
    };
  }
  const abstract = decorators.includes('abstractmethod') || facts.isStub;
  const annotation = definition.returnAnnotation?.trim();
  const annotatedNone = annotation !== undefined && NONE_RETURNS.has(annotation);
  // `__new__` returns the instance and a context manager's generator is documented as a `with`
  // target: neither is asked for Returns or Yields.
  const special = definition.name === '__init__' || definition.name === '__new__' || definition.methodKind === 'property';
  const contextManager = decorators.some((d) => CONTEXT_DECORATORS.has(d));
  let returns: Need;
  if (definition.isGenerator || special) returns = 'any';
  else if (abstract) returns = annotation && !annotatedNone ? 'required' : 'any';
  else if (definition.returnsValue) returns = annotatedNone ? 'any' : 'required';
  else returns = annotation && !annotatedNone ? 'any' : 'forbidden';
  const expected: Expected = {
    kind: 'function',
    name: definition.name,
    params: signatureParams(definition.parameters, definition.parentKind === 'class', definition.methodKind),
    acceptsKeywords: definition.parameters.some((p) => p.kind === 'var-keyword'),
    returns,
    yields: definition.isGenerator && !contextManager ? 'required' : abstract || contextManager ? 'any' : 'forbidden',
    // `raise NotImplementedError` marks a stub; it is not an exception callers should expect. Nor
    // is a project's own: pandas' `AbstractMethodError`, buildstream's `ImplError`.
    raises: facts.isStub ? definition.raises.filter((r) => !saysUnimplemented(definition, r)) : definition.raises,
    raisesForbidden: !facts.hasRaise && !abstract && definition.raises.length === 0,
    attributes: [],
    skipChecks: decorators.includes('overload'),
    decorators,
    property: definition.methodKind === 'property' || decorators.includes('cached_property'),
    internal: /^_(?!_)/.test(definition.name),
    nested: definition.parentKind === 'function',
    stub: abstract,
    ...(definition.returnsOnlyCalls ? { delegates: true } : {}),
    ...(definition.returnsNewInstance ? { returnsNewInstance: true } : {}),
    ...(definition.guardRaises ? { guardRaises: definition.guardRaises } : {}),
    ...(definition.returnsNoneExplicitly && !annotatedNone ? { returnsNone: true } : {}),
    ...(definition.forwardedToSuper.length ? { forwarded: definition.forwardedToSuper } : {}),
    ...(definition.isGenerator && !definition.yieldsValue ? { bareYields: true } : {}),
    ...(facts.isStub && !decorators.includes('abstractmethod') && definition.raises.some((r) => r === 'NotImplementedError' || definition.notImplementedRaises?.includes(r)) ? { unimplemented: true } : {}),
    // A class docstring that explains the arguments its methods share (telethon's InlineBuilder) speaks for every method.
    ...(facts.classDocText !== undefined && (definition.name === '__init__' || definition.name === '__new__' || SHARED_ARGUMENTS.test(facts.classDocText))
      ? { classDocText: facts.classDocText } : {}),
  };
  if (className) expected.className = className;
  const first = definition.parameters[0];
  if (definition.parentKind === 'class' && definition.methodKind !== 'static' && first) expected.implicitFirst = first.name;
  if (annotation && !annotatedNone && returns !== 'forbidden') expected.returnType = cleanType(annotation);
  if (definition.isGenerator && annotation) {
    const yieldType = yieldTypeOf(annotation);
    if (yieldType) expected.yieldType = yieldType;
  }
  return expected;
}

/** Whether raising `name` is how this definition says "not implemented": by the exception's name or its message. */
function saysUnimplemented(definition: Definition, name: string): boolean {
  return name === 'NotImplementedError' || UNIMPLEMENTED_ERROR.test(name) || definition.notImplementedRaises?.includes(name) === true;
}

function signatureParams(parameters: Parameter[], isMethod: boolean, kind: Definition['methodKind']): ExpectedParam[] {
  // `self`/`cls` is the first parameter of an instance or class method, whatever its name; a
  // later parameter called `cls` (`__get__(self, instance, cls=None)`) is a real one.
  const list = isMethod && kind !== 'static' && parameters.length > 0 ? parameters.slice(1) : parameters;
  return list
    .map((p) => {
      const stars = p.kind === 'var-positional' ? '*' : p.kind === 'var-keyword' ? '**' : '';
      const entry: ExpectedParam = { name: stars + p.name, bare: p.name };
      if (p.annotation) entry.type = cleanType(p.annotation);
      if (p.default !== undefined) entry.default = `\`${p.default.replace(/\s+/g, ' ')}\``;
      return entry;
    });
}

/** Annotation text as written, whitespace collapsed and forward-reference quotes removed. */
export function cleanType(annotation: string): string {
  let text = annotation.replace(/\s+/g, ' ').trim();
  text = text.replace(/\[\s+/g, '[').replace(/\s+\]/g, ']');
  if (/^(['"]).*\1$/.test(text)) text = text.slice(1, -1);
  return text.replace(/(['"])([\w.]+(?:\[[\w.,| [\]]*\])?)\1/g, '$2');
}

/** `Iterator[T]`, `Iterable[T]`, `Generator[T, S, R]` and their async forms → `T`. */
export function yieldTypeOf(annotation: string): string | undefined {
  const match = /^(?:typing\.|collections\.abc\.|t\.)?(?:Async)?(?:Iterator|Iterable|Generator)\[(.*)\]$/s.exec(cleanType(annotation));
  if (!match) return undefined;
  let depth = 0;
  const inner = match[1]!;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) return inner.slice(0, i).trim();
  }
  return inner.trim();
}

// ---------------------------------------------------------------- the template

/** Words of an identifier: `compute_total` / `computeTotal` → `Compute total`. */
export function phraseFrom(name: string): string {
  const words = name.replace(/^_+|_+$/g, '').split(/_+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean).map((w) => w.toLowerCase());
  if (words.length === 0) return name;
  return words.join(' ').replace(/^./, (c) => c.toUpperCase());
}

export function placeholderSummary(expected: Expected): string {
  if (expected.kind === 'module') return placeholder(`Describe the \`${expected.name}\` module`);
  if (expected.kind === 'class') return placeholder(`Describe \`${expected.name}\``);
  if (expected.name === '__init__') return placeholder(`Initialize ${expected.className ? `\`${expected.className}\`` : 'the instance'}`);
  if (/^__\w+__$/.test(expected.name)) return placeholder(`Implement \`${expected.name}\``);
  return placeholder(phraseFrom(expected.name));
}

export const placeholderFor = {
  param: (name: string) => placeholder(`Describe \`${name}\``),
  returns: () => placeholder('Describe the return value'),
  yields: () => placeholder('Describe the yielded values'),
  raises: () => placeholder('Describe when it is raised'),
};

export function paramEntry(p: ExpectedParam, withType: boolean): DocParam {
  const entry: DocParam = { name: p.name, description: placeholderFor.param(p.bare) };
  if (withType && p.type) entry.type = p.type;
  if (p.default !== undefined) entry.default = p.default;
  return entry;
}

/** The offline provider's docstring: everything the signature knows, placeholders for the rest. */
export function templateModel(expected: Expected): DocstringModel {
  const model = emptyModel(placeholderSummary(expected));
  if (expected.kind === 'function' && expected.params) model.params = expected.params.map((p) => paramEntry(p, true));
  if (expected.kind === 'class') {
    model.attributes = expected.attributes.map((a) => ({ name: a.name, ...(a.type ? { type: a.type } : {}), description: placeholderFor.param(a.name) }));
  }
  if (expected.returns === 'required') model.returns = [{ ...(expected.returnType ? { type: expected.returnType } : {}), description: placeholderFor.returns() }];
  // Bare `yield`s hand out nothing: no Yields placeholder to fill in.
  if (expected.yields === 'required' && !expected.bareYields) model.yields = [{ ...(expected.yieldType ? { type: expected.yieldType } : {}), description: placeholderFor.yields() }];
  model.raises = expected.raises.map((type) => ({ type, description: placeholderFor.raises() }));
  return model;
}
