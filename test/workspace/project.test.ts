import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/core/rules/registry';
import { isExcludedPath } from '../../server/src/workspace/files';
import { mergeSettings } from '../../server/src/workspace/resolver';
import { DEFAULT_SETTINGS, parseSettings, PROJECT_KEYS, settingsSchema, type Settings } from '../../server/src/shared/settings';
import { REPO } from '../core/helpers';

const NESTED = { llm: true };

describe('project invariants', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  type Contributed = { type: string; default: unknown; order?: number; description?: string; markdownDescription?: string };
  const sections = manifest.contributes.configuration as { title: string; order: number; properties: Record<string, Contributed> }[];
  const properties: Record<string, Contributed> = Object.assign({}, ...sections.map((s) => s.properties));

  it('package.json groups the settings in ordered, titled sections, each setting ordered and described in Markdown', () => {
    assert.deepEqual(sections.map((s) => [s.order, s.title]), [[1, 'Thresholds and codes'], [2, 'Docstrings'], [3, 'LLM'], [4, 'Advanced']]);
    assert.deepEqual(Object.keys(sections[0]!.properties).slice(0, 4), ['docwright.enable', 'docwright.maxCyclomatic', 'docwright.maxCognitive', 'docwright.maxNesting']);
    assert.equal(Object.keys(sections[2]!.properties)[0], 'docwright.llm.provider');
    for (const section of sections) {
      assert.deepEqual(Object.values(section.properties).map((p) => p.order), Object.keys(section.properties).map((_, i) => i + 1), section.title);
      for (const [key, p] of Object.entries(section.properties)) {
        assert.ok(p.markdownDescription && p.markdownDescription.length > 20, `${key} has a markdownDescription`);
        assert.equal(p.description, undefined, `${key}: one description, in Markdown`);
      }
    }
  });

  it('package.json contributes.configuration lists the schema keys, types and defaults', () => {
    // Nested tables (docwright.llm.*) are contributed key by key, as VS Code shows them.
    const flat: [string, unknown][] = Object.entries(DEFAULT_SETTINGS).flatMap(([key, value]) =>
      key in NESTED ? Object.entries(value as object).map(([k, v]) => [`${key}.${k}`, v] as [string, unknown]) : [[key, value] as [string, unknown]]);
    assert.deepEqual(Object.keys(properties).sort(), flat.map(([k]) => `docwright.${k}`).sort());
    assert.deepEqual(Object.keys(settingsSchema.shape).sort(), [...new Set(flat.map(([k]) => k.split('.')[0]!))].sort());
    for (const [key, value] of flat) {
      const contributed = properties[`docwright.${key}`]!;
      assert.deepEqual(contributed.default, value, key);
      const jsType = Array.isArray(value) ? 'array' : Number.isInteger(value) && contributed.type !== 'number' ? 'integer' : typeof value;
      assert.equal(contributed.type, jsType, key);
    }
  });

  it('a bad value in a nested table resets only that key', () => {
    const { settings, problems } = parseSettings({ llm: { provider: 'openai', temperature: 'hot' } });
    assert.deepEqual(problems.map((p) => p.key), ['llm.temperature']);
    assert.equal(settings.llm.provider, 'openai');
    assert.equal(settings.llm.temperature, 0.2);
  });

  it('invalid settings are reported and replaced by their defaults', () => {
    const { settings, problems } = parseSettings({ maxCyclomatic: 'ten', maxNesting: 6, severity: { DW901: 'loud' } });
    assert.deepEqual(problems.map((p) => p.key), ['maxCyclomatic', 'severity']);
    assert.deepEqual([settings.maxCyclomatic, settings.maxNesting, settings.severity], [10, 6, {}]);
  });

  it('the grammar wasm matches grammars/SOURCE.md', () => {
    const source = readFileSync(path.join(REPO, 'grammars/SOURCE.md'), 'utf8');
    const recorded = /\| tree-sitter-python\.wasm \| tree-sitter-python \| 0\.25\.0 \| ([0-9a-f]{64}) \|/.exec(source)![1];
    const actual = createHash('sha256').update(readFileSync(path.join(REPO, 'grammars/tree-sitter-python.wasm'))).digest('hex');
    assert.equal(actual, recorded);
  });

  it('docs/codes.md describes every code under its own anchor', () => {
    const doc = readFileSync(path.join(REPO, 'docs/codes.md'), 'utf8');
    for (const { code } of RULES) assert.match(doc, new RegExp(`^## ${code}\\b`, 'm'), code);
  });

  it('engines.vscode allows VS Code 1.100', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
  });
});

/** The editor's merge: its settings, then the keys a project decides there. */
const withProjectSettings = (editor: Settings, project: Record<string, unknown>) => mergeSettings(editor, project, PROJECT_KEYS);

describe("a project's [tool.docwright] in the editor", () => {
  it('decides thresholds, codes, severities, excludes and the size limit over the editor settings', () => {
    const editor = parseSettings({ maxCyclomatic: 8, maxNesting: 6, select: ['DW9'] }).settings;
    const { settings, problems } = withProjectSettings(editor, {
      maxCyclomatic: 12, ignore: ['DW105'], severity: { DW901: 'error' }, exclude: ['migrations'], maxFileSizeKb: 64,
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [settings.maxCyclomatic, settings.maxNesting, settings.select, settings.ignore, settings.severity, settings.exclude, settings.maxFileSizeKb],
      [12, 6, ['DW9'], ['DW105'], { DW901: 'error' }, ['migrations'], 64],
    );
  });

  it('never takes LLM, style or editor-only settings from the project (a repository must not redirect the API key)', () => {
    const editor = parseSettings({ llm: { provider: 'openai' } }).settings;
    const { settings } = withProjectSettings(editor, {
      llm: { provider: 'compatible', baseUrl: 'http://127.0.0.1:9/steal' }, enable: false, diagnosticsDelayMs: 900, batchScope: 'all',
    });
    assert.deepEqual(settings, editor);
  });

  it('an invalid project value is reported and the editor value kept', () => {
    const editor = parseSettings({ maxCognitive: 20 }).settings;
    const { settings, problems } = withProjectSettings(editor, { maxCognitive: 'many', maxNesting: 0 });
    assert.deepEqual(problems.map((p) => p.key), ['maxCognitive', 'maxNesting']);
    assert.deepEqual([settings.maxCognitive, settings.maxNesting], [20, 4]);
  });
});

describe('which open files a check run would skip (isExcludedPath)', () => {
  const root = '/work/proj';
  const cases: [string, string[], boolean][] = [
    ['/work/proj/app/models.py', [], false],
    ['/work/proj/app/models.py', ['models.py'], true],
    ['/work/proj/app/models.py', ['app/*.py'], true],
    ['/work/proj/app/migrations/0001_initial.py', ['migrations'], true],
    ['/work/proj/app/migrations/0001_initial.py', ['**/migrations/**'], true],
    ['/work/proj/app/migrations/0001_initial.py', ['app/models.py'], false],
    ['/work/proj/.venv/lib/python3.11/site-packages/requests/api.py', [], true],
    ['/work/proj/build/venv/x.py', [], true],
    ['/usr/lib/python3/dist-packages/site-packages/lib.py', [], true],
    ['/usr/lib/python3.11/json/__init__.py', ['json'], false],
    ['/work/proj/venv.py', [], false],
  ];
  for (const [file, patterns, expected] of cases) {
    it(`${file} with ${JSON.stringify(patterns)}: ${expected ? 'skipped' : 'checked'}`, () => {
      assert.equal(isExcludedPath(file, root, patterns), expected);
    });
  }
});
