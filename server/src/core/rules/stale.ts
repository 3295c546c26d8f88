import { docstringProblems, SourceLines } from '../docstring/targets';
import type { DocstringProblem, ProblemData, StaleCode } from '../docstring/check';
import type { Span } from '../analysis/model';
import { defineRule, type CheckInput, type Report, type Rule, type RuleFamily } from './rule';

/**
 * DW401–DW408: a docstring that no longer matches its signature or body. What is wrong is
 * decided in docstring/check.ts (`checkDocstring`, lenient or strict), which hands back the
 * facts of each problem; this file words them and runs the check over a module.
 */

interface Named {
  qualname: string;
}

/** A message names the definition at its end. */
const about = (text: string, { qualname }: Named) => `${text} (\`${qualname}\`)`;

const DW401 = defineRule({
  code: 'DW401',
  title: 'Parameter missing from the docstring',
  peer: 'pydoclint DOC101/DOC103',
  severity: 'warning',
  message: (p: ProblemData['DW401'] & Named) => about(`Parameter \`${p.subject}\` is missing from the docstring`, p),
  docs: [
    'A parameter of the signature is not documented (pydoclint DOC101). `self` and `cls` never',
    'count; `*args` and `args` are the same name. Quick fix: **Update docstring** adds it, in',
    'signature order, with a placeholder description (DW501). Checked only for docstrings that have sections',
    '(a one-line summary is not checked, as in pydoclint); `lenient` (the default) checks only docstrings that',
    'list parameters (as ruff D417 does), `strict` also those with only a Returns or Raises section.',
    '`lenient` does not ask for a parameter left out on purpose: a `*args`/`**kwargs` the body never reads or',
    'only rejects, one the body deprecates where it first reads it (or marked `# deprecated` in the signature),',
    'and one `__init__` hands unchanged to its base class. Nor does it when the docstring sends the reader',
    'elsewhere for the rest ("see `X` for the other parameters", "accepts the same arguments as `X`", "the',
    'remaining keyword arguments are `COPY` options", an entry `kwargs` that says "See `plot`" in a',
    'signature without a catch-all), when the module fills the docstring in at import',
    '(`f.__doc__ %= PARAMS`, `f.__doc__ = f.__doc__.replace(…)`), or when its list names no parameter and',
    'documents something else (six or more entries, or a hyphenated name such as `java-opts`: options or keys).',
  ].join('\n'),
});

const DW402 = defineRule({
  code: 'DW402',
  title: 'Documented parameter not in the signature',
  peer: 'pydoclint DOC102/DOC103',
  severity: 'warning',
  message: (p: ProblemData['DW402'] & Named) => about(`Documented parameter \`${p.subject}\` is not in the signature`, p),
  docs: [
    'A documented parameter is not in the signature (DOC102). Not reported when the function',
    'takes `**kwargs`, which may accept it. Quick fix: drops the entry.',
  ].join('\n'),
});

const DW403 = defineRule({
  code: 'DW403',
  title: 'Value returned but no Returns section',
  peer: 'pydoclint DOC201',
  severity: 'warning',
  message: (p: Named) => about('A value is returned but the docstring has no Returns section', p),
  docs: [
    'The function returns a value (or is annotated with a non-`None` return type) but the',
    'docstring has no Returns section (DOC201). Not reported for `__init__`, properties and',
    'generators. Quick fix: adds Returns with the annotated type.',
  ].join('\n'),
});

const DW404 = defineRule({
  code: 'DW404',
  title: 'Returns documented but nothing returned',
  peer: 'pydoclint DOC202',
  severity: 'warning',
  message: (p: Named) => about('The docstring has a Returns section but nothing is returned', p),
  docs: [
    'The docstring has a Returns section but the function returns nothing and is not annotated',
    'with a return type (DOC202). Stubs and abstract methods may document what implementations',
    'return, and so may a body that always raises `NotImplementedError` (after building its message).',
    'A Returns that says `None` (``None``, `L{None}`) or "nothing", or a web responder\'s `HTTP | 200`, is not',
    'reported. Quick fix: drops the section.',
  ].join('\n'),
});

