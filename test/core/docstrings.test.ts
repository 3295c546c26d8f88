import { strict as assert } from 'node:assert';
import { codesFor, py } from './helpers';

/** DW100–DW107 follow pydocstyle 6.2's D100–D107, including who counts as public. */
describe('missing docstrings (pydocstyle publicity rules)', () => {
  it('reports each kind with its code', async () => {
    const source = py`
      class Public:
          def method(self):
              pass
          def __repr__(self):
              pass
          def __init__(self):
              pass
          def __call__(self):
              pass
          class Inner:
              pass
      def function():
          pass
    `;
    assert.deepEqual(await codesFor(source), ['1:DW100', '1:DW101', '2:DW102', '4:DW105', '6:DW107', '8:DW102', '10:DW106', '12:DW103']);
  });

  it('a package __init__.py gets DW104 instead of DW100', async () => {
    assert.deepEqual(await codesFor('x = 1\n', 'pkg/__init__.py'), ['1:DW104']);
  });

  it('private modules and modules in private packages are not reported', async () => {
    assert.deepEqual(await codesFor('x = 1\n', 'pkg/_private.py'), []);
    assert.deepEqual(await codesFor('x = 1\n', '_internal/mod.py'), []);
    assert.deepEqual(await codesFor('x = 1\n', '__main__.py'), ['1:DW100']);
  });

  it('leading underscores make definitions private, and their members too', async () => {
    const source = py`
      """Doc."""
      def _helper():
          pass
      class _Hidden:
          def method(self):
              pass
      class Shown:
          """Doc."""
          def _private(self):
              pass
          def __private(self):
              pass
          def __eq__(self, other):
              pass
    `;
    assert.deepEqual(await codesFor(source), ['13:DW105']);
  });

  it('__all__ decides for top-level names when it is a literal', async () => {
    const source = py`
      """Doc."""
      __all__ = ["listed", "_odd"]
      def listed():
          pass
      def unlisted():
          pass
      def _odd():
          pass
    `;
    assert.deepEqual(await codesFor(source), ['3:DW103', '7:DW103']);
  });

  it('a string or comment mentioning __all__ is not a second mention', async () => {
    const source = '"""Names not in __all__ are private."""\n# keep __all__ sorted\n__all__ = ["a"]\nclass Hidden:\n    pass\ndef a():\n    pass\n';
    assert.deepEqual(await codesFor(source), ['6:DW103']);
  });

  it('an __all__ that is not a literal, or is mentioned twice, is ignored', async () => {
    const computed = '"""Doc."""\n__all__ = ["a"] + other\ndef b():\n    pass\n';
    assert.deepEqual(await codesFor(computed), ['3:DW103']);
    const extended = '"""Doc."""\n__all__ = ["a"]\n__all__ += ["b"]\ndef b():\n    pass\n';
    assert.deepEqual(await codesFor(extended), ['4:DW103']);
  });

  it('nested functions and classes inside functions are never reported', async () => {
    const source = py`
      """Doc."""
      def outer():
          """Doc."""
          def inner():
              pass
          class Local:
              def m(self):
                  pass
    `;
    assert.deepEqual(await codesFor(source), []);
  });

  it('setters/deleters are private; plain overloads are skipped; typing.overload is not', async () => {
    const source = py`
      """Doc."""
      class C:
          """Doc."""
          @property
          def x(self):
              """Doc."""
          @x.setter
          def x(self, value):
              pass
          @overload
          def f(self):
              pass
      @overload
      def g():
          pass
      @typing.overload
      def h():
          pass
    `;
    assert.deepEqual(await codesFor(source), ['17:DW103']);
  });

  it('any string literal first counts as present (f-strings and concatenations too)', async () => {
    const source = 'f"""mod"""\ndef a():\n    f"doc {x}"\ndef b():\n    "a" "b"\ndef c():\n    # comment first\n    """doc"""\n';
    assert.deepEqual(await codesFor(source), []);
  });

  it('# noqa and # noqa: CODE suppress on the reported line, as in ruff', async () => {
    const source = py`
      """Doc."""
      def a():  # noqa
          pass
      def b():  # noqa: DW103
          pass
      def c():  # noqa: DW901
          pass
      def d():  # some comment  # NOQA:DW102,DW103
          pass
    `;
    assert.deepEqual(await codesFor(source), ['6:DW103']);
  });

  it('select, ignore and severity settings choose what is reported', async () => {
    const source = 'def f():\n    pass\n';
    assert.deepEqual(await codesFor(source, 'm.py', { select: ['DW9'] }), []);
    assert.deepEqual(await codesFor(source, 'm.py', { ignore: ['DW100'] }), ['1:DW103']);
    assert.deepEqual(await codesFor(source, 'm.py', { severity: { DW103: 'off' } }), ['1:DW100']);
  });
});
