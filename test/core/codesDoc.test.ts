import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderCodesDoc } from '../../server/src/core/rules/codesDoc';
import { RULES, docsAnchor } from '../../server/src/core/rules/registry';
import { REPO } from './helpers';

const SCRIPT = path.join(REPO, 'scripts', 'codes-doc.mjs');

function runScript(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: REPO, encoding: 'utf8' });
}

/** How GitHub and VS Code's Markdown preview turn a heading into its anchor. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

describe('docs/codes.md', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'docwright-codes-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is what the rules registry writes (run npm run docs:codes after changing a rule)', () => {
    const current = readFileSync(path.join(REPO, 'docs', 'codes.md'), 'utf8');
    assert.ok(current === renderCodesDoc(), 'docs/codes.md differs from the rules registry: run npm run docs:codes');
  });

  it('is written by scripts/codes-doc.mjs, whose --check fails on a file that drifted', () => {
    const out = path.join(dir, 'codes.md');
    const written = runScript('--out', out);
    assert.equal(written.status, 0, written.stderr);
    assert.equal(readFileSync(out, 'utf8'), renderCodesDoc());
    assert.equal(runScript('--check', '--out', out).status, 0);
    writeFileSync(out, renderCodesDoc().replace('Peer: Sonar S3776.', 'Peer: none.'));
    const drifted = runScript('--check', '--out', out);
    assert.equal(drifted.status, 1);
    assert.match(drifted.stderr, /differs from the rules registry: run npm run docs:codes/);
  });

  it('gives every code its own heading, at the anchor diagnostics link to', () => {
    const headings = renderCodesDoc().split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
    assert.deepEqual(headings, RULES.map((r) => r.code));
    for (const heading of headings) assert.equal(slug(heading), docsAnchor(heading));
  });

  it("carries each code's title, default severity and docs", () => {
    const doc = renderCodesDoc();
    const sections = new Map(doc.split('\n## ').slice(1).map((text) => [text.slice(0, text.indexOf('\n')), text]));
    for (const rule of RULES) {
      const section = sections.get(rule.code) ?? '';
      assert.ok(section.includes(`\n\n${rule.docs}\n`), rule.code);
      assert.ok(section.includes(`· ${rule.severity} by default`), rule.code);
      assert.ok(doc.includes(`| [${rule.code}](#${docsAnchor(rule.code)}) |`), rule.code);
    }
    assert.match(doc, /^\*\*Missing docstring in `__init__`\*\* · Missing docstrings · information by default$/m);
  });
});
