import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { ICruiseResult } from 'dependency-cruiser';
import { REPO } from './helpers';

/**
 * ARCHITECTURE.md's boundaries, enforced: the rules live in .dependency-cruiser.cjs, and this
 * cruises server/src and client/src with them. A second test cruises a made-up tree that
 * breaks every rule once, so a rule that matches nothing (a mistyped path) fails here too.
 */

const CONFIG = path.join(REPO, '.dependency-cruiser.cjs');

interface Cruised {
  violations: string[];
  modules: string[];
}

async function cruiseTree(baseDir: string, roots: string[]): Promise<Cruised> {
  // dependency-cruiser is ESM only; the tests are CommonJS, so it comes in through import().
  const { cruise } = await import('dependency-cruiser');
  const { default: extractDepcruiseOptions } = await import('dependency-cruiser/config-utl/extract-depcruise-options');
  const options = await extractDepcruiseOptions(CONFIG);
  const { output } = await cruise(roots, { ...options, baseDir });
  const result: ICruiseResult = typeof output === 'string' ? JSON.parse(output) : output;
  return {
    violations: result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort(),
    modules: result.modules.map((m) => m.source).filter((s) => /^(server|client)\//.test(s)).sort(),
  };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`;
    if (statSync(path.join(REPO, relative)).isDirectory()) return sourceFiles(relative);
    return relative.endsWith('.ts') ? [relative] : [];
  });
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

describe('boundaries (dependency-cruiser, .dependency-cruiser.cjs)', function () {
  this.timeout(120_000);

  it('server/src and client/src import only what ARCHITECTURE.md allows', async () => {
    const { violations, modules } = await cruiseTree(REPO, ['server/src', 'client/src']);
    assert.deepEqual(violations, [], `imports across the boundaries:\n  ${violations.join('\n  ')}`);
    // Every source file was cruised: a rule set that saw nothing would pass as well.
    const expected = [...sourceFiles('server/src'), ...sourceFiles('client/src')].sort();
    assert.deepEqual(modules.filter((m) => m.endsWith('.ts')), expected);
  });

  it('catches each kind of violation, type-only imports too, and lets the allowed ones be', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'docwright-boundaries-'));
    try {
      writeTree(root, {
        'node_modules/vscode-languageserver/package.json': '{"name":"vscode-languageserver","main":"index.js"}',
        'node_modules/vscode-languageserver/index.js': 'module.exports = {};\n',
        'node_modules/openai/package.json': '{"name":"openai","main":"index.js"}',
        'node_modules/openai/index.js': 'module.exports = {};\n',
        'server/src/shared/settings.ts': "import { parse } from '../core/parse';\nexport const s = parse;\n",
        'server/src/core/parse.ts': [
          "import { readFileSync } from 'node:fs';",
          "import * as path from 'path';",
          "import type { Connection } from 'vscode-languageserver';",
          "import OpenAI from 'openai';",
          "import type { Files } from '../workspace/files';",
          "import type { S } from '../shared/settings';",
          "import { nothing } from './missing';",
          'export const parse = [readFileSync, path, OpenAI, nothing];',
          'export type T = Connection | Files | S;',
          '',
        ].join('\n'),
        'server/src/workspace/files.ts': "import { parse } from '../core/parse';\nimport { serve } from '../lsp/server';\nimport 'vscode-languageserver';\nexport type Files = typeof parse | typeof serve;\n",
        'server/src/lsp/server.ts': "import { check } from '../cli/check';\nimport { parse } from '../core/parse';\nexport const serve = [check, parse];\n",
        'server/src/lsp/run.ts': "import { serve } from './server';\nexport const run = serve;\n",
        'server/src/cli/check.ts': "import { run } from '../lsp/run';\nimport { serve } from '../lsp/server';\nimport { helper } from '../../../test/helper';\nimport { activate } from '../../../client/src/extension';\nexport const check = [run, serve, helper, activate];\n",
        'client/src/extension.ts': "import { s } from '../../server/src/shared/settings';\nimport { parse } from '../../server/src/core/parse';\nexport const activate = [s, parse];\n",
        'test/helper.ts': 'export const helper = 1;\n',
      });
      const { violations } = await cruiseTree(root, ['server/src', 'client/src']);
      assert.deepEqual(violations, [
        'cli-does-not-import-lsp: server/src/cli/check.ts → server/src/lsp/run.ts',
        'cli-does-not-import-lsp: server/src/cli/check.ts → server/src/lsp/server.ts',
        'client-imports-only-shared: client/src/extension.ts → server/src/core/parse.ts',
        'core-does-no-io: server/src/core/parse.ts → node_modules/openai/index.js',
        'core-imports-nothing-above-it: server/src/core/parse.ts → server/src/workspace/files.ts',
        'core-uses-no-lsp: server/src/core/parse.ts → node_modules/vscode-languageserver/index.js',
        'core-uses-no-node-built-ins: server/src/core/parse.ts → fs',
        'core-uses-no-node-built-ins: server/src/core/parse.ts → path',
        'lsp-does-not-import-cli: server/src/lsp/server.ts → server/src/cli/check.ts',
        'no-unresolvable-imports: server/src/core/parse.ts → ./missing',
        'server-does-not-import-client: server/src/cli/check.ts → client/src/extension.ts',
        'shared-imports-nothing-of-ours: server/src/shared/settings.ts → server/src/core/parse.ts',
        'source-does-not-import-tests: server/src/cli/check.ts → test/helper.ts',
        'workspace-imports-only-core-and-shared: server/src/workspace/files.ts → server/src/lsp/server.ts',
        'workspace-uses-no-lsp: server/src/workspace/files.ts → node_modules/vscode-languageserver/index.js',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * Node's globals are no import, so dependency-cruiser cannot see them: core's purity also
 * means none of these. TextDecoder, TextEncoder and AbortSignal (web standards) are allowed,
 * and so are timers, setImmediate included (scheduling is no I/O); `require` is how tokens.ts
 * loads its sibling bundle lazily, and dependency-cruiser sees what it loads.
 */
const NODE_GLOBALS = new Set(['process', 'Buffer', '__dirname', '__filename', 'global']);

function nodeGlobalsIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text) && isFreeReference(node)) {
      found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** An identifier that names something in scope, not a property, a key or a declaration. */
function isFreeReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent)
    || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent)) && parent.name === id) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent)
    || ts.isBindingElement(parent)) && parent.name === id) return false;
  if (ts.isQualifiedName(parent) && parent.right === id) return false;
  return true;
}

describe('core uses no Node globals', () => {
  it('no process, Buffer, __dirname, __filename or global in server/src/core', () => {
    const found = sourceFiles('server/src/core').flatMap((file) => nodeGlobalsIn(file, readFileSync(path.join(REPO, file), 'utf8')));
    assert.deepEqual(found, [], `Node globals in core (pass what they give in from the host):\n  ${found.join('\n  ')}`);
  });

  it('finds a reference, and not a property or a key of the same name', () => {
    const text = [
      'const n = Buffer.byteLength("x");',
      'const cwd = process.cwd();',
      'const o = { process: 1, global: 2 };',
      'const p = o.process + o.global;',
      'const d = __dirname;',
      '',
    ].join('\n');
    assert.deepEqual(nodeGlobalsIn('a.ts', text), ['a.ts:1: Buffer', 'a.ts:2: process', 'a.ts:5: __dirname']);
  });
});
