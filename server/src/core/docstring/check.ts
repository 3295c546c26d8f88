import type { Expected, ExpectedParam } from './expect';
import { isBuiltinException } from '../analysis/exceptions';
import { contradicts, documentsException, exceptionName } from './merge';
import { documentedNames, hasSections, type DocstringModel } from './model';
import type { DocstringRead, SectionRole } from './parse';

/**
 * Docstring vs signature (DW401–DW408). `strict` keeps pydoclint's literal rules. `lenient`
 * (the default) judges as a maintainer does: a docstring written in prose is not asked for
 * sections; a parameter, exception or return value its text names is documented; a
 * free-form docstring is not judged; and the checks that real code shows to be mostly wrong
 * (a documented exception a callee raises, a type written in the project's own words) are
 * left to `strict`. Pure.
 */

export type StaleChecks = 'lenient' | 'strict';

/**
 * What each check found, by code: the facts a message is made of (rules/stale.ts words them).
 * `subject` is the parameter (DW401, DW402) or exception (DW406) a problem is about.
 */
export interface ProblemData {
  DW401: { subject: string };
  DW402: { subject: string };
  DW403: object;
  DW404: object;
  DW405: object;
  DW406: { subject: string };
  /** The exception types the Raises section lists. */
  DW407: { documented: string[] };
  /** A parameter's type when `parameter` is set, else the return type. */
  DW408: { documented: string; annotation: string; parameter?: string };
}

export type StaleCode = keyof ProblemData;

export type DocstringProblem<Code extends StaleCode = StaleCode> = { [C in Code]: { code: C } & ProblemData[C] }[Code];

/** The subjects of one code's problems: the parameters to add or drop, the exceptions to list. */
export function subjectsOf(problems: readonly DocstringProblem[], code: 'DW401' | 'DW402' | 'DW406'): Set<string> {
  return new Set(problems.flatMap((p) => (p.code === code && 'subject' in p ? [p.subject] : [])));
}

/** What the checks know of the docstring beyond its model. */
export interface CheckInput {
  read: Pick<DocstringRead, 'freeForm' | 'otherNames' | 'roles' | 'sections'>;
  /** The docstring's text, for what its prose names. */
  text: string;
  mode: StaleChecks;
}

const STRUCTURED: readonly SectionRole[] = ['params', 'otherParams', 'returns', 'yields', 'raises', 'attributes'];
const INTERFACE: readonly SectionRole[] = ['params', 'otherParams', 'returns', 'yields', 'raises'];
/** A nested helper's `self` is its method's; no docstring lists it. */
const SELF = new Set(['self', 'cls']);

export function checkDocstring(doc: DocstringModel, expected: Expected, input?: CheckInput): DocstringProblem[] {
  // Like pydoclint's default, a docstring with no sections at all is a short one: not checked.
  if (expected.skipChecks || expected.kind === 'module' || !hasSections(doc)) return [];
  const lenient = input?.mode !== 'strict';
  if (input && lenient && (input.read.freeForm || !STRUCTURED.some((r) => input.read.roles.has(r)))) return [];
  // Nobody extends the docstring of a deprecated function or a local helper.
  if (lenient && (expected.decorators?.includes('deprecated') || expected.nested)) return [];
  // What the text names; for `__init__`, its class's docstring speaks too, and for a class, its `__init__`'s.
  const named = lenient && input ? wordsOf(`${input.text}\n${expected.classDocText ?? ''}\n${expected.initDocText ?? ''}`) : new Set<string>();
  const problems: DocstringProblem[] = [];
  const add: Add = (problem) => problems.push(problem);
  checkParams(doc, expected, input, lenient, named, add);
  checkReturns(doc, expected, input, lenient, add);
  checkRaises(doc, expected, input, lenient, named, add);
  return problems;
}

type Add = (problem: DocstringProblem) => void;

