import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DocumentMetricsRequest, ExportDocsRequest, PlanWorkspaceRequest, RunWorkspaceRequest, SearchDocsRequest } from '../../server/src/shared/protocol';
import { applyEdits, LspTestClient, REPO, type Diagnostic, type TextEdit } from '../lsp/lspClient';

/**
 * The same projects through `docwright` (dist/cli.js) and through the language server over
 * stdio (dist/server.js), as a user meets them: what CI reports is what the editor reports.
 * Black box: only the CLI's output and the server's LSP answers are compared.
 */

const CLI = path.join(REPO, 'dist/cli.js');
const FIXTURES = path.join(REPO, 'test/fixtures/parity');
const SEVERITY_NAMES = ['', 'error', 'warning', 'information', 'hint'];

interface CliFinding { file: string; cell?: number; line: number; column: number; endLine: number; endColumn: number; code: string; message: string; severity: string }
interface CliMetric { file: string; cell?: number; kind: string; qualname: string; cyclomatic: number; cognitive: number; nesting: number; lines: number }
interface CliDocumentReport { summary: { style: string }; files: { file: string; items: { qualname: string; kind: string; cell?: number }[] }[] }
interface AnnotatedEdit extends TextEdit { annotationId?: string }
interface PreviewEdit {
  edit: {
    documentChanges: { textDocument: { uri: string }; edits: AnnotatedEdit[] }[];
    changeAnnotations?: Record<string, { label: string; description?: string }>;
  };
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env });
  assert.ok(result.status === 0 || result.status === 1, `docwright ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
}

/** Every Python file and notebook under `dir`, as '/'-separated paths relative to it (nothing skipped: excluded files are opened too). */
function sourceFiles(dir: string, under = ''): string[] {
  return readdirSync(path.join(dir, under), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((entry) => {
    const rel = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceFiles(dir, rel);
    return /\.(py|ipynb)$/.test(entry.name) ? [rel] : [];
  });
}

/** A notebook's code cells as the editor opens them: one document each, numbered as the CLI numbers them (1-based among code cells). */
function codeCells(file: string): { number: number; uri: string; text: string }[] {
  const notebook = JSON.parse(readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
  return notebook.cells.filter((c) => c.cell_type === 'code').map((c, i) => ({
    number: i + 1,
    uri: `vscode-notebook-cell:${pathToFileURL(file).pathname}#cell${i + 1}`,
    text: Array.isArray(c.source) ? c.source.join('') : c.source,
  }));
}

/** The file (relative to `dir`) a document URI lives in: a notebook cell's is its notebook. */
function fileOf(uri: string, dir: string): string {
  const file = uri.startsWith('vscode-notebook-cell:') ? `file://${uri.slice('vscode-notebook-cell:'.length).replace(/#.*$/, '')}` : uri;
  return path.relative(dir, fileURLToPath(file)).split(path.sep).join('/');
}

const byPosition = <T extends { file: string; cell?: number; line: number; column: number; code: string }>(a: T, b: T) =>
  a.file.localeCompare(b.file) || (a.cell ?? 0) - (b.cell ?? 0) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);

function asCliFinding(file: string, cell: number | undefined, d: Diagnostic): CliFinding {
  return {
    file, ...(cell !== undefined ? { cell } : {}),
    line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
    code: d.code, message: d.message, severity: SEVERITY_NAMES[d.severity]!,
  };
}

const KIND_OF_RECORD: Record<string, string> = { class: 'class', function: 'function', method: 'function' };

/**
 * A fixture copied to a temporary folder, opened in the language server as its workspace
 * folder (every source file open, as after a "open all"), with the CLI run from that folder.
 */
class Project {
  readonly dir: string;
  readonly state: string;
  readonly env: NodeJS.ProcessEnv;
  client!: LspTestClient;
  /** Each open document: its file relative to the folder, and for a notebook cell its number. */
  readonly documents: { uri: string; file: string; cell?: number; text: string }[] = [];

