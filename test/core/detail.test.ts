import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PythonAnalyzer } from '../../server/src/core/analysis/analyzer';
import { findings } from '../../server/src/core/rules/findings';
import type { Detail } from '../../server/src/core/analysis/skeleton';
import { detailFor } from '../../server/src/cli/fileJob';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/shared/settings';
import { REPO, setup } from './helpers';

/**
 * `docwright check` reads only what its selected codes need: the `diagnostics` detail when
 * DW4xx are off, the `check` detail (DW4xx facts for documented definitions only) when they
 * are on. Either way its findings must equal the full analysis'.
 */
describe('check reads less and finds the same as the full analysis', () => {
  const files: string[] = [];
  const collect = (dir: string, limit: number) => {
    for (const name of readdirSync(dir).sort()) {
      if (files.length >= limit) return;
      if (name.endsWith('.py')) files.push(path.join(dir, name));
    }
  };
  collect(path.join(REPO, 'examples/shop/shop'), 10);
  const stdlib = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).stdout?.trim();
  if (stdlib) collect(stdlib, 150);

  // A class docstring documents its undocumented `__init__`'s parameters: DW4xx on the class
  // need them even though `__init__` has no docstring of its own.
  const classDocumentsInit = [
    'class Box:',
    '    """A box.',
    '',
    '    Args:',
    '        width: The width.',
    '        depth: Gone from the signature.',
    '    """',
    '',
    '    def __init__(self, width, height):',
    '        self.width = width',
    '',
  ].join('\n');

  const compare = async (detail: Detail, settings: Settings) => {
    const { grammar } = await setup();
    const full = new PythonAnalyzer(grammar.language, 'full');
    const lean = new PythonAnalyzer(grammar.language, detail);
    const parser = grammar.newParser();
    const counts = new Map<string, number>();
    for (const file of ['<class documents __init__>', ...files]) {
      let source: string;
      try {
        source = file.startsWith('<') ? classDocumentsInit : new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
      } catch {
        continue;
      }
      const tree = parser.parse(source)!;
      const a = findings(full.analyze(tree, source), { path: file }, source, settings);
      const b = findings(lean.analyze(tree, source), { path: file }, source, settings);
      assert.deepEqual(b, a, file);
      if (file.startsWith('<') && detail === 'check') assert.ok(a.some((f) => f.code.startsWith('DW4')), 'the class case must have DW4xx findings');
      for (const f of a) counts.set(f.code.slice(0, 3), (counts.get(f.code.slice(0, 3)) ?? 0) + 1);
      tree.delete();
    }
    parser.delete();
    return counts;
  };

  it(`diagnostics detail with DW4xx off, on ${files.length} files`, async () => {
    const settings = { ...DEFAULT_SETTINGS, maxCyclomatic: 3, maxCognitive: 3, maxNesting: 2, ignore: ['DW4'] };
    assert.equal(detailFor('check', settings), 'diagnostics');
    const counts = await compare('diagnostics', settings);
    assert.ok((counts.get('DW1') ?? 0) > 0 && (counts.get('DW9') ?? 0) > 0);
  });

  it(`check detail with every code on, on ${files.length} files`, async () => {
    const settings = { ...DEFAULT_SETTINGS, maxCyclomatic: 3, maxCognitive: 3, maxNesting: 2 };
    assert.equal(detailFor('check', settings), 'check');
    const counts = await compare('check', settings);
    // The comparison means something only if every family was found.
    for (const family of ['DW1', 'DW4', 'DW9']) assert.ok((counts.get(family) ?? 0) > 0, family);
  });
});
