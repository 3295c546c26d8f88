import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Documentation you can search and follow: `docwright search`, cross-references in the export, the HTML site in Chromium. */

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const FIXTURE = path.join(REPO, 'test/fixtures/docsite');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function copy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'docwright-docs-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('documentation you can search and follow', function () {
  this.timeout(60000);

  it('search: plain words find the definition whose docstring says them, best first, as JSON', () => {
    const result = run(['search', 'take money out without overdrawing', 'ledger', '--format', 'json', '--limit', '3'], FIXTURE);
    assert.equal(result.code, 0, result.stderr);
    const hits = JSON.parse(result.stdout) as { qualname: string; name: string; kind: string; file: string; line: number; summary: string; score: number }[];
    assert.equal(hits.length, 3);
    assert.deepEqual(Object.keys(hits[0]!), ['qualname', 'name', 'kind', 'file', 'line', 'summary', 'score']);
    assert.deepEqual({ ...hits[0]!, score: 0 }, {
      qualname: 'ledger.accounts.Account.withdraw', name: 'withdraw', kind: 'method', file: 'ledger/accounts.py', line: 18,
      summary: 'Take money out of the balance; refuses to overdraw.', score: 0,
    });
    assert.ok(hits[0]!.score > hits[1]!.score && hits[1]!.score >= hits[2]!.score);
    const text = run(['search', 'two decimal places'], FIXTURE);
    assert.equal(text.stdout.split('\n').slice(0, 2).join('\n'), 'ledger/money.py:4: function ledger.money.round_cents\n    Round an amount to two decimal places.');
    const none = run(['search', 'zyzzyva'], FIXTURE);
    assert.deepEqual([none.code, none.stdout], [1, 'No definition matches.\n']);
    assert.equal(run(['search'], FIXTURE).code, 2);
  });

  it('export: a call to a documented definition links to it, each entry lists Called by, the contents hold a package tree', () => {
    const dir = copy();
    const single = run(['export', 'ledger', '--out', 'api.md'], dir);
    assert.equal(single.code, 0, single.stderr);
    const text = readFileSync(path.join(dir, 'api.md'), 'utf8');
    assert.ok(text.includes('## Contents\n\n- [ledger](#module-ledger) (package)\n  - [accounts](#module-ledger-accounts)\n  - [money](#module-ledger-money)\n'));
    const section = (heading: string) => text.slice(text.indexOf(heading), text.indexOf('<a id=', text.indexOf(heading)));
    assert.match(section('#### method `Account.withdraw`'),
      /\*\*Calls:\*\* \[`ledger\.money\.is_negative`\]\(#ledger-money-is_negative\), \[`ledger\.money\.round_cents`\]\(#ledger-money-round_cents\)\n/);
    assert.match(section('#### method `Account.deposit`'), /\*\*Calls:\*\* \[`ledger\.money\.round_cents`\]\(#ledger-money-round_cents\), \[`ledger\.accounts\.Account\._log`\]/);
    assert.match(section('### function `round_cents`'),
      /\*\*Called by:\*\* \[`ledger\.accounts\.Account\.deposit`\]\(#ledger-accounts-account-deposit\), \[`ledger\.accounts\.Account\.withdraw`\]\(#ledger-accounts-account-withdraw\)\n/);
    assert.match(section('### function `open_account`'), /\*\*Calls:\*\* \[`ledger\.accounts\.Account`\]\(#ledger-accounts-account\)\n/);
    assert.doesNotMatch(section('#### method `Account.__init__`'), /Calls|Called by/);
    const ids = new Set([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    for (const [, anchor] of text.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(ids.has(anchor), `#${anchor} resolves`);

    assert.equal(run(['export', 'ledger', '--out', 'docs'], dir).code, 0);
    const money = readFileSync(path.join(dir, 'docs', 'ledger.money.md'), 'utf8');
    assert.match(money, /\*\*Called by:\*\* \[`ledger\.accounts\.Account\.deposit`\]\(ledger\.accounts\.md#ledger-accounts-account-deposit\)/);
    assert.ok(readFileSync(path.join(dir, 'docs', 'ledger.accounts.md'), 'utf8').includes('<a id="ledger-accounts-account-deposit"></a>'));
  });

  it('export --format html needs a folder', () => {
    const result = run(['export', 'ledger', '--format', 'html'], FIXTURE);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--format html needs --out DIR/);
  });

  describe('the HTML site in Chromium', () => {
    let browser: Browser;
    let site: string;

    before(async function () {
      if (!existsSync('/usr/bin/chromium')) this.skip();
      const dir = copy();
      const result = run(['export', 'ledger', '--format', 'html', '--out', 'site'], dir);
      assert.equal(result.code, 0, result.stderr);
      site = path.join(dir, 'site');
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    });
    after(async () => { await browser?.close(); });

    it('searches in the page, follows a cross-reference, and every anchor resolves', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(path.join(site, 'index.html')).href);
      await page.fill('#dw-search', 'audit trail');
      await page.waitForSelector('#dw-results li');
      assert.equal(await page.textContent('#dw-results li'), 'ledger.accounts.Account._log — Write an entry in the audit trail.');
      await page.fill('#dw-search', 'two decimal places');
      await page.waitForFunction("document.querySelector('#dw-results a')?.textContent === 'ledger.money.round_cents'");
      await page.press('#dw-search', 'Enter');
      await page.waitForURL(/ledger\.money\.html#ledger-money-round_cents$/);
      // Called by → the caller's section on another page.
      await page.click('#ledger-money-round_cents ~ .called-by a >> text=ledger.accounts.Account.withdraw');
      await page.waitForURL(/ledger\.accounts\.html#ledger-accounts-account-withdraw$/);
      assert.equal(await page.textContent('#ledger-accounts-account-withdraw'), 'method Account.withdraw');
      assert.deepEqual(errors, []);
      for (const file of ['index.html', 'ledger.html', 'ledger.accounts.html', 'ledger.money.html']) await assertAnchorsResolve(page, file);
    });

    async function assertAnchorsResolve(page: import('playwright-core').Page, file: string): Promise<void> {
      await page.goto(pathToFileURL(path.join(site, file)).href);
      const hrefs = await page.$$eval('main a[href]', (links) => links.map((a) => a.getAttribute('href')!));
      if (file !== 'ledger.html') assert.ok(hrefs.length > 0, file); // the package's page has no definitions to link
      for (const href of hrefs) {
        const [target, anchor] = href.split('#');
        await page.goto(pathToFileURL(path.join(site, target || file)).href);
        if (anchor) assert.equal(await page.locator(`[id="${anchor}"]`).count(), 1, `${file}: ${href}`);
      }
    }
  });
});