  constructor(fixture: string) {
    this.dir = mkdtempSync(path.join(tmpdir(), `docwright-parity-${fixture}-`));
    cpSync(path.join(FIXTURES, fixture), this.dir, { recursive: true });
    this.state = mkdtempSync(path.join(tmpdir(), 'docwright-parity-state-'));
    this.env = { ...process.env, DOCWRIGHT_CACHE_DIR: this.state };
  }

  async start(folder = this.dir): Promise<void> {
    this.client = await LspTestClient.start(undefined, true, { workspace: { configuration: true, workspaceEdit: { documentChanges: true } } },
      { storageDir: this.state }, [pathToFileURL(folder).toString()]);
    for (const file of sourceFiles(this.dir)) {
      const abs = path.join(this.dir, file);
      if (file.endsWith('.ipynb')) for (const cell of codeCells(abs)) this.documents.push({ uri: cell.uri, file, cell: cell.number, text: cell.text });
      else this.documents.push({ uri: pathToFileURL(abs).toString(), file, text: readFileSync(abs, 'utf8') });
    }
    for (const d of this.documents) await this.client.open(d.uri, d.text);
  }

  async stop(): Promise<void> {
    await this.client?.stop();
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.state, { recursive: true, force: true });
  }

  cli(args: string[], cwd = this.dir) {
    return cli(args, cwd, this.env);
  }

  async serverFindings(): Promise<CliFinding[]> {
    const found: CliFinding[] = [];
    for (const d of this.documents) {
      const published = await this.client.diagnostics(d.uri);
      found.push(...published.diagnostics.map((diagnostic) => asCliFinding(d.file, d.cell, diagnostic)));
    }
    return found.sort(byPosition);
  }

  /** What Document Workspace over `root` would write: the preview's one workspace edit, which the editor here discards. */
  async serverDocumentRun(root = this.dir): Promise<PreviewEdit> {
    const previews: PreviewEdit[] = [];
    this.client.connection.onRequest('workspace/applyEdit', (params: PreviewEdit) => {
      previews.push(params);
      return { applied: false };
    });
    const plan = await this.client.connection.sendRequest(PlanWorkspaceRequest, { roots: [pathToFileURL(root).toString()], exclude: [], only: 'all', scope: 'public' });
    await this.client.connection.sendRequest(RunWorkspaceRequest, { planId: plan.planId, preview: true });
    assert.ok(previews.length <= 1, 'a preview is one workspace edit');
    return previews[0] ?? { edit: { documentChanges: [] } };
  }

  async serverExport(root: string): Promise<string> {
    return (await this.client.connection.sendRequest(ExportDocsRequest, { roots: [pathToFileURL(root).toString()], exclude: [] })).markdown;
  }
}

/** `file:qualname (kind)` for each docstring a run writes, sorted. */
function cliDocstrings(report: CliDocumentReport, keep: (file: string) => boolean): string[] {
  return report.files.filter((f) => keep(f.file)).flatMap((f) => f.items.map((i) => `${f.file}:${i.qualname} (${i.kind})`)).sort();
}

function serverDocstrings(preview: PreviewEdit, dir: string, keep: (file: string) => boolean): string[] {
  const annotations = preview.edit.changeAnnotations ?? {};
  return preview.edit.documentChanges.filter((c) => keep(fileOf(c.textDocument.uri, dir))).flatMap((c) => c.edits.map((e) => {
    const annotation = annotations[e.annotationId ?? '']!;
    return `${fileOf(c.textDocument.uri, dir)}:${annotation.description} (${annotation.label === 'Update docstrings' ? 'updated' : 'added'})`;
  })).sort();
}

const isNotebook = (file: string) => file.endsWith('.ipynb');
const isPython = (file: string) => !isNotebook(file);

