import { strict as assert } from 'node:assert';
import { FAMILIES, RULES, codesIn, docsAnchor, familyOf, isInFamily, ruleFor } from '../../server/src/core/rules/registry';
import { codesMatching, familyEnabled, isSuppressed, severityFor, suppressions } from '../../server/src/core/rules/selection';
import { SEVERITIES } from '../../server/src/shared/settings';
import { codesFor, findingsFor, py } from './helpers';

const REPORTED_SEVERITIES = SEVERITIES.filter((s) => s !== 'off');

const ALL_CODES = [
  'DW100', 'DW101', 'DW102', 'DW103', 'DW104', 'DW105', 'DW106', 'DW107',
  'DW401', 'DW402', 'DW403', 'DW404', 'DW405', 'DW406', 'DW407', 'DW408',
  'DW501',
  'DW901', 'DW902', 'DW903',
];

describe('rules registry', () => {
  it('lists every code once, in code order', () => {
    assert.deepEqual(RULES.map((r) => r.code), ALL_CODES);
  });

  it('gives every code a title, a family, a default severity, a peer and its docs', () => {
    for (const rule of RULES) {
      assert.ok(rule.title.length > 0 && !rule.title.endsWith('.'), rule.code);
      assert.ok(FAMILIES.some((f) => f.name === rule.family), rule.code);
      assert.ok(REPORTED_SEVERITIES.includes(rule.severity), rule.code);
      assert.ok(rule.peer.length > 0, rule.code);
      assert.ok(rule.docs.length > 20 && !rule.docs.startsWith('#') && !rule.docs.endsWith('\n'), rule.code);
      assert.equal(ruleFor(rule.code), rule);
    }
    assert.deepEqual(RULES.filter((r) => r.severity === 'information').map((r) => r.code), [...ALL_CODES.slice(0, 8), 'DW501']);
  });

  it('partitions the codes into families, one hundred each', () => {
    assert.deepEqual(FAMILIES.map((f) => f.name), ['missing', 'stale', 'placeholder', 'complexity']);
    assert.deepEqual(FAMILIES.flatMap((f) => codesIn(f.name)), ALL_CODES);
    const hundreds = { missing: '1', stale: '4', placeholder: '5', complexity: '9' };
    for (const code of ALL_CODES) assert.equal(hundreds[familyOf(code)!], code[2], code);
  });

  it('answers family membership for findings and diagnostics alike', () => {
    assert.equal(isInFamily('DW401', 'stale'), true);
    assert.equal(isInFamily('DW408', 'stale'), true);
    assert.equal(isInFamily('DW501', 'stale'), false);
    assert.equal(isInFamily('DW107', 'missing'), true);
    assert.equal(isInFamily('DW108', 'missing'), false);
    assert.equal(isInFamily('DW4', 'stale'), false);
    assert.equal(isInFamily(401, 'stale'), false);
    assert.equal(isInFamily(undefined, 'stale'), false);
    assert.equal(familyOf('E501'), undefined);
  });

  it('links each code to its heading in docs/codes.md', () => {
    assert.equal(docsAnchor('DW901'), 'dw901');
  });
});

describe('rule messages', () => {
  it('word every stale-docstring problem as before, strict checks included', async () => {
    const source = py`
      def params(a, b):
          """Do it.

          Args:
              a: The a.
              c: The c.
          """


      def returns_value(x: int) -> int:
          """Compute.

          Args:
              x: The x.
          """
          return x


      def returns_nothing(x):
          """Do.

          Args:
              x: The x.

          Returns:
              int: Something.
          """
          print(x)


      def gen(n):
          """Gen.

          Args:
              n: The n.
          """
          yield n


      def raises(x):
          """Raise.

          Args:
              x: The x.
          """
          raise ValueError(x)


      def never(x):
          """Never.

          Args:
              x: The x.

          Raises:
              KeyError: If.
              TypeError: If.
          """
          print(x)


      def never_one(x):
          """Never.

          Args:
              x: The x.

          Raises:
              KeyError: If.
          """
          print(x)


      def typed(x: int) -> str:
          """Typed.

          Args:
              x (str): The x.

          Returns:
              int: The value.
          """
          return str(x)
    `;
    const found = await findingsFor(source, 'pkg/mod.py', { staleChecks: 'strict', select: ['DW4'] });
    assert.deepEqual(found.map((f) => [f.span.startLine + 1, f.code, f.message, f.severity]), [
      [1, 'DW401', 'Parameter `b` is missing from the docstring (`params`)', 'warning'],
      [1, 'DW402', 'Documented parameter `c` is not in the signature (`params`)', 'warning'],
      [10, 'DW403', 'A value is returned but the docstring has no Returns section (`returns_value`)', 'warning'],
      [19, 'DW404', 'The docstring has a Returns section but nothing is returned (`returns_nothing`)', 'warning'],
      [31, 'DW405', 'A generator without a Yields section (`gen`)', 'warning'],
      [40, 'DW406', '`ValueError` is raised but not documented (`raises`)', 'warning'],
      [49, 'DW407', 'Documented exceptions `KeyError`, `TypeError` never raised (`never`)', 'warning'],
      [62, 'DW407', 'Documented exception `KeyError` never raised (`never_one`)', 'warning'],
      [74, 'DW408', 'Documented type `str` of `x` contradicts the annotation `int` (`typed`)', 'warning'],
      [74, 'DW408', 'Documented return type `int` contradicts the annotation `str` (`typed`)', 'warning'],
    ]);
  });

  it('word missing docstrings, placeholders and complexity as before', async () => {
    const source = py`
      """TODO: Describe the module."""


      class Outer:
          class Inner:
              def __init__(self):
                  pass

              def __eq__(self, other):
                  """TODO: Describe \`__eq__\`."""
                  return True


      def deep(a):
          if a:
              for b in a:
                  if b:
                      while b:
                          if b and a or b:
                              return 1
          return 0
    `;
    const found = await findingsFor(source, 'pkg/__init__.py', { maxCyclomatic: 3, maxCognitive: 5, maxNesting: 3 });
    assert.deepEqual(found.map((f) => [f.span.startLine + 1, f.code, f.message]), [
      [1, 'DW501', 'Docstring is a placeholder: TODO in summary (module)'],
      [4, 'DW101', 'Missing docstring in public class: `Outer`'],
      [5, 'DW106', 'Missing docstring in public nested class: `Outer.Inner`'],
      [6, 'DW107', 'Missing docstring in __init__: `Outer.Inner.__init__`'],
      [9, 'DW501', 'Docstring is a placeholder: TODO in summary (`Outer.Inner.__eq__`)'],
      [14, 'DW103', 'Missing docstring in public function: `deep`'],
      [14, 'DW901', '`deep` is too complex: cyclomatic complexity 8 > 3 (rank B)'],
      [14, 'DW902', '`deep` is too hard to follow: cognitive complexity 17 > 5'],
      [14, 'DW903', '`deep` nests too deeply: depth 5 > 3'],
    ]);
    const bare = await findingsFor('def f():\n    pass\n', 'pkg/__init__.py');
    assert.deepEqual(bare.map((f) => f.message), ['Missing docstring in public package', 'Missing docstring in public function: `f`']);
  });
});

