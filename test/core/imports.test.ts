import { strict as assert } from 'node:assert';
import { importBindings, importedFrom, topLevelClasses } from '../../server/src/core/analysis/imports';

describe('what a module imports and defines, read from its text', () => {
  it('binds every import form: relative, aliased, parenthesised over lines, backslash-continued, in a try', () => {
    const bindings = importBindings([
      'from . import errors',
      'from ..exceptions import (',
      '    ProviderError,  # the base',
      '    AuthError as Denied,',
      ')',
      'import pkg.sub',
      'import pkg.sub.mod as mod, json',
      'try:',
      '    from setuptools.errors import SetupError, \\',
      '        OptionError',
      'except ImportError:',
      '    pass',
      'from x import *',
    ].join('\n'));
    assert.deepEqual(Object.fromEntries(bindings), {
      errors: { module: '.', name: 'errors' },
      ProviderError: { module: '..exceptions', name: 'ProviderError' },
      Denied: { module: '..exceptions', name: 'AuthError' },
      pkg: { module: 'pkg' },
      mod: { module: 'pkg.sub.mod' },
      json: { module: 'json' },
      SetupError: { module: 'setuptools.errors', name: 'SetupError' },
      OptionError: { module: 'setuptools.errors', name: 'OptionError' },
    });
  });

  it('finds where a raised name is defined', () => {
    const bindings = importBindings('from . import errors\nfrom .exceptions import Bad\nimport pkg\n');
    assert.deepEqual(importedFrom('errors.InvalidRequestError', bindings), { module: '.errors', name: 'InvalidRequestError' });
    assert.deepEqual(importedFrom('Bad', bindings), { module: '.exceptions', name: 'Bad' });
    assert.deepEqual(importedFrom('pkg.sub.Error', bindings), { module: 'pkg.sub', name: 'Error' });
    assert.equal(importedFrom('Unknown', bindings), undefined);
    assert.equal(importedFrom('pkg', bindings), undefined);
  });

  it('lists top-level classes with their bases, and capitalised aliases', () => {
    const classes = topLevelClasses('class A(Exception):\n    pass\n\nclass B(A, errors.Base, metaclass=M):\n    class Inner(A):\n        pass\n\nC = B\n');
    assert.deepEqual(Object.fromEntries(classes), { A: ['Exception'], B: ['A', 'errors.Base'], C: ['B'] });
  });
});