describe('parity: the CLI and the language server on the same projects', function () {
  this.timeout(120000);

  for (const fixture of ['configured', 'srclayout']) {
    describe(fixture, () => {
      let project: Project;
      before(async () => {
        project = new Project(fixture);
        await project.start();
      });
      after(async () => { await project.stop(); });

      it('the same findings, file by file and cell by cell (excluded files: none)', async () => {
        const fromCli = (JSON.parse(project.cli(['check', '.', '--format', 'json', '--no-cache']).stdout) as CliFinding[]).sort(byPosition);
        assert.ok(fromCli.length > 0, 'the fixture has findings');
        assert.deepEqual(await project.serverFindings(), fromCli);
      });

      it('the same metrics for every module, class and function', async () => {
        const records = JSON.parse(project.cli(['metrics', '.', '--format', 'json', '--no-cache']).stdout) as CliMetric[];
        const measured = new Set(records.map((r) => r.file));
        const fromCli = records.map((r) => (r.kind === 'module'
          ? { file: r.file, module: { cyclomatic: r.cyclomatic, cognitive: r.cognitive, nesting: r.nesting, lines: r.lines } }
          : { file: r.file, cell: r.cell, qualname: r.qualname, kind: KIND_OF_RECORD[r.kind], cyclomatic: r.cyclomatic, cognitive: r.cognitive, nesting: r.nesting }));
        const fromServer: typeof fromCli = [];
        for (const d of project.documents.filter((doc) => measured.has(doc.file))) {
          const metrics = await project.client.connection.sendRequest(DocumentMetricsRequest, { uri: d.uri });
          const m = metrics.module!;
          if (d.cell === undefined) fromServer.push({ file: d.file, module: { cyclomatic: m.cyclomatic, cognitive: m.cognitive, nesting: m.nesting, lines: m.lines } });
          for (const x of metrics.definitions) fromServer.push({ file: d.file, cell: d.cell, qualname: x.qualname, kind: x.kind, cyclomatic: x.cyclomatic, cognitive: x.cognitive, nesting: x.nesting });
        }
        const key = (r: (typeof fromCli)[number]) => JSON.stringify(r);
        assert.deepEqual(fromServer.map(key).sort(), fromCli.map(key).sort());
      });

      it('the same export Markdown of the whole folder', async () => {
        assert.equal(await project.serverExport(project.dir), project.cli(['export', '.']).stdout);
      });

      it('the same docstrings written to Python files, in the same text (the chosen style and line length)', async () => {
        const report = JSON.parse(project.cli(['document', '.', '--only', 'all', '--dry-run', '--format', 'json']).stdout) as CliDocumentReport;
        const preview = await project.serverDocumentRun();
        assert.ok(cliDocstrings(report, isPython).length > 0, 'the fixture has docstrings to write');
        assert.deepEqual(serverDocstrings(preview, project.dir, isPython), cliDocstrings(report, isPython));

        // The CLI writes into a copy; the editor's edits are applied to the files as they are.
        const copy = mkdtempSync(path.join(tmpdir(), `docwright-parity-${fixture}-written-`));
        try {
          cpSync(project.dir, copy, { recursive: true });
          cli(['document', '.', '--only', 'all'], copy, project.env);
          for (const change of preview.edit.documentChanges) {
            const file = fileOf(change.textDocument.uri, project.dir);
            if (!isPython(file)) continue;
            const edited = applyEdits(readFileSync(path.join(project.dir, file), 'utf8'), change.edits);
            assert.equal(edited, readFileSync(path.join(copy, file), 'utf8'), file);
          }
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      });

      it('the same docstrings written to notebooks', async () => {
        const report = JSON.parse(project.cli(['document', '.', '--only', 'all', '--dry-run', '--format', 'json']).stdout) as CliDocumentReport;
        assert.ok(cliDocstrings(report, isNotebook).length > 0, 'the fixture has a notebook to document');
        assert.deepEqual(serverDocstrings(await project.serverDocumentRun(), project.dir, isNotebook), cliDocstrings(report, isNotebook));
      });
    });
  }

  describe('a raised class defined in another module', () => {
    let project: Project;
    afterEach(async () => { await project.stop(); });

    it('is documented by its base class in both hosts: only the raise documented as something else is DW406', async () => {
      project = new Project('srclayout');
      await project.start();
      const raises = (await project.serverFindings()).filter((f) => f.code === 'DW406');
      assert.deepEqual(raises.map((f) => f.message), ['`errors.BadInput` is raised but not documented (`lookup`)']);
    });
  });

  describe('the chosen style and line length, shown in what is written', () => {
    const cases: [string, string, RegExp][] = [
      // [tool.docwright] style = "numpy", line-length = 60.
      ['configured', 'shapes/area.py', /\n {8}TODO: Describe\n {8}`factor_applied_to_every_dimension_of_the_shape`\.\n\n {4}Returns\n {4}-------\n/],
      // Sampled: Sphinx (two docstrings in the notebook, one Google; the excluded folder's NumPy ones do not count); ruff's line-length = 72.
      ['srclayout', 'src/pkg/sub/mod.py', /\n {8}separator_placed_between_the_two_halves_of_the_result: TODO:\n {12}Describe\n[^]*def split\(text, at\):\n {4}"""TODO: Split\.\n\n {4}:param text: TODO: Describe `text`\.\n/],
    ];
    for (const [fixture, file, expected] of cases) {
      it(`${fixture}: ${file} in both hosts`, async () => {
        const project = new Project(fixture);
        try {
          await project.start();
          const report = JSON.parse(project.cli(['document', '.', '--only', 'all', '--dry-run', '--format', 'json']).stdout) as CliDocumentReport;
          assert.match(report.summary.style, fixture === 'configured' ? /^numpy / : /^sphinx \(most existing docstrings\)$/);
          const change = (await project.serverDocumentRun()).edit.documentChanges.find((c) => fileOf(c.textDocument.uri, project.dir) === file);
          assert.ok(change, `the editor writes ${file}`);
          assert.match(applyEdits(readFileSync(path.join(project.dir, file), 'utf8'), change.edits), expected);
        } finally {
          await project.stop();
        }
      });
    }
  });

  describe('export names modules as Python imports them', () => {
    let project: Project;
    afterEach(async () => { await project.stop(); });

    it('a nested package exported from the workspace root: `pkg.sub.mod`, its path from the folder', async () => {
      project = new Project('srclayout');
      await project.start();
      const fromCli = project.cli(['export', 'src/pkg/sub']).stdout;
      assert.match(fromCli, /^## Module `pkg\.sub\.mod`\n\n`src\/pkg\/sub\/mod\.py`$/m);
      assert.equal(await project.serverExport(path.join(project.dir, 'src/pkg/sub')), fromCli);
    });

    it('the folder opened at the subpackage: still `pkg.sub.mod`', async () => {
      project = new Project('srclayout');
      const sub = path.join(project.dir, 'src/pkg/sub');
      await project.start(sub);
      const fromCli = project.cli(['export', '.'], sub).stdout;
      assert.match(fromCli, /^## Module `pkg\.sub\.mod`\n\n`mod\.py`$/m);
      assert.equal(await project.serverExport(sub), fromCli);
    });
  });

  describe('documentation you can search and follow', () => {
    let project: Project;
    afterEach(async () => { await project.stop(); });

    it('the same cross-references and package tree in the export, and the same ranked search, in both hosts', async () => {
      project = new Project('crossrefs');
      await project.start();
      const fromCli = project.cli(['export', '.']).stdout;
      assert.match(fromCli, /\*\*Called by:\*\* \[`ledger\.accounts\.Account\.deposit`\]\(#ledger-accounts-account-deposit\), \[`ledger\.accounts\.Account\.withdraw`\]/);
      assert.match(fromCli, /## Contents\n\n- \[ledger\]\(#module-ledger\) \(package\)\n  - \[accounts\]/);
      assert.equal(await project.serverExport(project.dir), fromCli);
      for (const query of ['money balance', 'round cents', 'audit trail', 'account']) {
        const cliHits = (JSON.parse(project.cli(['search', query, '.', '--format', 'json', '--limit', '10']).stdout) as { qualname: string; line: number; score: number }[])
          .map((h) => [h.qualname, h.line, h.score]);
        const server = await project.client.until('the index built', async () => {
          const result = await project.client.connection.sendRequest(SearchDocsRequest, { query, limit: 10 });
          return result.complete ? result : undefined;
        });
        assert.deepEqual(server.hits.map((h) => [h.qualname, h.line + 1, Math.round(h.score * 1000) / 1000]), cliHits, query);
      }
    });
  });

  describe('the state directory', () => {
    const dirs: string[] = [];
    const temp = (name: string) => {
      const dir = mkdtempSync(path.join(tmpdir(), `docwright-parity-${name}-`));
      dirs.push(dir);
      return dir;
    };
    after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    /** Starts the server with `env` over the process's own (the server is given no storage folder, as by an editor other than ours). */
    async function serverWith(env: Record<string, string | undefined>, folder: string): Promise<LspTestClient> {
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      const set = (vars: Record<string, string | undefined>) => {
        for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
      };
      set(env);
      try {
        return await LspTestClient.start(undefined, true, { workspace: { configuration: true, workspaceEdit: { documentChanges: true } } }, undefined, [pathToFileURL(folder).toString()]);
      } finally {
        set(saved);
      }
    }

    /** Document Workspace, applied: the server records the change in its state directory's changelog. */
    async function documentInServer(client: LspTestClient, folder: string): Promise<void> {
      client.connection.onRequest('workspace/applyEdit', () => ({ applied: true }));
      const plan = await client.connection.sendRequest(PlanWorkspaceRequest, { roots: [pathToFileURL(folder).toString()], exclude: [], only: 'all', scope: 'public' });
      const result = await client.connection.sendRequest(RunWorkspaceRequest, { planId: plan.planId });
      assert.equal(result?.added, 1);
    }

    const cases: [string, (state: string) => Record<string, string | undefined>, (state: string) => string][] = [
      ['DOCWRIGHT_CACHE_DIR', (state) => ({ DOCWRIGHT_CACHE_DIR: state, XDG_CACHE_HOME: undefined }), (state) => state],
      ['XDG_CACHE_HOME', (state) => ({ DOCWRIGHT_CACHE_DIR: undefined, XDG_CACHE_HOME: state }), (state) => path.join(state, 'docwright')],
    ];
    for (const [variable, envFor, stateDir] of cases) {
      it(`both hosts keep their changelog under ${variable}`, async () => {
        const home = temp('home');
        const stateRoot = temp('state');
        const env = { ...envFor(stateRoot), HOME: home };
        const state = stateDir(stateRoot);
        const forCli = temp('cli');
        writeFileSync(path.join(forCli, 'm.py'), '"""M."""\n\n\ndef f():\n    pass\n');
        const childEnv: NodeJS.ProcessEnv = { ...process.env };
        for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k]; else childEnv[k] = v;
        cli(['document', '.', '--only', 'all'], forCli, childEnv);
        const forServer = temp('server');
        writeFileSync(path.join(forServer, 'n.py'), '"""N."""\n\n\ndef g():\n    pass\n');
        const client = await serverWith(env, forServer);
        try {
          await documentInServer(client, forServer);
        } finally {
          await client.stop();
        }
        const logged = readFileSync(path.join(state, 'changelog.jsonl'), 'utf8').trim().split('\n').map((l) => path.basename((JSON.parse(l) as { file: string }).file));
        assert.deepEqual(logged.sort(), ['m.py', 'n.py']);
        assert.equal(existsSync(path.join(home, '.cache')), false, 'nothing under the home folder');
      });
    }
  });
});
