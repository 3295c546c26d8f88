import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ProjectClasses } from '../../server/src/workspace/projectClasses';

/** A package laid out as oauthlib's is: errors in one module, raised from a subpackage. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'docwright-classes-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('the project\'s exception classes across modules', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('follows relative and absolute imports, re-exports and chains of bases into the builtins', () => {
    const dir = project({
      'pkg/__init__.py': 'from .errors import Invalid\n',
      'pkg/errors.py': 'from .base import Base\n\nclass OAuthError(Base):\n    pass\n\nclass Invalid(OAuthError):\n    pass\n',
      'pkg/base.py': 'class Base(ValueError):\n    pass\n',
      'pkg/endpoints/__init__.py': '',
      'pkg/endpoints/token.py': 'from .. import errors\n',
    });
    dirs.push(dir);
    const classes = new ProjectClasses();
    const { foreign, consulted } = classes.forFile(path.join(dir, 'pkg/endpoints/token.py'));
    assert.deepEqual(foreign('..errors', 'Invalid'), ['OAuthError', 'Base', 'ValueError', 'Exception', 'BaseException']);
    assert.deepEqual([...consulted.keys()].map((f) => path.relative(dir, f)).sort(), ['pkg/base.py', 'pkg/errors.py']);
    assert.equal(consulted.get(path.join(dir, 'pkg/base.py'))?.size, 'class Base(ValueError):\n    pass\n'.length);
    assert.deepEqual(foreign('pkg', 'Invalid')?.slice(0, 2), ['OAuthError', 'Base'], 'absolute, through the package\'s re-export');
    assert.deepEqual(foreign('pkg.errors', 'Invalid')?.[0], 'OAuthError');
    assert.equal(foreign('..missing', 'Invalid'), undefined);
    assert.equal(foreign('..errors', 'Nowhere'), undefined);
  });

  it('reads a module again once it changed on disk', () => {
    const dir = project({ 'm/__init__.py': '', 'm/errors.py': 'class Bad(KeyError):\n    pass\n', 'm/api.py': '' });
    dirs.push(dir);
    const classes = new ProjectClasses();
    const importer = path.join(dir, 'm/api.py');
    assert.deepEqual(classes.forFile(importer).foreign('.errors', 'Bad')?.[0], 'KeyError');
    writeFileSync(path.join(dir, 'm/errors.py'), 'class Bad(TypeError):\n    pass\n');
    const later = new Date(Date.now() + 10_000);
    utimesSync(path.join(dir, 'm/errors.py'), later, later);
    assert.deepEqual(classes.forFile(importer).foreign('.errors', 'Bad')?.[0], 'TypeError');
  });
});
