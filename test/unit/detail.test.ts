import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PythonAnalyzer } from '../../server/src/analysis/analyzer';
import { findings } from '../../server/src/analysis/findings';
import { detailFor } from '../../server/src/cli/fileJob';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { REPO, setup } from './helpers';

/**
 * `docwright check` analyses with the lean query when DW4xx (which need parameters and
 * raises) are off: its findings must then equal the full analysis'.
 */
describe('diagnostics detail gives the same findings as full detail', () => {
  const files: string[] = [];
  const collect = (dir: string, limit: number) => {
    for (const name of readdirSync(dir).sort()) {
      if (files.length >= limit) return;
      if (name.endsWith('.py')) files.push(path.join(dir, name));
    }
  };
  collect(path.join(REPO, 'examples/shop/shop'), 10);
  const stdlib = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).stdout?.trim();
  if (stdlib) collect(stdlib, 80);

  it(`on ${files.length} files`, async () => {
    const { grammar } = await setup();
    const full = new PythonAnalyzer(grammar.language, 'full');
    const lean = new PythonAnalyzer(grammar.language, 'diagnostics');
    const parser = grammar.newParser();
    let compared = 0;
    for (const file of files) {
      let source: string;
      try {
        source = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
      } catch {
        continue;
      }
      const tree = parser.parse(source)!;
      const settings = { ...DEFAULT_SETTINGS, maxCyclomatic: 3, maxCognitive: 3, maxNesting: 2, ignore: ['DW4'] };
      assert.equal(detailFor('check', settings), 'diagnostics');
      const a = findings(full.analyze(tree, source), { path: file }, source, settings);
      const b = findings(lean.analyze(tree, source), { path: file }, source, settings);
      assert.deepEqual(b, a, file);
      compared += a.length;
      tree.delete();
    }
    assert.ok(compared > 0);
  });
});