const DW405 = defineRule({
  code: 'DW405',
  title: 'Generator without a Yields section',
  peer: 'pydoclint DOC402',
  severity: 'warning',
  message: (p: Named) => about('A generator without a Yields section', p),
  docs: [
    'A generator has no Yields section (DOC402). `lenient` does not ask it of a generator whose',
    'every `yield` is bare (a context manager made by a decorator, a fixture\'s teardown): it yields',
    'no values. Quick fix: adds one, with the type from `Iterator[T]` / `Generator[T, ...]`.',
  ].join('\n'),
});

const DW406 = defineRule({
  code: 'DW406',
  title: 'Raised exception not documented',
  peer: 'pydoclint DOC501/DOC503',
  severity: 'warning',
  message: (p: ProblemData['DW406'] & Named) => about(`\`${p.subject}\` is raised but not documented`, p),
  docs: [
    "An exception raised in the function's own body (`raise X` / `raise X(...)`) is not in the",
    'Raises section (DOC501/DOC503). Quick fix: adds it. A documented base class documents its',
    'subclasses: the builtin hierarchy, the module\'s own classes, and (in `lenient`) classes other',
    'modules of the project define, found through the imports. A raise the same function catches',
    'and handles is not reported, nor one after a `raise NotImplementedError` that is never reached.',
  ].join('\n'),
});

const DW407 = defineRule({
  code: 'DW407',
  title: 'Documented exception never raised',
  peer: 'pydoclint DOC502',
  severity: 'warning',
  message: (p: ProblemData['DW407'] & Named) => {
    const listed = p.documented.map((type) => `\`${type}\``).join(', ');
    return about(`Documented exception${p.documented.length > 1 ? 's' : ''} ${listed} never raised`, p);
  },
  docs: [
    'The docstring documents exceptions but the function has no `raise` statement at all',
    '(DOC502). Stubs and abstract methods are exempt. Quick fix: drops the Raises section.',
  ].join('\n'),
});

const DW408 = defineRule({
  code: 'DW408',
  title: 'Documented type contradicts the annotation',
  peer: 'pydoclint DOC105/DOC203',
  severity: 'warning',
  message: (p: ProblemData['DW408'] & Named) => about(p.parameter === undefined
    ? `Documented return type \`${p.documented}\` contradicts the annotation \`${p.annotation}\``
    : `Documented type \`${p.documented}\` of \`${p.parameter}\` contradicts the annotation \`${p.annotation}\``, p),
  docs: [
    'A documented type says something other than the annotation (DOC105/DOC203). Spelling',
    'variants are the same type (`Optional[int]` = `int | None`, `List` = `list`, quotes,',
    '`typing.` prefixes, Sphinx roles); prose types such as "list of int" are never reported.',
    "Quick fix: writes the annotation's type.",
  ].join('\n'),
});

/** Every code the check can hand back has its rule: the compiler holds check.ts and this file together. */
const BY_CODE: { readonly [C in StaleCode]: Rule<C, DocstringProblem<C> & Named> } = { DW401, DW402, DW403, DW404, DW405, DW406, DW407, DW408 };

export const stale: RuleFamily = {
  name: 'stale',
  title: 'Docstring vs signature',
  rules: Object.values(BY_CODE),
  check: staleDocstrings,
};

function staleDocstrings({ analysis, settings, docstrings, source, foreign }: CheckInput, report: Report): void {
  const lines = source === undefined ? undefined : new SourceLines(source);
  analysis.definitions.forEach((definition, index) => {
    if (!definition.docstring) return;
    for (const problem of docstringProblems(analysis, index, docstrings, settings.staleChecks ?? 'lenient', lines, foreign)) {
      reportProblem(problem, definition.qualname, definition.nameSpan, report);
    }
  });
}

function reportProblem<C extends StaleCode>(problem: DocstringProblem<C>, qualname: string, span: Span, report: Report): void {
  report(BY_CODE[problem.code], { ...problem, qualname }, span);
}