function checkParams(doc: DocstringModel, expected: Expected, input: CheckInput | undefined, lenient: boolean, named: Set<string>, add: Add): void {
  if (!expected.params || (expected.kind === 'class' && doc.params.length === 0)) return;
  const documented = new Set([...doc.params.flatMap(documentedNames), ...(input?.read.otherNames ?? [])]);
  // Lenient: a docstring that lists no parameters documents them in prose, if at all, even when it
  // has a Returns or Raises section (ruff's D417 scope). On the labelled samples a missing entry
  // there was a real omission only two times in three, against nine in ten where a list exists.
  const listsParams = !lenient || !input || input.read.roles.has('params') || input.read.roles.has('otherParams')
    || input.read.otherNames.length > 0;
  const inSignature = new Set(expected.params.map((p) => p.bare));
  // Lenient: six or more entries and none a parameter is a list of something else (a config
  // dict's keys, a YAML job's options, settable attributes): it documents no signature.
  // So is a list naming none of them where a name has a hyphen (`ant-name`, `java-opts`): no
  // Python parameter can be called that, an option or a key can.
  if (lenient && !doc.params.some((d) => documentedNames(d).some((n) => inSignature.has(n)))
    && (doc.params.length >= 6 || (doc.params.length >= 2 && doc.params.some((d) => /\w-\w/.test(d.name))))) return;
  const skipped = lenient ? leniently(expected, input?.text ?? '') : new Set<string>();
  // Lenient: a first line `te(s1, .., sn, constraints=None)` shows the call the docstring documents.
  const shownCall = lenient ? callShownBy(input?.text ?? '') : undefined;
  if (shownCall) for (const p of expected.params) if (!shownCall.has(p.bare)) skipped.add(p.bare);
  const restEntry = lenient && hasRestEntry(doc, expected, inSignature);
  // Lenient: a catch-all the body never reads or only rejects, a deprecated parameter: nobody documents them.
  for (const name of expected.leftOut ?? []) skipped.add(name);
  // Lenient: names the docstring lists that the signature lacks arrive through `*args` or
  // `**kwargs`; with none such (no sign of a rename), what `__init__` hands unchanged to its
  // base class's `__init__` is documented there.
  // A listed `self` is the instance; a listed `cls` in a method whose first parameter is `self` is
  // a keyword (Azure's `:keyword callable cls:` on every operation), which arrives through `**kwargs`.
  const isInstance = (n: string) => n === (expected.implicitFirst ?? 'self');
  const listsOthers = doc.params.some((d) => !documentedNames(d).some((n) => inSignature.has(n) || isInstance(n)))
    || (input?.read.otherNames ?? []).some((n) => !inSignature.has(n) && !isInstance(n));
  // Two or more names the signature lacks; one is a rename (`:param name:` for `key`).
  const subscriptParts = SUBSCRIPT_METHODS.has(expected.name ?? '')
    && doc.params.flatMap(documentedNames).filter((n) => !inSignature.has(n) && !isInstance(n)).length >= 2;
  if (lenient && listsOthers) {
    for (const p of expected.params) if (p.name.startsWith('*')) skipped.add(p.bare);
    // `__getitem__(self, index)` documenting `line[i, o]` part by part (segyio): the parts are its key.
    if (subscriptParts) { const key = expected.params[0]; if (key) skipped.add(key.bare); }
  }
  // Listed names that arrive through `**kwargs` are keywords, no sign of a rename.
  const takesKeywords = expected.params.some((p) => p.name.startsWith('**'));
  if (lenient && (!listsOthers || takesKeywords)) for (const name of expected.forwarded ?? []) skipped.add(name);
  // Lenient: an unimplemented stub, or a docstring that lists only some on purpose, asks for no entries.
  // The phrases are matched across line breaks: authors wrap them anywhere.
  const asksForEntries = listsParams && !restEntry && !(lenient && (expected.unimplemented || DEFERS_PARAMS.test((input?.text ?? '').replace(/\s+/g, ' '))
    || EQUIVALENT.test(input?.text ?? '')));
  for (const p of asksForEntries ? expected.params : []) {
    if (documented.has(p.bare) || skipped.has(p.bare) || (lenient && named.has(p.bare.toLowerCase()))) continue;
    add({ code: 'DW401', subject: p.name });
  }
  // Lenient: a property documents the call of what it returns; a callable class, its `__call__`;
  // a function taking `*args` may name what arrives through it.
  // A fixture documents the values it is parametrized with.
  const documentsAnotherCall = lenient && (expected.property === true || expected.callable === true
    || subscriptParts
    || expected.params.some((p) => p.name.startsWith('*') && !p.name.startsWith('**'))
    || expected.decorators?.includes('fixture') === true);
  // Lenient: a web handler's `:param reserved:` under "The following GET parameters may be passed" (horizon) is the request's.
  const requestFields = lenient && expected.params.some((p) => p.bare === 'request') && REQUEST_FIELDS.test(input?.text ?? '');
  if (!expected.acceptsKeywords && !documentsAnotherCall && !requestFields) {
    for (const d of doc.params) {
      // NumPy's "Parameters / None" says there are none; `self` listed among them is the instance.
      // A method declared without `self` (a zope interface's) documents its real first parameter.
      if (lenient && (d.name === 'None' || SELF.has(d.name) || d.name === expected.implicitFirst)) continue;
      if (lenient && shownCall && documentedNames(d).some((n) => shownCall.has(n))) continue;
      // Lenient: a name its decorator is given (`@query_params("timeout")`) arrives through it.
      if (lenient && documentedNames(d).some((n) => expected.decoratorNames?.includes(n))) continue;
      if (restEntry && REST_ENTRY.test(d.name)) continue;
      // Lenient: in a docstring filled in at import, `_SIA2_PARAMETERS` is the token replaced.
      if (lenient && expected.filledIn && TOKEN.test(d.name)) continue;
      // Lenient: a C binding's `@param tracks: … [OUT].` (python-vlc) is filled in by ctypes, never passed.
      if (lenient && OUTPUT_PARAMETER.test(d.description)) continue;
      // Lenient: `proxies.http` under `proxies` documents a key of that dict.
      if (lenient && documentedNames(d).some((n) => inSignature.has(n.split('.')[0]!))) continue;
      if (!documentedNames(d).some((n) => inSignature.has(n))) add({ code: 'DW402', subject: d.name });
    }
  }
  if (!lenient) checkParamTypes(doc, expected.params, add);
}

