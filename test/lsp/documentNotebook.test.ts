import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlanWorkspaceRequest, RunWorkspaceRequest } from '../../server/src/shared/protocol';
import { applyEdits, LspTestClient, type TextEdit } from './lspClient';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

/** Document Workspace writes a notebook's code cells as `docwright document` does: one edit per changed cell's source. */

interface ApplyParams {
  edit: { documentChanges: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[] };
}

const OUTPUT = { name: 'stdout', output_type: 'stream', text: ['3\n'] };

/** A notebook as Jupyter writes it (indent 1, sources as lists of lines). */
function notebook(cells: string[]): string {
  return `${JSON.stringify({
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Scaling'] },
      ...cells.map((source, i) => ({ cell_type: 'code', execution_count: i + 1, metadata: {}, outputs: [OUTPUT], source: source.split(/(?<=\n)/) })),
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1)}\n`;
}

const CELLS = ['%matplotlib inline\nimport math\n', 'def scale(value, factor):\n    return value * factor\n\nprint(scale(1, 3))\n', 'x = 1\n'];

describe('Document Workspace over stdio: notebooks', function () {
  let client: LspTestClient;
  let dir: string;
  let state: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-nb-'));
    state = mkdtempSync(path.join(tmpdir(), 'docwright-nb-state-'));
    writeFileSync(path.join(dir, 'analysis.ipynb'), notebook(CELLS));
    writeFileSync(path.join(dir, 'mod.py'), '"""Mod."""\n\n\ndef shift(value):\n    print(value - 1)\n');
    client = await LspTestClient.start(undefined, true, {}, { storageDir: state }, [pathToFileURL(dir).href]);
  });
  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });

  it('a notebook in the workspace gets its docstrings in its code cells; outputs and other cells are left as they were', async () => {
    const applied = new Map<string, string>();
    const edits: ApplyParams[] = [];
    client.connection.onRequest('workspace/applyEdit', (params: ApplyParams) => {
      edits.push(params);
      for (const change of params.edit.documentChanges) {
        const file = path.join(dir, path.basename(new URL(change.textDocument.uri).pathname));
        applied.set(path.basename(file), applyEdits(readFileSync(file, 'utf8'), change.edits));
      }
      return { applied: true };
    });
    const plan = await client.connection.sendRequest(PlanWorkspaceRequest, { roots: [pathToFileURL(dir).toString()], exclude: [], only: 'all', scope: 'public' });
    assert.deepEqual([plan.files, plan.functions, plan.missing], [2, 2, 2]);
    const result = await client.connection.sendRequest(RunWorkspaceRequest, { planId: plan.planId, preview: false });
    assert.ok(result, 'the plan is known to the server');
    assert.deepEqual([result.added, result.updated, result.failed], [2, 0, 0]);
    assert.deepEqual(result.changedUris.map((u) => path.basename(new URL(u).pathname)).sort(), ['analysis.ipynb', 'mod.py']);

    const notebookEdit = edits.flatMap((e) => e.edit.documentChanges).find((c) => c.textDocument.uri.endsWith('analysis.ipynb'))!;
    assert.equal(notebookEdit.textDocument.version, null);
    assert.equal(notebookEdit.edits.length, 1, 'one edit: the source of the one changed cell');
    const written = applied.get('analysis.ipynb')!;
    const cells = (JSON.parse(written) as { cells: { source: string[]; outputs?: unknown[] }[] }).cells;
    assert.match(cells[2]!.source.join(''), /^def scale\(value, factor\):\n {4}"""TODO: Scale\.\n/);
    assert.deepEqual([cells[1]!.source.join(''), cells[3]!.source.join('')], [CELLS[0], CELLS[2]]);
    assert.deepEqual(cells.slice(1).map((c) => c.outputs), [[OUTPUT], [OUTPUT], [OUTPUT]]);
    // Byte for byte what `docwright document` writes into the same notebook.
    const copy = mkdtempSync(path.join(tmpdir(), 'docwright-nb-cli-'));
    try {
      cpSync(dir, copy, { recursive: true });
      const cli = spawnSync(process.execPath, [CLI, 'document', '--only', 'all', '.'], { cwd: copy, encoding: 'utf8', env: { ...process.env, DOCWRIGHT_CACHE_DIR: path.join(copy, '.state') } });
      assert.equal(cli.status, 0, cli.stderr);
      assert.equal(written, readFileSync(path.join(copy, 'analysis.ipynb'), 'utf8'));
      assert.equal(applied.get('mod.py'), readFileSync(path.join(copy, 'mod.py'), 'utf8'));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
    // A notebook's entry names its cell and links to the notebook; a module's links to the line.
    const link = (name: string) => pathToFileURL(path.join(dir, name)).toString();
    assert.ok(result.markdown.includes(`\n## Added\n\n- [\`analysis.ipynb:cell 2:1\`](${link('analysis.ipynb')}) — \`scale\`\n- [\`mod.py:4\`](${link('mod.py')}#L4) — \`shift\`\n`), result.markdown);
    assert.equal(readFileSync(path.join(dir, 'analysis.ipynb'), 'utf8'), notebook(CELLS), 'the server never writes; the editor saves');
  });
});
