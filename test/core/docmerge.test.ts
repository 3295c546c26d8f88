import { strict as assert } from 'node:assert';
import { findings } from '../../server/src/core/rules/findings';
import { DocstringCache } from '../../server/src/core/docstring/targets';
import { DEFAULT_SETTINGS } from '../../server/src/shared/settings';
import { analyze, codesFor, documentSource, findingsFor, py } from './helpers';

/** Update keeps every word a human wrote; DW401–DW408 say what is stale, as pydoclint would. */

const update = async (source: string) => (await documentSource(source, { requests: [{ index: 0, action: 'update' }] })).text;
/** An update under pydoclint's literal rules, which also fixes what only `strict` reports (DW407, DW408). */
const updateStrictly = async (source: string) => (await documentSource(source, { requests: [{ index: 0, action: 'update' }], staleChecks: 'strict' })).text;

describe('merging a docstring with its signature', () => {
  it('rename, add, remove and reorder: human descriptions kept word for word', async () => {
    const source = py`
      def ship(order, address, express=False):
          """Ship an order.

          Carefully, and only on weekdays — see the *handbook*.

          Args:
              address (str): Where it goes; must be
                  a full postal address.
              order (Order): The order, paid.
              priority (int): Gone from the signature.

          Returns:
              bool: True when shipped.

          Example:
              >>> ship(o, "Main St 1")
              True
          """
          return True
    `;
    assert.equal(await update(source), py`
      def ship(order, address, express=False):
          """Ship an order.

          Carefully, and only on weekdays — see the *handbook*.

          Args:
              order (Order): The order, paid.
              address (str): Where it goes; must be
                  a full postal address.
              express: TODO: Describe \`express\`. Defaults to \`False\`.

          Returns:
              bool: True when shipped.

          Example:
              >>> ship(o, "Main St 1")
              True
          """
          return True
    `);
  });

  it('a type the annotation contradicts is replaced; a prose type or an equivalent spelling is not', async () => {
    const source = py`
      def f(a: int, b: Optional[str], c: list[int]) -> dict[str, int]:
          """Do f.

          Args:
              a (str): First.
              b (str | None): Second.
              c (list of int): Third.

          Returns:
              dict: The map.
          """
          return {}
    `;
    assert.deepEqual(await codesFor(source, 'pkg/_m.py', { staleChecks: 'strict' }), ['1:DW408', '1:DW408']);
    const text = await updateStrictly(source);
    assert.match(text, /a \(int\): First\./);
    assert.match(text, /b \(str \| None\): Second\./);
    assert.match(text, /c \(list of int\): Third\./);
    assert.match(text, /dict\[str, int\]: The map\./);
    assert.deepEqual(await codesFor(text, 'pkg/_m.py'), []);
  });

  it('numpy and sphinx docstrings are updated in their own style', async () => {
    const numpy = py`
      def area(width, height):
          """Multiply the sides of a rectangle.

          Parameters
          ----------
          width : float
              The width.
          """
          return width * height
    `;
    assert.equal(await update(numpy), py`
      def area(width, height):
          """Multiply the sides of a rectangle.

          Parameters
          ----------
          width : float
              The width.
          height
              TODO: Describe \`height\`.

          Returns
          -------
          TODO: Describe the return value.
          """
          return width * height
    `);
    const sphinx = py`
      def area(width, height):
          """Area of a rectangle.

          :param width: The width.
          :param depth: Gone.
          :returns: The area.
          """
          return width * height
    `;
    assert.equal(await update(sphinx), py`
      def area(width, height):
          """Area of a rectangle.

          :param width: The width.
          :param height: TODO: Describe \`height\`.
          :returns: The area.
          """
          return width * height
    `);
  });

  it('a docstring whose layout we cannot reproduce gets new sections appended, every character kept', async () => {
    const source = py`
      def f(a):
          """
          Summary on its own line,   odd  spacing kept.
          """
          return a
    `;
    assert.equal(await update(source), py`
      def f(a):
          """
          Summary on its own line,   odd  spacing kept.

          Args:
              a: TODO: Describe \`a\`.

          Returns:
              TODO: Describe the return value.
          """
          return a
    `);
  });
});

