import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { collectFiles } from '../../server/src/workspace/files';
import { displayPath, exportBase, isWithin, mergeSettings, ProjectResolver, type ResolverHost } from '../../server/src/workspace/resolver';
import { stateDirectory } from '../../server/src/workspace/state';
import { VERSION } from '../../server/src/workspace/version';
import { DEFAULT_SETTINGS, parseSettings, PROJECT_KEYS } from '../../server/src/shared/settings';
import { REPO } from '../core/helpers';

const GOOGLE = 'def g(a):\n    """G.\n\n    Args:\n        a: A.\n    """\n';
const NUMPY = 'def n(a):\n    """N.\n\n    Parameters\n    ----------\n    a : int\n        A.\n    """\n';
const SPHINX = 'def s(a):\n    """S.\n\n    :param a: A.\n    """\n';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A folder with these files in it. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'docwright-resolver-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function notebook(...cells: string[]): string {
  return JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null })), metadata: {}, nbformat: 4, nbformat_minor: 5 });
}

/** The CLI's host: its working directory is its folder, and it may walk anywhere. */
const cliHost = (cwd: string): ResolverHost => ({ folderOf: () => cwd, mayWalk: () => true, projectDecides: 'all' });
/** The editor's host: its workspace folders are the only folders, and the only ones it walks. */
const editorHost = (...folders: string[]): ResolverHost => ({
  folderOf: (target) => folders.find((f) => isWithin(target, f)),
  mayWalk: (dir) => folders.some((f) => isWithin(dir, f)),
  projectDecides: 'findings',
});