/** Strict: a documented parameter type that contradicts the annotation. */
function checkParamTypes(doc: DocstringModel, params: readonly ExpectedParam[], add: Add): void {
  for (const d of doc.params) {
    const p = params.find((e) => documentedNames(d).includes(e.bare));
    if (p?.type && d.type && contradicts(d.type, p.type)) {
      add({ code: 'DW408', documented: d.type, annotation: p.type, parameter: d.name });
    }
  }
}

/** Text that says the listed parameters travel in the HTTP request: "GET parameters", "POST parameter:", "in the GET request". */
const REQUEST_FIELDS = /\b(?:GET|POST|PUT|PATCH|DELETE) (?:parameters?|params|data|body)\b|\b(?:in|body of) the (?:GET|POST|PUT|PATCH|DELETE) request\b|\bpassed in the (?:GET|POST|PUT|PATCH|DELETE)\b|\b(?:query|request|form) (?:parameters|params|body)\b/;

/** `[OUT]` in an entry's text: an output parameter of the C function a binding wraps. */
const OUTPUT_PARAMETER = /\[OUT\]/;

/** An all-capitals name such as `_SIA2_PARAMETERS` or `FACTOR_DOC`: a constant, here a token to replace. */
const TOKEN = /^_*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * An entry `kwargs` ("See :func:`plot`", synphot) in a signature with no catch-all stands for the
 * keyword parameters it does not list. It must send the reader elsewhere: `kwargs : Options to
 * pass to pandas` (cooler) is a catch-all since removed, and its rename is still asked for.
 */
function hasRestEntry(doc: DocstringModel, expected: Expected, inSignature: Set<string>): boolean {
  if ((expected.params ?? []).some((p) => p.name.startsWith('*'))) return false;
  return doc.params.some((d) => REST_ENTRY.test(d.name) && !inSignature.has(d.name) && /^(?:see|refer to)\b/i.test(d.description.trim()));
}

/** An entry that names the rest of the parameters rather than one of them. */
const REST_ENTRY = /^\*{0,2}(?:kwargs|kwds|kw|keywords|other|others|rest)$/;

