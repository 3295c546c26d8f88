// What `npm test` needs from the machine besides `npm ci`: the Debian packages .ci/run installs,
// and code-server, installed before any suite so that none finds it missing.
// `node test/prerequisites.mjs` checks both and installs code-server; `--missing` prints the
// packages not installed, for an apt-get by hand.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The end-to-end suite: Chromium opens code-server's VS Code; code-server's install needs ripgrep and gssapi headers. */
export const E2E_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev'];

/**
 * Every Debian package the suites read or run: the e2e ones, python3 (its ast proves the
 * docstring-only invariant), pre-commit (the hooks' test), and the real code the stale-docstring
 * labels come from, which .ci/run's `for pkg in ...` loop lists as samples are added.
 */
export const TEST_PACKAGES = [...E2E_PACKAGES, 'python3', 'pre-commit', ...samplePackages()];

function samplePackages() {
  const ci = readFileSync(path.join(repo, '.ci/run'), 'utf8');
  const loop = /^for pkg in ([^;]+); do$/m.exec(ci);
  return loop ? loop[1].split(/[\s\\]+/).filter(Boolean) : [];
}

export const codeServer = path.join(repo, '.vscode-test/code-server/node_modules/.bin/code-server');

/** The packages dpkg does not have installed; none on a machine without dpkg, which cannot be asked. */
export function missingPackages(packages) {
  const wanted = packages.filter((name) => !(name === 'chromium' && process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)));
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...wanted], { encoding: 'utf8' });
  if (query.error) return [];
  const installed = new Set(query.stdout.split('\n').filter((line) => line.endsWith(' installed')).map((line) => line.split(' ')[0]));
  return wanted.filter((name) => !installed.has(name));
}

/** One line that says what to install, or undefined when nothing is missing. */
export function missingLine(what, packages) {
  const missing = missingPackages(packages);
  if (missing.length === 0) return undefined;
  return `${what} needs Debian packages that are not installed: apt-get install -y ${missing.join(' ')} (or run bash .ci/run)`;
}

/** Installs code-server into .vscode-test/ unless it is there; says so in one line when it cannot. */
export function ensureCodeServer() {
  if (existsSync(codeServer)) return true;
  const install = spawnSync('bash', [path.join(repo, 'test/e2e/install-code-server.sh')], { stdio: 'inherit' });
  if (install.status === 0) return true;
  process.stderr.write('installing code-server 4.100.3 into .vscode-test/ failed (see above); the e2e suite and the .vsix test need it\n');
  return false;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--missing')) {
    process.stdout.write(missingPackages(TEST_PACKAGES).join(' '));
  } else {
    const line = missingLine('npm test', TEST_PACKAGES);
    if (line) {
      process.stderr.write(`${line}\n`);
      process.exit(1);
    }
    if (!ensureCodeServer()) process.exit(1);
  }
}
