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
