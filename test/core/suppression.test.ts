import { strict as assert } from 'node:assert';
import { suppressions, isSuppressed, withSuppression } from '../../server/src/core/rules/selection';

describe('writing a suppression onto a line', () => {
  it('appends a noqa two spaces after the code', () => {
    assert.equal(withSuppression('def f(x):   ', ['DW901']), 'def f(x):  # noqa: DW901');
  });

  it('merges into a noqa already on the line, keeping its codes and what follows', () => {
    assert.equal(withSuppression('def f(x):  # noqa: E501 (long)', ['DW901']), 'def f(x):  # noqa: E501, DW901 (long)');
    assert.equal(withSuppression('def f(x):  # noqa:DW901', ['dw901']), 'def f(x):  # noqa:DW901');
  });

  it('leaves a bare noqa alone: it silences every code already', () => {
    assert.equal(withSuppression('import os  # noqa', ['DW100']), 'import os  # noqa');
  });

  it('merges into a docwright ignore, or writes one when asked', () => {
    assert.equal(withSuppression('def f():  # docwright: ignore[DW100]', ['DW901']), 'def f():  # docwright: ignore[DW100, DW901]');
    assert.equal(withSuppression('def f():', ['DW901', 'DW902'], 'docwright'), 'def f():  # docwright: ignore[DW901, DW902]');
  });

  it('writes what the suppression reader then honours', () => {
    const source = `${withSuppression('def f(x):  # type: ignore', ['DW901'])}\n    pass\n`;
    assert.equal(source.split('\n')[0], 'def f(x):  # type: ignore  # noqa: DW901');
    const read = suppressions(source);
    assert.equal(isSuppressed(read, 0, 'DW901'), true);
    assert.equal(isSuppressed(read, 0, 'DW100'), false);
  });
});

describe('# docwright: ignore[…] is accepted wherever # noqa is', () => {
  /** Each noqa spelling, and the docwright ignore that says the same. */
  const PAIRS: [string, string][] = [
    ['# noqa: DW901', '# docwright: ignore[DW901]'],
    ['# noqa:DW901', '# docwright:ignore[DW901]'],
    ['#noqa: DW901', '#docwright: ignore[DW901]'],
    ['# NOQA: dw901', '# DOCWRIGHT: IGNORE[dw901]'],
    ['# noqa: DW100, DW901', '# docwright: ignore[DW100, DW901]'],
    ['# noqa: DW100,DW901', '# docwright: ignore[DW100,DW901]'],
    ['# noqa: DW100 DW901', '# docwright: ignore[DW100 DW901]'],
    ['# type: ignore  # noqa: DW901', '# type: ignore  # docwright: ignore[DW901]'],
    ['# noqa: DW901 -- legacy', '# docwright: ignore[DW901] -- legacy'],
  ];

  for (const [noqa, ignore] of PAIRS) {
    it(`${noqa}  ≡  ${ignore}`, () => {
      for (const comment of [noqa, ignore]) {
        const read = suppressions(`def f():  ${comment}\n    pass\n`);
        assert.equal(isSuppressed(read, 0, 'DW901'), true, comment);
        assert.equal(isSuppressed(read, 0, 'DW103'), false, comment);
        assert.equal(isSuppressed(read, 1, 'DW901'), false, comment);
      }
    });
  }

  it('on a notebook cell, a module line and a CRLF file alike', () => {
    for (const comment of ['# noqa: DW100', '# docwright: ignore[DW100]']) {
      assert.equal(isSuppressed(suppressions(`import os  ${comment}\r\nx = 1\r\n`), 0, 'DW100'), true);
      assert.equal(isSuppressed(suppressions(`x = 1\r${comment}\r`), 1, 'DW100'), true);
    }
  });

  it('merging a code into a blank-separated list does not repeat one already there', () => {
    assert.equal(withSuppression('def f():  # noqa: DW100 DW901', ['DW901']), 'def f():  # noqa: DW100 DW901');
    assert.equal(withSuppression('def f():  # docwright: ignore[DW100 DW901]', ['DW901', 'DW902']), 'def f():  # docwright: ignore[DW100, DW901, DW902]');
  });
});