describe('docstring vs signature (DW401–DW408)', () => {
  const codes = (source: string) => codesFor(source, 'pkg/_private.py');

  it('each code on its own', async () => {
    const source = py`
      def missing_param(a, b):
          """Doc.

          Args:
              a: A.
          """

      def extra_param(a):
          """Doc.

          Args:
              a: A.
              z: Z.
          """

      def no_returns(a):
          """Doc.

          Args:
              a: A.
          """
          return a

      def extra_returns():
          """Doc.

          Returns:
              int: Nothing really.
          """
          print()

      def generator():
          """Doc.

          Returns:
              int: Wrong section.
          """
          yield 1

      def raises(a):
          """Doc.

          Args:
              a: A.
          """
          if a:
              raise ValueError(a)

      def never_raises():
          """Doc.

          Raises:
              KeyError: Never.
          """
          print()

      def wrong_type(a: int):
          """Doc.

          Args:
              a (str): A.
          """
    `;
    assert.deepEqual(await codesFor(source, 'pkg/_private.py', { staleChecks: 'strict' }), [
      '1:DW401', '8:DW402', '16:DW403', '24:DW404', '32:DW405', '40:DW406', '49:DW407', '57:DW408',
    ]);
    // Lenient (the default) leaves a documented exception a callee may raise, a type in the
    // author's words, and a generator documented under Returns (as networkx does) to strict.
    assert.deepEqual(await codes(source), ['1:DW401', '8:DW402', '16:DW403', '24:DW404', '40:DW406']);
  });

  it('self/cls, *args spellings, **kwargs, short docstrings, stubs, abstract methods, properties, overloads', async () => {
    const source = py`
      class C:
          """A class."""
          def method(self, *args, **kwargs):
              """Doc.

              Args:
                  args: Positional.
                  **kwargs: Keywords.
                  colour: Taken from kwargs.
              """

          @classmethod
          def make(cls, x):
              """Short docstrings are not checked."""
              return x

          def stub(self, x) -> int:
              """Doc.

              Args:
                  x: X.

              Returns:
                  int: What implementations return.

              Raises:
                  KeyError: When implementations fail.
              """
              raise NotImplementedError

          @abc.abstractmethod
          def abstract(self) -> str:
              """Doc.

              Returns:
                  str: Text.
              """

          @property
          def size(self) -> int:
              """Doc.

              Raises:
                  ValueError: When unknown.
              """
              if not self._size:
                  raise ValueError
              return self._size

          @overload
          def f(self, x: int) -> int:
              """Doc.

              Args:
                  y: Wrong on purpose.
              """

          def rethrows(self):
              """Doc.

              Raises:
                  OSError: From the call.
              """
              try:
                  call()
              except OSError:
                  log()
                  raise
    `;
    assert.deepEqual(await codes(source), []);
  });

  it('the quick fix clears what it was offered for', async () => {
    const source = py`
      def f(a, b) -> int:
          """Doc.

          Args:
              a (int): A.
              c: C.

          Raises:
              KeyError: Never.
          """
          return a
    `;
    assert.deepEqual(await codesFor(source, 'pkg/_private.py', { staleChecks: 'strict' }), ['1:DW401', '1:DW402', '1:DW403', '1:DW407']);
    assert.deepEqual(await codes(source), ['1:DW401', '1:DW402', '1:DW403']);
    // The stale codes are gone; what the template could not know is reported as a placeholder.
    assert.deepEqual(await codes(await update(source)), ['1:DW501']);
    const fixed = await updateStrictly(source);
    assert.deepEqual(await codesFor(fixed, 'pkg/_private.py', { staleChecks: 'strict' }), ['1:DW501']);
    assert.match(fixed, /a \(int\): A\./);
  });
});

describe('parsed-docstring cache (keystroke path)', () => {
  it('gives the same findings as parsing afresh, reuses entries and stays bounded', async () => {
    const source = 'def f(a, b):\n    """Doc.\n\n    Args:\n        a: A.\n    """\n    return a\n';
    const cache = new DocstringCache(2);
    const analysis = await analyze(source);
    const fresh = await findingsFor(source, 'pkg/_m.py');
    assert.deepEqual(findings(analysis, { path: 'pkg/_m.py' }, source, DEFAULT_SETTINGS, cache), fresh);
    const raw = analysis.definitions[0]!.docstring!.raw;
    assert.equal(cache.read(raw), cache.read(raw));
    cache.read('"""One."""');
    cache.read('"""Two."""'); // capacity 2: the first literal is evicted
    assert.notEqual(cache.read('"""One."""'), undefined);
    const first = cache.read(raw);
    assert.equal(cache.read(raw), first);
  });
});