describe('rule selection', () => {
  const defaults = { select: ['DW'], ignore: [], severity: {} };

  it('gives a selected code its default severity unless one is configured', () => {
    assert.equal(severityFor('DW101', defaults), 'information');
    assert.equal(severityFor('DW901', defaults), 'warning');
    assert.equal(severityFor('DW501', defaults), 'information');
    assert.equal(severityFor('DW901', { ...defaults, severity: { DW901: 'error' } }), 'error');
    assert.equal(severityFor('DW901', { ...defaults, severity: { DW901: 'off' } }), undefined);
  });

  it('reads select and ignore as trimmed, case-blind prefixes, ignore winning', () => {
    assert.equal(severityFor('DW903', { ...defaults, select: [' dw9 '] }), 'warning');
    assert.equal(severityFor('DW103', { ...defaults, select: ['DW9'] }), undefined);
    assert.equal(severityFor('DW903', { ...defaults, ignore: ['DW90'] }), undefined);
    assert.equal(severityFor('DW903', { ...defaults, select: ['DW903'], ignore: ['DW9'] }), undefined);
  });

  it('runs a family only when one of its codes is reported', () => {
    assert.equal(familyEnabled('stale', defaults), true);
    assert.equal(familyEnabled('stale', { ...defaults, select: ['DW1', 'DW9'] }), false);
    assert.equal(familyEnabled('stale', { ...defaults, ignore: ['DW40'] }), false);
    const allButOne = Object.fromEntries(codesIn('stale').slice(1).map((c) => [c, 'off' as const]));
    assert.equal(familyEnabled('stale', { ...defaults, severity: allButOne }), true);
    assert.equal(familyEnabled('stale', { ...defaults, severity: { ...allButOne, DW401: 'off' } }), false);
  });

  it('names the codes a select or ignore entry matches', () => {
    assert.deepEqual(codesMatching('dw40'), codesIn('stale'));
    assert.deepEqual(codesMatching('DW90'), ['DW901', 'DW902', 'DW903']);
    assert.deepEqual(codesMatching('DW6'), []);
  });
});

describe('suppression comments', () => {
  it('reads # noqa, # noqa: CODES and # docwright: ignore[CODES] by line', () => {
    const source = [
      'a = 1  # noqa',
      'b = 2  # noqa: DW901, dw103',
      'c = 3  # docwright: ignore[DW901]',
      'd = 4  #docwright:ignore[ DW102,DW103 ]',
      'e = 5  # docwright: ignore',
      'f = 6  # docwright: ignore[DW901]  # noqa',
      'g = 7  # noqa: DW102  # docwright: ignore[DW103]',
      'h = 8  # docwright: ignore[]',
    ].join('\r\n');
    const suppressed = suppressions(source);
    const byLine = [...suppressed.entries()].sort(([a], [b]) => a - b);
    assert.deepEqual(byLine.map(([line, codes]) => [line, codes && [...codes]]), [
      [0, null],
      [1, ['DW901', 'DW103']],
      [2, ['DW901']],
      [3, ['DW102', 'DW103']],
      [5, null],
      [6, ['DW102', 'DW103']],
    ]);
    assert.equal(isSuppressed(suppressed, 0, 'DW501'), true);
    assert.equal(isSuppressed(suppressed, 2, 'DW901'), true);
    assert.equal(isSuppressed(suppressed, 2, 'DW103'), false);
    assert.equal(isSuppressed(suppressed, 4, 'DW901'), false);
    assert.equal(isSuppressed(suppressed, 7, 'DW901'), false);
  });

  it('silence findings on their reported line only', async () => {
    const source = py`
      """Doc."""
      def a(x):  # docwright: ignore[DW103]
          return 1 if x else 2
      def b(x):  # docwright: ignore[DW901, DW103]
          return 1 if x else 2
      def c(x):
          # docwright: ignore[DW103]
          return 1 if x else 2
    `;
    assert.deepEqual(await codesFor(source, 'pkg/mod.py', { maxCyclomatic: 1 }), ['2:DW901', '6:DW103', '6:DW901']);
  });
});