const SAYS_RETURN = /\breturn(?:s|ed|ing)?\b/i;
const SAYS_YIELD = /\b(?:yield(?:s|ed|ing)?|generators?|iterators?|iterables?|iterations?)\b/i;
/** `None`, ``None``, :data:`None`, *None*, Epytext's L{None} and C{None}: markup does not change what it says. */
const SAYS_NONE = /^(?::[\w:]+:|[LCIB]\{)?[`*]*None\b/;
/** What a subscript calls: its docstring may document the parts of `obj[i, o]` rather than the key. */
const SUBSCRIPT_METHODS = new Set(['__getitem__', '__setitem__', '__delitem__']);
const IN_PLACE_OPERATORS = new Set(['add', 'sub', 'mul', 'matmul', 'truediv', 'floordiv', 'mod', 'pow', 'lshift', 'rshift', 'and', 'xor', 'or']
  .map((op) => `__i${op}__`));
/** `:return: nothing`, `Returns: 0: Nothing.`, `Returns: N.A.`, `:return: undefined` (pythondialog), `:return: -` (bandit): nothing comes back. */
// "Never returns, always raises exception" (pytds) says no value comes back too.
const SAYS_NOTHING = /^(?:nothing\b|never returns\b|no (?:return )?value\b|does not return\b|(?:n\.?\/?a|undefined)\.?$|[-\u2013\u2014]$)/i;
const SAYS_ONLY_NOTHING = /^(?:nothing|n\.?\/?a|undefined|[-\u2013\u2014])\.?$/i;
/** `HTTP | 200`, `HTTP | [200, 404]`, `HTTP 204`: the status a responder answers with. */
const HTTP_STATUS = /^HTTP\b[\s|:[(]*[1-5]\d\d\b/;
const NAMES_AN_EXCEPTION = /\b[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning)\b/;
const SAYS_RAISE = /\b(?:raise[sd]?|raising|throws?)\b/i;
/**
 * A summary that names what comes back: a verb that produces a value ("Create a RcParams…",
 * "Generate lines…", "Select the function…") or a noun phrase ("The number of…", "True if…",
 * "Log of the probability density").
 */
const PRODUCES = new RegExp(`^(?:(?:try to |attempt to )?(?:re-?)?(?:${[
  'get', 'create', 'construct', 'make', 'build', 'generate', 'compute', 'calculate', 'find', 'select', 'convert',
  'parse', 'load', 'read', 'split', 'extract', 'count', 'produce', 'retrieve', 'fetch', 'copy', 'join', 'merge',
  'format', 'encode', 'decode', 'wrap', 'check', 'test', 'determine', 'estimate', 'evaluate', 'look', 'lookup',
  'search', 'filter', 'map', 'infer', 'resolve', 'normalize', 'normalise', 'combine', 'concatenate', 'compile', 'open',
  'new', 'prepare', 'render', 'serialize', 'deserialize', 'transform', 'apply', 'coerce', 'cast', 'sort', 'list',
  'iterate', 'enumerate', 'collect', 'gather', 'walk', 'scan', 'instantiate', 'obtain',
].join('|')})(?:s|es)?|is|are|has|whether|true|the|a|an|number|list|dict|tuple|string|iterator|generator|helper|factory|shortcut|alias|wrapper|[a-z]+ of)\\b`, 'i');

/** A summary that says the function changes something ("Set…", "Replaces…", "Draw…"). */
const MUTATES = new RegExp(`^(?:${[
  'set', 'change', 'replace', 'modify', 'update', 'clear', 'reset', 'remove', 'delete', 'add', 'insert', 'put',
  'place', 'fill', 'draw', 'write', 'save', 'store', 'append', 'extend', 'register', 'close', 'assign', 'move',
].join('|')})(?:s|es|d)?\\b`, 'i');

/** The summary without leading tags such as `[*Discouraged*]` or `(Deprecated)`. */
function withoutTags(summary: string): string {
  return summary.trim().replace(/^(?:\[[^\]]*\]|\([^)]*\))\s*/, '');
}

/**
 * Parameters a maintainer does not list: `self`/`cls` of a nested helper, the context a
 * `@pass_context`-style decorator injects, a fixture's (pytest injects them), and `*args` or
 * `**kwargs` when the text speaks of positional or keyword arguments.
 */
function leniently(expected: Expected, text: string): Set<string> {
  const params = expected.params ?? [];
  const skip = new Set<string>(SELF);
  const bare = new Set(params.map((p) => p.bare));
  // `_cache=…`, `_pool=…`: private by name, for the library's own calls, unless the docstring lists private ones.
  const listsPrivate = params.some((p) => p.bare.startsWith('_') && new RegExp(`\\b${p.bare}\\b`).test(text));
  for (const p of params) {
    if (p.bare.startsWith('_') && !listsPrivate) skip.add(p.bare);
    // `parseAll` kept beside `parse_all` for old callers: the documented spelling covers it.
    const snake = p.bare.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (snake !== p.bare && bare.has(snake)) skip.add(p.bare);
  }
  if (expected.decorators?.some((d) => d.startsWith('pass_')) && params[0]) skip.add(params[0].bare);
  // A first `ctx` is a context the framework passes, as `self` is (click's commands, mpmath's `@defun`).
  if (params[0]?.bare === 'ctx') skip.add('ctx');
  if (expected.decorators?.includes('fixture')) for (const p of params) skip.add(p.bare);
  // "Register a custom template filter": `f` is the filter the summary speaks of.
  if (REGISTERS.test(text.trimStart()) && params[0] && CALLABLE_NAMES.has(params[0].bare)) skip.add(params[0].bare);
  const words = [...wordsOf(text)];
  const wraps = WRAPS_CALL.test(text);
  const keywordsSpokenFor = wraps || [SAYS_KEYWORDS, SEE_FOR_DETAILS, FRONT_FOR].some((phrase) => phrase.test(text));
  const positionalsSpokenFor = wraps || SAYS_POSITIONAL.test(text);
  for (const p of params) {
    if (p.name.startsWith('**') ? keywordsSpokenFor : p.name.startsWith('*') && positionalsSpokenFor) skip.add(p.bare);
    // `**params` described as "selection parameters", `**options` as "options".
    const stem = p.bare.replace(/s$/, '').toLowerCase();
    if (p.name.startsWith('*') && stem.length >= 4 && words.some((w) => w.startsWith(stem))) skip.add(p.bare);
  }
  return skip;
}

/**
 * A docstring that lists only some parameters on purpose: "All arguments except X have the same
 * meaning as …", "Behaves just like :class:`PoolManager`", "Other arguments are passed to …".
 */
const DEFERS_PARAMS = new RegExp([
  // "Supports the same semantics as filter" (exchangelib).
  'same (?:meaning|semantics) as', 'behaves (?:just |exactly )?(?:like|as)',
  // "This decorator does the same as dataclasses.dataclass, but also …" (marshmallow-dataclass),
  // "Accepts all the same parameters as CachedSession" (requests-cache), "Same signature as open()".
  '(?:does|works|acts) (?:just |exactly )?(?:the same as|like)',
  'same (?:keyword )?(?:signature|arguments|parameters|args|params|options) as(?! this\\b)',
  // "This method has the behavior described in :meth:`Node._f_copy`", "Parameters are identical
  // to the parameters used to initialize this object", "recognises the following additional …".
  'behaviou?r(?: and \\w+)? described in', '(?:parameters|arguments)(?: and \\w+)? are (?:identical|the same)\\s+(?:to|as)',
  'following additional (?:keyword )?(?:arguments|parameters|keywords)', 'in addition, it (?:recogni[sz]es|accepts|takes)',
  // "Most arguments to this are simply passed to Nose's TestProgram" (proboscis).
  // "Most of the constructor arguments are forwarded either to …" (flask-dance).
  '(?:other|remaining|all|most)(?: of the)?(?: constructor| keyword)? (?:parameters|arguments|keywords?|options)(?: [\\w,` ]+)? (?:are|is|have|as|will be) (?:simply |just )?(?:passed|forwarded|documented|the same|described|identical|similar)',
  // "Below we describe only parameters additional to the ones explained for `to_fits_sip`" (gwcs).
  '(?:describe|document|list)s? only (?:the )?(?:parameters|arguments|params|options)\\b[^.]{0,40}?\\b(?:additional|not (?:already )?(?:explained|documented|described))',
  // "See ulmo.usgs.nwis.core.get_sites() for description of regular parameters" (ulmo).
  'see \\S+ for (?:a |the )?(?:description|details|documentation|explanation)s? (?:of|on|about) (?:the )?(?:\\w+ )?(?:parameters|arguments|options)',
  // "For a full list of available parameters, please refer to the official API reference" (tempest).
  '(?:full|complete) list of (?:the )?(?:available |supported |valid |accepted )?(?:parameters|arguments|options|params)',
  // "This method is identical to :meth:`text_pt` with the only difference of …" (PyX).
  '(?:is|are) (?:identical|equivalent) to :(?:py:)?(?:meth|func|class)',
  // "Further arguments are interpreted as for :py:class:`.Client` constructor" (pymemcache, taskflow).
  '(?:further|other|remaining|additional|extra) (?:keyword )?(?:arguments|parameters|params|args) are (?:interpreted|treated|handled|understood|used) as (?:for|in|by)',
  // "The rest of parameters follow logger.info(...)" (mistral).
  '(?:the )?rest of (?:the )?(?:parameters|arguments|args|params|options) (?:follow|match|mirror|are (?:the same|passed|forwarded))',
  // A sentence about the rest as a whole: "The remaining keyword arguments are ``COPY`` statement
  // options" (asyncpg), "All other parameters are optional and … sourced from the gerrit instance".
  // ("The other optional arguments are needed only if …" names no place, and is labelled a miss.)
  '(?:all (?:the )?|the )?(?:other|remaining) (?:keyword )?(?:parameters|arguments|args|params|kwargs) (?:are|is) (?:all )?(?:optional|[^.]{0,40}\\boptions)',
  // "Arguments and keyword arguments for `lightgbm.train()` can be passed" (optuna).
  '(?:arguments|parameters|options)(?: and keyword arguments)? (?:for|of|to|accepted by) \\S+ (?:can|may) (?:also )?be (?:passed|given)',
  // "For all other parameters, please refer to the documentation of form()" (pythondialog).
  // "for other params see Click's version_option decorator" (click-help-colors).
  'for (?:all )?(?:the )?(?:other|remaining|additional) (?:parameters|arguments|options|params|args|kwargs),? (?:please )?(?:see|refer to)',
  // "Params are documented in :py:meth:`Grammar.parse`", "See :meth:`Graph.parse` for documentation on arguments".
  '(?:params|parameters|arguments) are (?:all )?(?:documented|described|explained) (?:in|at|by|under)',
  // "Refer to attr.s for the rest of the parameters", "See get_stream for info on other params";
  // but "See :mod:`read_preferences` for options" is about one parameter's values.
  '(?:see|refer to) (?:[^.]|\\.\\w){1,80}? for (?:the )?(?:(?:documentation|description|details|info|information|an explanation|a description)(?: on| of| about)? (?:the |its )?)?(?:(?:rest of the |standard |other |remaining |additional |optional )(?:args|arguments|parameters|params|options)|args|arguments|parameters|params)',
  // "All arguments to create_process are supported" (asyncssh).
  '(?:all|any) (?:of the )?(?:other )?(?:arguments|parameters|keyword arguments|options) (?:to|of|for|accepted by) \\S+ (?:are|is) (?:also )?(?:supported|accepted|allowed|valid)',
  // "For details on the additional parameters see …", "Parameters not listed here are described in …".
  'for (?:more )?(?:details|information|documentation) (?:on|about) (?:the )?(?:additional |other |remaining )?(?:args|arguments|parameters|params|options)',
  // "Only the arguments that are relevant to Flask-Dance are documented here" (flask-dance).
  'only (?:the )?(?:arguments|parameters|options|args|params)\\b[^.]{0,60}? (?:are )?(?:documented|described|listed) here',
  // "All other keyword parameters available for Template are mirrored here" (mako).
  '(?:all\\s+)?(?:other|remaining|additional|extra)\\s+(?:keyword\\s+)?(?:parameters|arguments|options)\\b(?:[^.]|\\.\\w){0,80}?\\s(?:are|is)\\s+(?:\\w+\\s+)?(?:mirrored|passed|forwarded|documented|described|accepted)',
].map((p) => `\\b${p}\\b`).join('|'), 'i');

