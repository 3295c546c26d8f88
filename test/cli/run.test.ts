import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../server/src/cli/io';
import { run } from '../../server/src/cli/main';
import { HostStats } from '../../server/src/core/stats/figures';

const REPO = path.resolve(__dirname, '../../..');
const SHOP = path.join(REPO, 'examples/shop');

/** An in-process run's output, captured; the wasm files and worker.js come from the bundle in dist/. */
function capture(env: NodeJS.ProcessEnv = {}): { io: Partial<CliIo>; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env, distDir: path.join(REPO, 'dist') },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

/** How the CLI names a file under examples/shop from this process's working directory. */
function shown(file: string): string {
  return path.relative(process.cwd(), path.join(SHOP, file)).split(path.sep).join('/');
}

describe('the CLI as a module: run(argv, io)', () => {
  it('importing it runs nothing: no output, no exit status, no signal handler', async () => {
    const modulePath = require.resolve('../../server/src/cli/main');
    delete require.cache[modulePath];
    const written: string[] = [];
    const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
    const sigints = process.listenerCount('SIGINT');
    const exitCode = process.exitCode;
    process.stdout.write = (chunk: string | Uint8Array) => written.push(String(chunk)) > 0;
    process.stderr.write = (chunk: string | Uint8Array) => written.push(String(chunk)) > 0;
    try {
      const reloaded: { run?: unknown } = require(modulePath);
      // A module that ran a command on import would have written by the time its promise settles.
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(typeof reloaded.run, 'function');
    } finally {
      process.stdout.write = writes.stdout;
      process.stderr.write = writes.stderr;
    }
    assert.deepEqual(written, []);
    assert.equal(process.exitCode, exitCode);
    assert.equal(process.listenerCount('SIGINT'), sigints);
  });

  it('check runs in-process: the findings on its stdout, the summary on its stderr, exit status 1', async () => {
    const { io, stdout, stderr } = capture();
    const code = await run(['check', SHOP, '--no-cache'], io);
    assert.equal(code, 1);
    assert.equal(stdout(), [
      `${shown('shop/__init__.py')}:1:1: DW104 Missing docstring in public package`,
      `${shown('shop/cart.py')}:7:7: DW101 Missing docstring in public class: \`Item\``,
      `${shown('shop/cart.py')}:19:9: DW102 Missing docstring in public method: \`Cart.add\``,
      `${shown('shop/cart.py')}:30:9: DW105 Missing docstring in magic method: \`Cart.__len__\``,
      `${shown('shop/pricing.py')}:4:5: DW103 Missing docstring in public function: \`price_for\``,
      `${shown('shop/pricing.py')}:4:5: DW901 \`price_for\` is too complex: cyclomatic complexity 18 > 10 (rank C)`,
      `${shown('shop/pricing.py')}:4:5: DW902 \`price_for\` is too hard to follow: cognitive complexity 37 > 15`,
      `${shown('shop/pricing.py')}:4:5: DW903 \`price_for\` nests too deeply: depth 6 > 4`,
    ].join('\n') + '\n');
    assert.equal(stderr(), 'Found 8 problems in 3 of 3 files. Limits: cyclomatic 10, cognitive 15, nesting 4.\n');
  });

  it('the result cache goes where the io\'s environment says, and the second run reads it', async () => {
    const state = mkdtempSync(path.join(tmpdir(), 'docwright-run-state-'));
    try {
      const first = capture({ DOCWRIGHT_CACHE_DIR: state });
      assert.equal(await run(['check', SHOP, '--select', 'DW9', '--format', 'text'], first.io), 1);
      assert.equal(existsSync(path.join(state, 'check')), true);
      const second = capture({ DOCWRIGHT_CACHE_DIR: state });
      assert.equal(await run(['check', SHOP, '--select', 'DW9'], second.io), 1);
      assert.equal(second.stdout(), first.stdout());
      assert.equal(second.stderr(), 'Found 3 problems in 1 of 3 files, 3 unchanged since the last run (cached). Limits: cyclomatic 10, cognitive 15, nesting 4.\n');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  it('--stats prints the run\'s own figures on stderr after its output, stdout staying one JSON document', async () => {
    const state = mkdtempSync(path.join(tmpdir(), 'docwright-run-stats-'));
    try {
      const first = capture({ DOCWRIGHT_CACHE_DIR: state });
      const firstStats = new HostStats('cli', () => performance.now());
      assert.equal(await run(['check', SHOP, '--format', 'json', '--stats'], { ...first.io, stats: firstStats }), 1);
      const findings = JSON.parse(first.stdout()) as unknown[];
      assert.equal(findings.length, 8);
      const figures = (s: HostStats) => s.figures({ version: '', memory: { rssMb: 0, heapUsedMb: 0, externalMb: 0 }, files: s.files, today: { tokens: 0, usd: 0 } });
      const one = figures(firstStats);
      assert.deepEqual([one.parse.count, one.analysis.count, one.files, one.resultCache], [3, 3, { analysed: 3, cached: 0 }, { hits: 0, misses: 3, hitRate: 0 }]);
      assert.ok(one.parse.p50Ms! > 0 && one.analysis.p95Ms! >= one.analysis.p50Ms!);
      const lines = first.stderr().split('\n');
      assert.match(lines[0]!, /^Docwright 0\.1\.0 \(CLI run, up \d+\.\d s\)$/);
      assert.match(lines[1]!, /^ {2}parse {12}p50 \d+\.\d\d ms · p95 \d+\.\d\d ms \(3 samples\)$/);
      assert.deepEqual(lines.filter((l) => /^ {2}(files|result cache|answer cache|errors|circuit breaker|spent today) /.test(l)), [
        '  files            3 analysed, 0 from the result cache',
        '  result cache     0.0% (0 hits, 3 misses)',
        '  answer cache     – (0 hits, 0 misses)',
        '  errors           0 of 0 attempts (–)',
        '  circuit breaker  not used yet',
        '  spent today      0 tokens, $0.0000',
      ]);

      // The second run reads every file from the cache: nothing parsed.
      const second = capture({ DOCWRIGHT_CACHE_DIR: state });
      const secondStats = new HostStats('cli', () => performance.now());
      assert.equal(await run(['check', SHOP, '--format', 'json', '--stats'], { ...second.io, stats: secondStats }), 1);
      assert.equal(second.stdout(), first.stdout());
      const two = figures(secondStats);
      assert.deepEqual([two.parse.count, two.files, two.resultCache], [0, { analysed: 3, cached: 3 }, { hits: 3, misses: 0, hitRate: 1 }]);
      assert.match(second.stderr(), /\n {2}parse {12}p50 – · p95 – \(0 samples\)\n/);
      assert.match(second.stderr(), /\n {2}result cache {5}100\.0% \(3 hits, 0 misses\)\n/);
      const without = capture({ DOCWRIGHT_CACHE_DIR: state });
      await run(['check', SHOP, '--format', 'json'], without.io);
      assert.doesNotMatch(without.stderr(), /result cache/, 'only with --stats');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  it('a usage error is said on its stderr with the usage, and is exit status 2; --version is 0', async () => {
    const bad = capture();
    assert.equal(await run(['check', '--max-nesting', '0'], bad.io), 2);
    assert.equal(bad.stdout(), '');
    assert.match(bad.stderr(), /^docwright: --max-nesting needs a positive integer, got '0'\n\nUsage:\n {2}docwright check \[PATH\.\.\.\]/);
    const version = capture();
    assert.equal(await run(['--version'], version.io), 0);
    assert.equal(version.stdout(), '0.1.0\n');
  });
});