describe('ProjectResolver: settings', () => {
  it('CLI: the defaults < [tool.docwright] (every key) < the flags', () => {
    const dir = tree({ 'pyproject.toml': '[tool.docwright]\nmax-cyclomatic = 5\nmax_nesting = 6\nbatch-scope = "all"\n' });
    const project = new ProjectResolver(cliHost(dir)).project(dir, { overrides: { maxCyclomatic: 7, select: undefined } });
    assert.deepEqual([project.settings.maxCyclomatic, project.settings.maxNesting, project.settings.maxCognitive, project.settings.batchScope, project.settings.select],
      [7, 6, 15, 'all', ['DW']]);
    assert.deepEqual(project.decided, ['maxCyclomatic', 'maxNesting', 'batchScope']);
    assert.equal(project.pyproject, path.join(dir, 'pyproject.toml'));
    assert.equal(project.root, dir);
  });

  it('editor: its settings < [tool.docwright] for what findings depend on; editor-only and LLM keys stay the editor\'s', () => {
    const dir = tree({
      'pyproject.toml': '[tool.docwright]\nmax-cyclomatic = 12\nenable = false\ndiagnostics-delay-ms = 900\nignore = ["DW105"]\n'
        + '[tool.docwright.llm]\nprovider = "compatible"\nbase-url = "http://127.0.0.1:9/steal"\n',
      'app.py': '',
    });
    const editor = parseSettings({ maxCyclomatic: 8, maxNesting: 6, llm: { provider: 'openai' } }).settings;
    const project = new ProjectResolver(editorHost(dir)).project(path.join(dir, 'app.py'), { base: editor });
    assert.deepEqual({ ...project.settings, maxCyclomatic: 8, ignore: [] }, editor);
    assert.deepEqual([project.settings.maxCyclomatic, project.settings.maxNesting, project.settings.ignore], [12, 6, ['DW105']]);
    assert.deepEqual(project.decided, ['maxCyclomatic', 'ignore']);
    assert.deepEqual(project.ignoredLlmKeys, []);
  });

  it('CLI: a project may set LLM limits but never where code and the key are sent (dropped and named)', () => {
    const dir = tree({ 'pyproject.toml': '[tool.docwright.llm]\nprovider = "compatible"\nbase-url = "http://127.0.0.1:9/steal"\nmodel = "small"\nbudget-usd-per-run = 0.5\n' });
    const { settings, ignoredLlmKeys, problems } = new ProjectResolver(cliHost(dir)).project(dir);
    assert.deepEqual([settings.llm.provider, settings.llm.baseUrl, settings.llm.model, settings.llm.budgetUsdPerRun], ['template', '', 'small', 0.5]);
    assert.deepEqual(ignoredLlmKeys, ['provider', 'baseUrl']);
    assert.deepEqual(problems, []);
  });

  it('an invalid value is a problem and the layer below is kept; an invalid style or line length too', () => {
    const dir = tree({ 'pyproject.toml': '[tool.docwright]\nmax-nesting = "deep"\nstyle = "pep8"\nline-length = 10\n[tool.docwright.llm]\ntemperature = "hot"\n' });
    const resolver = new ProjectResolver(cliHost(dir));
    const project = resolver.project(dir);
    assert.deepEqual(project.problems.map((p) => p.key), ['maxNesting', 'llm.temperature', 'style', 'lineLength']);
    assert.deepEqual([project.settings.maxNesting, project.settings.llm.temperature], [4, 0.2]);
    assert.deepEqual(resolver.conventions(project).lineLength, 88);
    assert.deepEqual(resolver.conventions(project).style, { style: 'google', source: 'default' });
  });

  it('a folder reads its own pyproject.toml; a file its folder\'s, found upwards', () => {
    const dir = tree({ 'pyproject.toml': '[tool.docwright]\nmax-nesting = 2\n', 'pkg/deep/m.py': '' });
    const resolver = new ProjectResolver(editorHost(dir));
    for (const target of [dir, path.join(dir, 'pkg'), path.join(dir, 'pkg/deep/m.py')]) {
      const project = resolver.project(target);
      assert.deepEqual([project.pyproject, project.root, project.settings.maxNesting], [path.join(dir, 'pyproject.toml'), dir, 2], target);
    }
  });

  it('an unreadable pyproject.toml decides nothing and says why, naming the file', () => {
    const dir = tree({ 'pyproject.toml': '[tool.docwright\nmax-nesting = 2\n' });
    const project = new ProjectResolver(cliHost(dir)).project(dir);
    assert.match(project.error!, new RegExp(`^${path.join(dir, 'pyproject.toml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    assert.deepEqual([project.settings, project.decided], [DEFAULT_SETTINGS, []]);
  });

  it('a relative path (an untitled document) has no project: never the working directory\'s', () => {
    const project = new ProjectResolver(cliHost(process.cwd())).project('Untitled-1');
    assert.deepEqual([project.pyproject, project.settings], [undefined, DEFAULT_SETTINGS]);
  });

  it('mergeSettings: only the given keys, each checked on its own; overrides last', () => {
    const merged = mergeSettings(DEFAULT_SETTINGS, { maxCyclomatic: 3, maxCognitive: 0, enable: false }, PROJECT_KEYS, { maxNesting: 9 });
    assert.deepEqual([merged.settings.maxCyclomatic, merged.settings.maxCognitive, merged.settings.enable, merged.settings.maxNesting], [3, 15, true, 9]);
    assert.deepEqual(merged.problems.map((p) => p.key), ['maxCognitive']);
    assert.deepEqual(merged.decided, ['maxCyclomatic', 'maxCognitive']);
  });
});

describe('ProjectResolver: excludes, each relative to where it was written', () => {
  const files = {
    'pyproject.toml': '[tool.docwright]\nexclude = ["src/generated"]\n',
    'src/app.py': '', 'src/generated/models.py': '', 'src/vendor/lib.py': '', 'src/.venv/lib.py': '',
  };

  it('[tool.docwright] exclude: the pyproject.toml\'s folder; the host\'s patterns: the host\'s folder (here the CLI run from src/)', () => {
    const dir = tree(files);
    const src = path.join(dir, 'src');
    const resolver = new ProjectResolver(cliHost(src));
    const project = resolver.project(src, { exclude: ['vendor/*.py'] });
    assert.deepEqual(project.exclude, [{ patterns: ['src/generated'], base: dir }, { patterns: ['vendor/*.py'], base: src }]);
    const skipped = ['app.py', 'generated/models.py', 'vendor/lib.py', '.venv/lib.py'].filter((f) => resolver.excluded(path.join(src, f), project));
    assert.deepEqual(skipped, ['generated/models.py', 'vendor/lib.py', '.venv/lib.py']);
    assert.deepEqual(collectFiles([src], project.exclude, src).files.map((f) => path.relative(src, f)), ['app.py']);
  });

  it('the editor\'s docwright.exclude, when the project sets none, is relative to the workspace folder', () => {
    const dir = tree({ ...files, 'pyproject.toml': '[tool.docwright]\nmax-nesting = 3\n' });
    const editor = parseSettings({ exclude: ['src/vendor'] }).settings;
    const resolver = new ProjectResolver(editorHost(dir));
    const project = resolver.project(path.join(dir, 'src/vendor/lib.py'), { base: editor });
    assert.deepEqual(project.exclude[0], { patterns: ['src/vendor'], base: dir });
    assert.equal(resolver.excluded(path.join(dir, 'src/vendor/lib.py'), project), true);
    assert.equal(resolver.excluded(path.join(dir, 'src/app.py'), project), false);
  });

  it('a file in no workspace folder and no project: its own folder is the base', () => {
    const dir = tree({ 'gen/x.py': '' });
    const project = new ProjectResolver(editorHost()).project(path.join(dir, 'gen/x.py'), { base: parseSettings({ exclude: ['x.py'] }).settings });
    assert.deepEqual([project.root, project.exclude[0]!.base, project.hostFolder], [path.join(dir, 'gen'), path.join(dir, 'gen'), undefined]);
  });
});

describe('ProjectResolver: the docstring style and the line length', () => {
  it('the host\'s explicit style > [tool.docwright] style > ruff\'s convention > the sample > Google', () => {
    const dir = tree({ 'pyproject.toml': '[tool.docwright]\nstyle = "sphinx"\n[tool.ruff.lint.pydocstyle]\nconvention = "numpy"\n', 'g.py': GOOGLE });
    const styleOf = (pyproject: string, style: 'auto' | 'google' | 'numpy' | 'sphinx') => {
      writeFileSync(path.join(dir, 'pyproject.toml'), pyproject);
      const resolver = new ProjectResolver(cliHost(dir));
      return resolver.conventions(resolver.project(dir, { overrides: style === 'auto' ? {} : { style } })).style;
    };
    assert.deepEqual(styleOf('[tool.docwright]\nstyle = "sphinx"\n[tool.ruff.lint.pydocstyle]\nconvention = "numpy"\n', 'numpy'), { style: 'numpy', source: 'setting' });
    assert.deepEqual(styleOf('[tool.docwright]\nstyle = "sphinx"\n[tool.ruff.lint.pydocstyle]\nconvention = "numpy"\n', 'auto'), { style: 'sphinx', source: '[tool.docwright] style' });
    assert.deepEqual(styleOf('[tool.ruff.lint.pydocstyle]\nconvention = "numpy"\n', 'auto'), { style: 'numpy', source: 'ruff pydocstyle convention' });
    assert.deepEqual(styleOf('[project]\nname = "x"\n', 'auto'), { style: 'google', source: 'most existing docstrings' });
    rmSync(path.join(dir, 'g.py'));
    assert.deepEqual(styleOf('[project]\nname = "x"\n', 'auto'), { style: 'google', source: 'default' });
  });

  it('the sample: every notebook cell counts; the project\'s excludes, .gitignore and virtual environments do not', () => {
    const dir = tree({
      'pyproject.toml': '[tool.docwright]\nexclude = ["generated"]\n',
      '.gitignore': 'scratch/\n',
      'src/a.py': GOOGLE,
      'nb.ipynb': notebook(SPHINX, SPHINX.replace('def s(', 'def t(')),
      'generated/n.py': `${NUMPY}\n${NUMPY}\n${NUMPY}`,
      'scratch/n.py': `${NUMPY}\n${NUMPY}\n${NUMPY}`,
      '.venv/lib/n.py': `${NUMPY}\n${NUMPY}\n${NUMPY}`,
    });
    for (const resolver of [new ProjectResolver(cliHost(dir)), new ProjectResolver(editorHost(dir))]) {
      assert.deepEqual(resolver.conventions(resolver.project(path.join(dir, 'src/a.py'))).style, { style: 'sphinx', source: 'most existing docstrings' });
    }
  });

  it('the editor walks only inside its folders: a project above the folder is sampled from the folder; a file in none is its own sample', () => {
    const dir = tree({ 'pyproject.toml': '[project]\nname = "x"\n', 'n.py': `${NUMPY}\n${NUMPY}`, 'folder/g.py': GOOGLE, 'loose/s.py': '' });
    const folder = path.join(dir, 'folder');
    const inFolder = new ProjectResolver(editorHost(folder));
    const project = inFolder.project(path.join(folder, 'g.py'));
    assert.deepEqual([project.root, project.hostFolder], [dir, folder]);
    assert.equal(inFolder.conventions(project).style.style, 'google');
    const loose = new ProjectResolver(editorHost(folder));
    assert.equal(loose.conventions(loose.project(path.join(dir, 'loose/s.py')), SPHINX).style.style, 'sphinx');
    // The CLI reads the whole project.
    const cli = new ProjectResolver(cliHost(folder));
    assert.equal(cli.conventions(cli.project(folder)).style.style, 'numpy');
  });

  it('the sample is taken once per project until cleared', () => {
    const dir = tree({ 'a.py': GOOGLE });
    const resolver = new ProjectResolver(cliHost(dir));
    assert.equal(resolver.conventions(resolver.project(dir)).style.style, 'google');
    writeFileSync(path.join(dir, 'b.py'), `${NUMPY}\n${NUMPY}`);
    assert.equal(resolver.conventions(resolver.project(dir)).style.style, 'google');
    resolver.clear();
    assert.equal(resolver.conventions(resolver.project(dir)).style.style, 'numpy');
  });

  it('the sample walk is bounded in files and directories', () => {
    const dir = tree({ 'a.py': '', 'b.py': '', 'c.py': '', 'd/e.py': '', 'f/g.py': '' });
    assert.deepEqual(collectFiles([dir], [], dir, { limit: { files: 2, directories: 10 } }).files.map((f) => path.relative(dir, f)), ['a.py', 'b.py']);
    assert.deepEqual(collectFiles([dir], [], dir, { limit: { files: 10, directories: 2 } }).files.map((f) => path.relative(dir, f)), ['a.py', 'b.py', 'c.py', 'd/e.py']);
  });

  it('line length: [tool.docwright] line-length > ruff\'s line-length > the host\'s', () => {
    const dir = tree({});
    const lineLength = (pyproject: string, host = DEFAULT_SETTINGS) => {
      writeFileSync(path.join(dir, 'pyproject.toml'), pyproject);
      const resolver = new ProjectResolver(editorHost(dir));
      return resolver.conventions(resolver.project(dir, { base: host })).lineLength;
    };
    assert.equal(lineLength('[tool.docwright]\nline-length = 60\n[tool.ruff]\nline-length = 72\n'), 60);
    assert.equal(lineLength('[tool.ruff]\nline-length = 72\n'), 72);
    assert.equal(lineLength('[tool.ruff]\nline-length = 72\n', parseSettings({ lineLength: 100 }).settings), 72);
    assert.equal(lineLength('[project]\nname = "x"\n', parseSettings({ lineLength: 100 }).settings), 100);
    assert.equal(lineLength('[project]\nname = "x"\n'), 88);
  });
});

describe('the state directory, the version and export names', () => {
  it('DOCWRIGHT_CACHE_DIR > the host\'s folder > $XDG_CACHE_HOME/docwright > ~/.cache/docwright', () => {
    assert.equal(stateDirectory({ DOCWRIGHT_CACHE_DIR: '/s', XDG_CACHE_HOME: '/x' }, '/vscode'), '/s');
    assert.equal(stateDirectory({ XDG_CACHE_HOME: '/x' }, '/vscode'), '/vscode');
    assert.equal(stateDirectory({ XDG_CACHE_HOME: '/x' }), path.join('/x', 'docwright'));
    assert.equal(stateDirectory({ DOCWRIGHT_CACHE_DIR: '', XDG_CACHE_HOME: '' }), path.join(homedir(), '.cache', 'docwright'));
  });

  it('VERSION is package.json\'s', () => {
    assert.equal(VERSION, (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('export names count from above the outermost package holding the root', () => {
    const dir = tree({ 'src/pkg/__init__.py': '', 'src/pkg/sub/__init__.py': '', 'src/pkg/sub/mod.py': '', 'scripts/tool.py': '' });
    assert.equal(exportBase(path.join(dir, 'src/pkg/sub')), path.join(dir, 'src'));
    assert.equal(exportBase(path.join(dir, 'src/pkg/sub/mod.py')), path.join(dir, 'src'));
    assert.equal(exportBase(path.join(dir, 'src')), path.join(dir, 'src'));
    assert.equal(exportBase(path.join(dir, 'scripts/tool.py')), path.join(dir, 'scripts'));
  });

  it('a path is shown relative to the host\'s folder when inside it', () => {
    assert.equal(displayPath(path.join('/w', 'src', 'm.py'), '/w'), 'src/m.py');
    assert.equal(displayPath('/elsewhere/m.py', '/w'), '/elsewhere/m.py');
  });
});