/** "Equivalent of builtin `map`", "Alias for get_elements()": the other callable's documentation applies, arguments and result. */
// "Like :func:`list_for_each()`, but validates the list" (drgn): the other's documentation, and one difference.
const EQUIVALENT = /^\s*(?:(?:an? |the )?(?:equivalent|analogue|counterpart|alias) (?:of|to|for)\b|(?:just )?like (?::\w+:)?`[^`]+`)/i;


/**
 * The parameters of a call the docstring's first line shows (`bs(x, df=None, degree=3)`), or
 * undefined when it shows none. Projects that document a call form other than the signature
 * (patsy's stateful transforms, C-style signatures kept in the docstring) list what that call takes.
 */
function callShownBy(text: string): Set<string> | undefined {
  const first = text.trimStart().split('\n', 1)[0]!.trim();
  const call = /^[A-Za-z_][\w.]*\((.*)\)(?:\s*->.*)?$/.exec(first);
  if (!call) return undefined;
  return new Set((call[1]!.match(/[A-Za-z_]\w*(?=\s*(?:=|,|\)|\]|$))/g) ?? []));
}

const SHOWS_RESULT = /^[A-Za-z_][\w.]*\(.*\)\s*->\s*(?!None\b|void\b)\S/;

/**
 * Whether a docstring's first line is `name`'s C declaration with no result shown: `f(int x)` or
 * `f(char const * s) -> void`. A Python signature (`raw_input(prompt='', float=True)`, pwnlib)
 * shows no types, and says nothing about the result.
 */
function showsVoidCall(firstLine: string, name: string): boolean {
  const call = /^(\w+)\(([^()]*)\)(?:\s*->\s*void)?$/.exec(firstLine);
  if (!call || call[1] !== name) return false;
  const declared = call[2]!.split(',').map((a) => a.trim());
  return declared.every((a) => C_DECLARATION.test(a)) || /->\s*void$/.test(call[0]!);
}

/** `int hard_exit`, `char const * s`, `double weights[]`: a C parameter, its type before its name. */
const C_DECLARATION = /^[A-Za-z_][\w:<>]*(?:\s+(?:const|unsigned|signed|long|short|struct)\b)*(?:\s*[*&]+\s*|\s+)[A-Za-z_]\w*(?:\s*\[\])?$/;

/** A summary that asks a question ("Am I *directly* connected to *port*?", jack) returns its answer. */
const ASKS = /^[^.?!]*\?$/;

/** A summary that calls the function a decorator or a context manager says what it hands back. */
const MAKES_WRAPPER = /\b(?:decorators?|decorates?|decorating|context[ -]managers?)\b/i;

/** A summary that registers or wraps what it is given. */
const REGISTERS = /^(?:register|decorat|wrap)\w*\b/i;
const CALLABLE_NAMES = new Set(['f', 'fn', 'func', 'function', 'callback', 'callable', 'handler', 'method', 'cls', 'klass']);

/** "See :meth:`.Table.from_csv` for additional details" (agate): the keywords it passes on are documented there. */
// "More details for parameters can be found in the RAPI documentation" (ganeti) says where the rest are.
const SEE_FOR_DETAILS = /\bsee (?::\w+:)?`[^`]+` for (?:additional|more|further|other) (?:details|information|options)\b|\bdetails (?:for|on|about) (?:the )?(?:parameters|arguments|options) (?:can|may) be found\b/i;
// "You can pass other arguments to this method; they are added to the configuration" (morse) says what `**kwargs` takes.
const SAYS_KEYWORDS = /\bkeyword(?:s| arguments?| parameters?)\b|\bpass (?:any )?(?:other|additional|extra|more) (?:arguments?|parameters?|options)\b|\bother\s+(?:arguments|parameters|options)\s+(?:are|will\s+be)\s+ignored\b/i;
/** "API to :meth:`ChangesetTable.rename`." on a line of its own (migrate): a front for that method, which takes the keywords. */
const FRONT_FOR = /^[ \t]*API (?:to|for) (?::\w+:)?`[^`]+`\.?[ \t]*$/m;
/** "This method abstracts the logging.Logger.log() method" (pyswarms): what it wraps takes the rest. */
const WRAPS_CALL = /\b(?:wraps|abstracts|(?:a )?wrapper (?:around|for|of))\s+(?:the\s+)?(?::\w+:)?`?[\w.]+\(\)/i;
/** "positional arguments", or extra ones set against keyword ones ("any additional parameters or keyword parameters"). */
const SAYS_POSITIONAL = /\b(?:positional(?: arguments?| parameters?)?|(?:additional|extra|other) (?:arguments|parameters),? (?:or|and) keyword)\b/i;

