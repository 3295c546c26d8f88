import { strict as assert } from 'node:assert';
import { analyze, definition, py } from './helpers';

describe('definition metadata', () => {
  it('parameters: kinds, annotations and defaults as written', async () => {
    const d = await definition('def f(a, /, b: int = 2, *args: str, c, d: "Fwd" = None, **kw) -> list[int]:\n    pass\n', 'f');
    assert.deepEqual(d.parameters, [
      { name: 'a', kind: 'positional-only' },
      { name: 'b', kind: 'regular', annotation: 'int', default: '2' },
      { name: 'args', kind: 'var-positional', annotation: 'str' },
      { name: 'c', kind: 'keyword-only' },
      { name: 'd', kind: 'keyword-only', annotation: '"Fwd"', default: 'None' },
      { name: 'kw', kind: 'var-keyword' },
    ]);
    assert.equal(d.returnAnnotation, 'list[int]');
  });

  it('bare * makes the following parameters keyword-only', async () => {
    const d = await definition('def f(a, *, b=1):\n    pass\n', 'f');
    assert.deepEqual(d.parameters.map((p) => p.kind), ['regular', 'keyword-only']);
  });

  it('qualified names follow __qualname__, including classes inside functions', async () => {
    const source = py`
      class A:
          class B:
              def m(self):
                  def inner():
                      class Local:
                          def n(self):
                              pass
    `;
    const names = (await analyze(source)).definitions.map((d) => d.qualname);
    assert.deepEqual(names, ['A', 'A.B', 'A.B.m', 'A.B.m.<locals>.inner', 'A.B.m.<locals>.inner.<locals>.Local', 'A.B.m.<locals>.inner.<locals>.Local.n']);
  });

  it('decorators, method kinds, async, generators, raises, recursion, globals, lambdas', async () => {
    const source = py`
      class C:
          @staticmethod
          def s(): pass
          @classmethod
          def k(cls): return cls.k()
          @property
          def p(self): return 1
          @functools.cached_property
          def q(self): pass
          async def agen(self):
              yield 1
              raise ValueError("x") from None
          def walk(self, n):
              global G
              f = lambda: (yield)
              if n:
                  raise errors.Bad
              raise
      def fact(n):
          def inner():
              nonlocal n
              yield n
          return n * fact(n - 1) if n else 1
    `;
    const defs = new Map((await analyze(source)).definitions.map((d) => [d.qualname, d]));
    assert.equal(defs.get('C.s')!.methodKind, 'static');
    assert.deepEqual(defs.get('C.s')!.decorators, ['staticmethod']);
    assert.equal(defs.get('C.k')!.methodKind, 'class');
    assert.equal(defs.get('C.k')!.recursive, true);
    assert.equal(defs.get('C.p')!.methodKind, 'property');
    assert.equal(defs.get('C.p')!.returnsValue, true);
    assert.equal(defs.get('C.q')!.methodKind, 'property');
    const agen = defs.get('C.agen')!;
    assert.deepEqual([agen.isAsync, agen.isGenerator, agen.raises], [true, true, ['ValueError']]);
    const walk = defs.get('C.walk')!;
    assert.deepEqual([walk.isGenerator, walk.raises, walk.globals, walk.lambdas], [false, ['errors.Bad'], ['G'], 1]);
    const fact = defs.get('fact')!;
    assert.deepEqual([fact.recursive, fact.isGenerator, fact.returnsValue], [true, false, true]);
    const inner = defs.get('fact.<locals>.inner')!;
    assert.deepEqual([inner.nonlocals, inner.isGenerator], [['n'], true]);
  });

  it('the def line is the keyword, not the decorator', async () => {
    const d = await definition('@deco\n@other(1)\ndef f():\n    pass\n', 'f');
    assert.deepEqual([d.span.startLine, d.decoratedStartLine, d.nameSpan.startCol], [2, 0, 4]);
  });

  it('docstring text and range; f-strings and bytes are not docstrings', async () => {
    const d = await definition('def f():\n    r"""Sum.\n\n    More."""\n', 'f');
    assert.equal(d.docstring!.value, 'Sum.\n\n    More.');
    assert.deepEqual(d.docstring!.span, { startLine: 1, startCol: 4, endLine: 3, endCol: 12 });
    const fs = await definition('def f():\n    f"""x{y}"""\n', 'f');
    assert.deepEqual([fs.hasDocstringToken, fs.docstring], [true, undefined]);
    const bs = await definition("def f():\n    b'x'\n", 'f');
    assert.deepEqual([bs.hasDocstringToken, bs.docstring], [true, undefined]);
  });

  it('metrics: calls, statements, boolean operators, lines', async () => {
    const source = py`
      def f(a):
          x = g(a) and h(a) or k
          if x:
              return m(n(x))
          def inner():
              return p()
          return x
    `;
    const m = (await definition(source, 'f')).metrics;
    assert.deepEqual([m.calls, m.statements, m.booleanOperators, m.lines], [4, 5, 2, 7]);
  });
});
