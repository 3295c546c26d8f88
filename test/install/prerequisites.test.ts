import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO } from '../lsp/lspClient';

/** A dpkg-query that knows only `installed`, answering as the real one does for -W -f='${Package} ${db:Status-Status}\n'. */
function fakeDpkg(dir: string, installed: string[]): string {
  const bin = path.join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  const lines = installed.map((name) => `${name} installed`).join('\\n');
  writeFileSync(path.join(bin, 'dpkg-query'), `#!/bin/sh\nprintf '${lines}${installed.length ? '\\n' : ''}'\nexit 1\n`);
  chmodSync(path.join(bin, 'dpkg-query'), 0o755);
  return bin;
}

/** A fresh machine is told what to install in one line, by the e2e launcher and by npm test's first step. */
describe('the test prerequisites', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'docwright-prereq-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the e2e launcher names the missing Debian packages in one line, with no stack trace', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${fakeDpkg(dir, ['python3'])}:${process.env.PATH}` };
    delete env.CHROMIUM_PATH;
    const result = spawnSync(process.execPath, [path.join(REPO, 'test/e2e/launch.mjs')], { env, encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'the e2e suite needs Debian packages that are not installed: apt-get install -y chromium ripgrep libkrb5-dev (or run bash .ci/run)\n');
  });

  it('npm test\'s first step names what the suites need; --missing lists it for .ci/run', () => {
    const script = path.join(REPO, 'test/prerequisites.mjs');
    const all = spawnSync(process.execPath, [script, '--missing'], { encoding: 'utf8' }).stdout;
    assert.equal(all, '', 'this machine itself lacks Debian packages the suites need');
    const lacking = ['pre-commit', 'python3-scipy'];
    const listed = spawnSync(process.execPath, ['--input-type=module', '-e', `import { TEST_PACKAGES } from ${JSON.stringify(script)}; process.stdout.write(JSON.stringify(TEST_PACKAGES))`], { encoding: 'utf8' });
    const packages = JSON.parse(listed.stdout) as string[];
    assert.ok(packages.includes('chromium') && packages.includes('pre-commit') && packages.includes('python3-scipy') && packages.length > 30, listed.stdout);
    const installed = packages.filter((name) => !lacking.includes(name));
    const env = { ...process.env, PATH: `${fakeDpkg(dir, installed)}:${process.env.PATH}` };
    const check = spawnSync(process.execPath, [script], { env, encoding: 'utf8' });
    assert.equal(check.status, 1);
    assert.equal(check.stderr, `npm test needs Debian packages that are not installed: apt-get install -y ${lacking.join(' ')} (or run bash .ci/run)\n`);
    assert.equal(spawnSync(process.execPath, [script, '--missing'], { env, encoding: 'utf8' }).stdout, lacking.join(' '));
  });
});