function checkReturns(doc: DocstringModel, expected: Expected, input: CheckInput | undefined, lenient: boolean, add: Add): void {
  const roles = input?.read.roles;
  const prose = input?.text ?? `${doc.summary}\n${doc.description}`;
  const returnsRead = doc.returns.length > 0 || (lenient && roles?.has('returns') === true);
  const asksForSections = !lenient || !input || isFormal(input.read);
  const summary = withoutTags(doc.summary);
  const firstLine = prose.trimStart().split('\n', 1)[0]!.trim();
  // A first line `Transmit(hcard, ...) -> SCARDRETCODE` (SWIG, numpy's C signatures) shows the result.
  const summaryNamesResult = lenient && (SAYS_RETURN.test(prose) || PRODUCES.test(summary) || EQUIVALENT.test(summary)
    || SHOWS_RESULT.test(firstLine) || MAKES_WRAPPER.test(summary) || ASKS.test(summary));
  // Lenient: "Change elements of…" ending in `return _insert(…)` hands back what its helper gives.
  const mutatorDelegates = lenient && expected.delegates === true && MUTATES.test(summary);
  // Lenient: `+=` needs `__iadd__` to return `self`; that is the protocol, not a value to document.
  const inPlace = lenient && IN_PLACE_OPERATORS.has(expected.name ?? '');
  // Lenient: a classmethod whose every return is `cls(...)` is an alternate constructor; what it gives is the class's instance.
  // Lenient: `setMaximumRelativeError` handing back what the wrapped setter gives (SWIG's `return _lib.X_set…(self, v)`) sets; it returns nothing to speak of.
  // Lenient: `return self._close()` where `_close` returns nothing hands back None.
  // Lenient: a SWIG wrapper whose first line is its C call with no `-> type` (xraylib's `SetHardExit(int hard_exit)`) wraps a void function.
  const wrapsVoid = lenient && expected.delegates === true && showsVoidCall(firstLine, expected.name);
  const obviousResult = lenient && (wrapsVoid || expected.returnsNewInstance === true || expected.returnsCallsOfNothing === true || (expected.delegates === true && /^set(?:[A-Z]|_[a-z])/.test(expected.name)));
  if (expected.returns === 'required' && !returnsRead && asksForSections && !summaryNamesResult && !mutatorDelegates && !inPlace && !obviousResult) {
    add({ code: 'DW403' });
  }
  // `Returns: 0: Nothing.` (xlsxwriter's habit) says nothing comes back, whatever its type column holds.
  // NumPy's `nothing:` over "its return is through the box object" (easygui) names nothing too.
  const saysNone = doc.returns.every((r) => [r.name ?? '', r.type ?? '', r.description].some((text) => SAYS_NONE.test(text.trim()))
    || (r.type ? SAYS_ONLY_NOTHING : SAYS_NOTHING).test(r.description.trim())
    || [r.name ?? '', r.type ?? ''].some((text) => SAYS_ONLY_NOTHING.test(text.replace(/:$/, '').trim())));
  // A web responder's `:returns: HTTP | 200` (zaqar, falcon) is the response it writes, not a value.
  const saysStatus = doc.returns.every((r) => HTTP_STATUS.test(r.description.trim()));
  // Lenient: a base hook that writes `return None` out and documents what overrides return states a contract.
  // Lenient: a stub that only says "not implemented" documents what implementations will return.
  if (expected.returns === 'forbidden' && doc.returns.length > 0 && !(lenient && (saysNone || saysStatus || expected.returnsNone || expected.unimplemented))) {
    add({ code: 'DW404' });
  }
  const returned = doc.returns[0];
  if (!lenient && expected.returnType && returned?.type && doc.returns.length === 1 && contradicts(returned.type, expected.returnType)) {
    add({ code: 'DW408', documented: returned.type, annotation: expected.returnType });
  }
  // Lenient: a generator whose text or Returns says it gives an iterator ("a generator of …") is documented.
  const returnsText = doc.returns.map((r) => `${r.type ?? ''} ${r.description}`).join('\n');
  // Many projects (networkx among them) document what a generator gives under Returns.
  // A summary that says what it returns ("Return all distributions…") says what it yields.
  const yieldsRead = doc.yields.length > 0 || (lenient && (roles?.has('yields') === true || returnsRead
    || summaryNamesResult || SAYS_YIELD.test(`${prose}\n${returnsText}`)));
  // Lenient: bare `yield`s hand out nothing (`@decorator`-made context managers, fixtures' teardown).
  if (expected.yields === 'required' && !yieldsRead && !(lenient && expected.bareYields)) add({ code: 'DW405' });
}

