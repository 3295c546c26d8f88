// Runs the e2e mocha suite inside a real VS Code: code-server 4.100.3 (VS Code 1.100.3)
// opened in Debian's Chromium through playwright-core. See shared/notes/real-vscode-e2e.md.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { codeServer, E2E_PACKAGES, ensureCodeServer, missingLine } from '../prerequisites.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUN_TIMEOUT_MS = 180_000;
const UI_TIMEOUT_MS = 30_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(port, deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('code-server did not become healthy');
}

/**
 * What the suite asks of the real UI, as a user would do it (quick picks, dialogs, the Refactor
 * Preview): click an element, or read the labels (aria-label, else the text) or checkbox states of
 * every element a selector matches, once the first is there. Playwright waits for each.
 */
async function driveUi(page, { action, selector }) {
  const target = page.locator(selector);
  if (action === 'click') {
    await target.first().click({ timeout: UI_TIMEOUT_MS });
    return null;
  }
  await target.first().waitFor({ timeout: UI_TIMEOUT_MS });
  if (action === 'texts') return target.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.innerText));
  if (action === 'checked') return target.evaluateAll((els) => els.map((e) => e.checked));
  throw new Error(`unknown UI action ${action}`);
}

async function readBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/** One launch: resolves with VS Code's exit code, or 'timeout' when it never reports one. */
async function launchOnce(attempt) {
  const home = mkdtempSync(path.join(tmpdir(), 'docwright-e2e-'));
  const workspace = path.join(home, 'workspace');
  mkdirSync(workspace);
  cpSync(path.join(repo, 'test/fixtures/e2e'), workspace, { recursive: true });
  const port = await freePort();
  // The suite asks for screenshots of the real VS Code (README figures) through this endpoint.
  let page;
  const shots = createHttpServer(async (req, res) => {
    if (req.url === '/ui') {
      try {
        const result = await driveUi(page, JSON.parse(await readBody(req)));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
      return;
    }
    const name = new URL(req.url ?? '/', 'http://x').searchParams.get('name') ?? 'shot';
    try {
      mkdirSync(path.join(repo, 'out/screenshots'), { recursive: true });
      await page?.screenshot({ path: path.join(repo, 'out/screenshots', `${name.replace(/[^\w-]/g, '_')}.png`) });
      res.writeHead(200).end('ok');
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  const shotsPort = await new Promise((resolve) => shots.listen(0, '127.0.0.1', () => resolve(shots.address().port)));
  const env = {
    ...process.env,
    HOME: home,
    TMPDIR: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    DOCWRIGHT_E2E_WORKSPACE: workspace,
    DOCWRIGHT_SCREENSHOT_URL: `http://127.0.0.1:${shotsPort}/`,
    DOCWRIGHT_UI_URL: `http://127.0.0.1:${shotsPort}/ui`,
  };
  const server = spawn(codeServer, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened',
    '--user-data-dir', path.join(home, 'user-data'), '--extensions-dir', path.join(home, 'extensions'),
  ], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const serverLog = [];
  server.stdout.on('data', (d) => serverLog.push(d.toString()));
  server.stderr.on('data', (d) => serverLog.push(d.toString()));
  let browser;
  try {
    await waitForHealth(port, Date.now() + 60_000);
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(path.join(repo, 'out/test/e2e/suite/index.js'))],
    ]);
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-sync', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let resolveExit;
    const exited = new Promise((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (!/open-vsx|telemetry|ENOTFOUND/.test(text)) process.stdout.write(`${text}\n`);
    });
    await page.goto(url);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS));
    const code = await Promise.race([exited, timeout]);
    if (code === 'timeout') {
      process.stderr.write(`attempt ${attempt}: VS Code never reported an exit code within ${RUN_TIMEOUT_MS / 1000} s\n`);
      process.stderr.write(serverLog.join('').split('\n').slice(-30).join('\n'));
    }
    return code;
  } finally {
    shots.close();
    await browser?.close().catch(() => undefined);
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function main() {
  // What is missing is said in one line, before anything is started.
  const missing = missingLine('the e2e suite', E2E_PACKAGES);
  if (missing) exitWith(missing);
  if (!existsSync(chromiumPath)) exitWith(`the e2e suite: Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  if (!ensureCodeServer()) process.exit(1);
  let code = await launchOnce(1);
  if (code === 'timeout') {
    process.stderr.write('relaunching once: the first launch timed out before the tests reported\n');
    code = await launchOnce(2);
  }
  if (code === 'timeout') {
    process.stderr.write('e2e: VS Code did not run the tests (timed out twice)\n');
    process.exit(1);
  }
  process.stdout.write(`e2e: VS Code reported exit code ${code}\n`);
  printTotal();
  process.exit(code);
}

function exitWith(line) {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

/** One closing line for the whole `npm test`: the suites record their counts in out/test-results. */
function printTotal() {
  const dir = path.join(repo, 'out/test-results');
  if (!existsSync(dir)) return;
  let passes = 0;
  let failures = 0;
  let pending = 0;
  for (const name of readdirSync(dir)) {
    const counts = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    passes += counts.passes;
    failures += counts.failures;
    pending += counts.pending;
  }
  process.stdout.write(`all: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}\n`);
}

main().catch((error) => {
  process.stderr.write(`e2e launcher failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