function checkRaises(doc: DocstringModel, expected: Expected, input: CheckInput | undefined, lenient: boolean, named: Set<string>, add: Add): void {
  // Lenient: an internal helper's raise is an assertion, not API; nor is "not implemented".
  const asksForSections = !lenient || !input || ((doc.raises.length > 0 || isFormal(input.read)) && !expected.internal);
  // Lenient: a docstring that says in prose that it raises ("an exception is raised if …") has said it.
  // Lenient: `:raises: an error if there is no timezone` names no type; it documents what is raised.
  // Lenient: `:raises: LineOutOfFileBoundsError or a built-in exception.` (fpyutils) covers `ValueError`.
  const coversBuiltins = lenient && doc.raises.some((r) => /\bbuilt-?in exceptions?\b/i.test(`${r.type} ${r.description}`));
  const saysRaises = lenient && input !== undefined && ((doc.raises.length === 0 && SAYS_RAISE.test(input.text))
    || doc.raises.some((r) => !/^[~:`\w.]*[A-Z]/.test(r.type.trim()) && !NAMES_AN_EXCEPTION.test(r.description)));
  // Lenient: what an unimplemented stub raises after "not implemented" is never reached.
  for (const raised of lenient && expected.unimplemented ? [] : expected.raises) {
    if (lenient && (!asksForSections || saysRaises || !isApiException(raised) || expected.guardRaises?.includes(raised) || (coversBuiltins && isBuiltinException(raised)) || (expected.name === '__init__' && raised === 'TypeError')
      || PROTOCOL_RAISES[expected.name]?.includes(exceptionName(raised))
      // A generator's `raise StopIteration` ends the iteration, as `return` does.
      || (expected.yields === 'required' && exceptionName(raised) === 'StopIteration'))) continue;
    // Lenient: "Raises OSError" documents `raise FileNotFoundError`; callers catching the base catch it.
    // A documented catch-all (`Exception`) names another failure, not this one.
    const covering = lenient ? [raised, ...(expected.raiseAncestors?.[raised] ?? []).filter((a) => !NOT_API.has(a))] : [raised];
    // Lenient: the text naming a base class, as written, counts too (`:raises: OAuth1Error if …`, `:raise: :class:\`ProviderError\``).
    const documented = doc.raises.some((r) => covering.some((name) => documentsException(r.type, name)))
      || (lenient && (namesException(named, raised) || covering.slice(1).some((name) => namesClass(input?.text ?? '', name))));
    if (!documented) add({ code: 'DW406', subject: raised });
  }
  // A documented exception is most often raised by a callee: only strict asks for a raise here.
  if (!lenient && expected.raisesForbidden && doc.raises.length > 0) {
    add({ code: 'DW407', documented: doc.raises.map((r) => r.type) });
  }
}

/**
 * Whether the docstring follows a convention that asks for a Returns or Raises section when
 * there is something to say: a NumPy section, or Google entries written `name: text`. Dash
 * lists, bullets and reST fields are informal in practice: their authors say such things in
 * the prose, and a missing section there is no omission.
 */
function isFormal(read: Pick<DocstringRead, 'sections'>): boolean {
  return read.sections.some((s) => s.role !== 'other' && s.title !== '' && s.shape !== undefined
    && !s.shape.bullet && (s.shape.separator === ': ' || s.shape.typeStyle === 'numpy' || s.underlined));
}

/** Internal checks, the catch-all, and "not implemented" (a case the code does not handle yet). */
const NOT_API = new Set(['AssertionError', 'Exception', 'BaseException', 'NotImplementedError']);

/**
 * What a special method raises to say "no such attribute" or "no more items": Python's data
 * model defines it, and callers (getattr, hasattr, for loops) rely on it without reading the docstring.
 */
const PROTOCOL_RAISES: Record<string, readonly string[]> = {
  __getattr__: ['AttributeError'], __getattribute__: ['AttributeError'], __delattr__: ['AttributeError'],
  __next__: ['StopIteration'], __anext__: ['StopAsyncIteration'],
};

/**
 * An exception a caller would look for in the docs: a class by name (not a variable such as
 * `raise last_error` or `self.failureException`), and not an internal check (`AssertionError`)
 * or the catch-all `Exception`.
 */
function isApiException(raised: string): boolean {
  const name = raised.split('.').pop()!;
  // A warning raised as an exception (`raise DeprecationWarning(...)`) guards a removed option.
  return /^[A-Z]/.test(name) && !raised.startsWith('self.') && !NOT_API.has(name) && !name.endsWith('Warning');
}

/** Whether the text names the exception: "fails with an IOError" names `OSError`. */
function namesException(named: Set<string>, raised: string): boolean {
  const name = exceptionName(raised);
  if (named.has(raised.split('.').pop()!.toLowerCase())) return true;
  return name === 'OSError' && ['oserror', ...[...OSERROR_WORDS]].some((w) => named.has(w));
}

/** The class's name as a word in its own case: "an Error" is not `Error`, "RPCError" names only itself. */
function namesClass(text: string, name: string): boolean {
  // `:class:\`stem.ControllerError\`` names `ControllerError` with its module (stem).
  return new RegExp(`(?<![\\w.])(?:[A-Za-z_]\\w*\\.)*${name}\\b`).test(text);
}

const OSERROR_WORDS = new Set(['ioerror', 'environmenterror', 'windowserror']);

/** Every identifier-like word of a docstring: `order`, ``order``, *order* and `order` all count. */
function wordsOf(text: string): Set<string> {
  return new Set((text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).map((w) => w.toLowerCase()));
}
