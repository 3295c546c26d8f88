import { strict as assert } from 'node:assert';
import {
  documentOne, KEPT_CHANGING, planWorkspace, recordingProvider, runWorkspace,
  type FileUpdate, type Host, type Progress, type SourceFile, type Tools,
} from '../../server/src/core/documenting';
import type { DocstringProvider, DocstringRequest } from '../../server/src/core/docstring/provider';
import { TemplateProvider } from '../../server/src/core/docstring/provider';
import { readNotebook } from '../../server/src/core/parse/notebook';
import { DEFAULT_SETTINGS } from '../../server/src/shared/settings';
import { setup } from './helpers';

/** The orchestrator over a fake host: all or nothing per file, cancellation, failures, progress, notebooks. */

interface FakeHost extends Host {
  files: Map<string, string>;
  updates: FileUpdate[];
  progressSeen: Progress[];
}

/** Files in memory; each update is checked against its own edits before it is taken. */
function fakeHost(files: Map<string, string>, over: Partial<Host> = {}): FakeHost {
  const updates: FileUpdate[] = [];
  const progressSeen: Progress[] = [];
  return {
    files, updates, progressSeen,
    read: (file): SourceFile | { skip: string } => {
      const text = files.get(file);
      if (text === undefined) return { skip: 'gone' };
      return { text, kind: file.endsWith('.ipynb') ? 'notebook' : 'python' };
    },
    async apply(update) {
      let text = update.source.text;
      for (const { edit } of [...update.edits].reverse()) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
      assert.equal(text, update.text, `${update.file}: the edits give the update's text`);
      files.set(update.file, update.text);
      updates.push(update);
      return true;
    },
    progress: (p) => { progressSeen.push(p); },
    ...over,
  };
}

const TWO = '"""F."""\n\n\ndef a(x):\n    return x\n\n\ndef b(x):\n    return x\n';
const ALL = { only: 'all', scope: 'public' } as const;

function notebookText(cells: string[]): string {
  const json = {
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Title'] },
      ...cells.map((source, i) => ({
        cell_type: 'code', execution_count: i + 1, metadata: {}, outputs: [{ name: 'stdout', output_type: 'stream', text: ['out\n'] }],
        source: source.split(/(?<=\n)/),
      })),
    ],
    metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5,
  };
  return `${JSON.stringify(json, null, 1)}\n`;
}

describe('documenting: the orchestrator over a host', () => {
  let tools: Tools;
  before(async () => {
    const { grammar, analyzer } = await setup();
    tools = { parser: grammar.newParser(), analyzer, settings: DEFAULT_SETTINGS, options: { style: 'google', lineLength: 88 }, modulePath: (f) => f };
  });

  it('cancelled while a file is being written: earlier files are whole, that file and later ones untouched', async () => {
    const files = new Map(Array.from({ length: 4 }, (_, i) => [`/p/f${i}.py`, TWO] as [string, string]));
    const controller = new AbortController();
    const host = fakeHost(files, { signal: controller.signal });
    const plan = await planWorkspace([...files.keys()], host, tools, ALL);
    const template = new TemplateProvider();
    let calls = 0;
    // The third file's answers arrive after the user cancelled.
    const provider: DocstringProvider = { id: 'slow', provide: async (rs) => { if (++calls === 3) controller.abort(); return template.provide(rs); } };
    const report = await runWorkspace(plan, host, tools, provider, { clock: () => 0 });
    assert.equal(report.cancelled, true);
    assert.deepEqual(host.updates.map((u) => u.file), ['/p/f0.py', '/p/f1.py']);
    assert.deepEqual(report.changedFiles, ['/p/f0.py', '/p/f1.py']);
    assert.deepEqual(report.added.map((c) => `${c.file}:${c.qualname}`), ['/p/f0.py:a', '/p/f0.py:b', '/p/f1.py:a', '/p/f1.py:b']);
    assert.equal(files.get('/p/f0.py')!.match(/"""TODO/g)?.length, 2);
    for (const file of ['/p/f2.py', '/p/f3.py']) assert.equal(files.get(file), TWO, file);
    assert.deepEqual(host.progressSeen.map((p) => [p.filesDone, p.docstrings, p.file]), [
      [0, 0, '/p/f0.py'], [1, 2, '/p/f1.py'], [2, 4, '/p/f2.py'], [2, 4, ''],
    ]);
  });

  it('progress counts files and docstrings exactly, with the time left from the clock', async () => {
    const files = new Map([['/p/a.py', TWO], ['/p/b.py', '"""B."""\n\n\ndef c(y):\n    return y\n'], ['/p/c.py', TWO]]);
    const host = fakeHost(files);
    const plan = await planWorkspace([...files.keys()], host, tools, ALL);
    let now = 0;
    const clock = () => { now += 1000; return now; };
    const report = await runWorkspace(plan, host, tools, new TemplateProvider(), { clock });
    assert.deepEqual(host.progressSeen, [
      { filesDone: 0, files: 3, docstrings: 0, file: '/p/a.py', etaSeconds: null },
      { filesDone: 1, files: 3, docstrings: 2, file: '/p/b.py', etaSeconds: 2 },
      { filesDone: 2, files: 3, docstrings: 3, file: '/p/c.py', etaSeconds: 1 },
      { filesDone: 3, files: 3, docstrings: 5, file: '', etaSeconds: 0 },
    ]);
    assert.equal(report.seconds, 3);
    assert.equal(report.added.length, 5);
  });

  it('a failed apply is reported and the run goes on; a file that keeps changing is left as it was', async () => {
    const files = new Map([['/p/a.py', TWO], ['/p/b.py', TWO], ['/p/c.py', TWO]]);
    const base = fakeHost(files);
    let bAttempts = 0;
    const host = fakeHost(files, {
      async apply(update) {
        if (update.file === '/p/a.py') throw new Error('disk full');
        if (update.file === '/p/b.py') { bAttempts++; return false; }
        return base.apply(update);
      },
    });
    const plan = await planWorkspace([...files.keys()], host, tools, ALL);
    const report = await runWorkspace(plan, host, tools, new TemplateProvider());
    assert.deepEqual(report.failed, [{ file: '/p/a.py', reason: 'disk full' }, { file: '/p/b.py', reason: KEPT_CHANGING }]);
    assert.equal(bAttempts, 2, 'computed again once on the new text, then given up');
    assert.deepEqual(report.changedFiles, ['/p/c.py']);
    assert.deepEqual([files.get('/p/a.py'), files.get('/p/b.py')], [TWO, TWO]);
    assert.equal(report.cancelled, false);
  });

  it('a file that changed before its update was applied is computed again on its new text', async () => {
    const files = new Map([['/p/a.py', TWO]]);
    const base = fakeHost(files);
    let first = true;
    const host = fakeHost(files, {
      async apply(update) {
        if (!first) return base.apply(update);
        first = false;
        files.set('/p/a.py', `import os\n${TWO}`); // the user typed meanwhile
        return false;
      },
    });
    const plan = await planWorkspace([...files.keys()], host, tools, ALL);
    const report = await runWorkspace(plan, host, tools, new TemplateProvider());
    assert.deepEqual(report.added.map((c) => [c.qualname, c.line]), [['a', 5], ['b', 9]]);
    assert.match(files.get('/p/a.py')!, /^import os\n"""F\."""\n\n\ndef a\(x\):\n {4}"""TODO: A\./);
  });

  it('a notebook: each code cell documented on its own, one edit per changed cell, outputs kept; re-anchored within its cell', async () => {
    const cells = ['import os\n\ndef f(a):\n    return a\n', '%matplotlib inline\nx = 1\n', 'def g(b):\n    return b\n\ndef h(c):\n    return c\n'];
    const files = new Map([['/p/nb.ipynb', notebookText(cells)]]);
    const host = fakeHost(files);
    const plan = await planWorkspace([...files.keys()], host, tools, ALL);
    assert.deepEqual(plan.files[0]!.slots.map((s) => [s.qualname, s.cell, s.line]), [['f', 1, 3], ['g', 3, 1], ['h', 3, 4]]);
    // Between plan and run, h's signature changes.
    files.set('/p/nb.ipynb', notebookText([cells[0]!, cells[1]!, cells[2]!.replace('def h(c)', 'def h(c, d)')]));
    const report = await runWorkspace(plan, host, tools, new TemplateProvider());
    assert.deepEqual(report.added.map((c) => [c.qualname, c.cell, c.line]), [['f', 1, 3], ['g', 3, 1]]);
    assert.deepEqual(report.skipped.map((s) => [s.qualname, s.cell, /changed since the plan/.test(s.reason)]), [['h', 3, true]]);
    const [update] = host.updates;
    assert.deepEqual(update!.edits.map((e) => e.changes.map((c) => c.qualname)), [['f'], ['g']]);
    assert.deepEqual(update!.parts.map((p) => p.cell), [1, 3]);
    const read = readNotebook(files.get('/p/nb.ipynb')!);
    assert.ok(read.ok);
    assert.match(read.cells[0]!.source, /^import os\n\ndef f\(a\):\n {4}"""TODO: F\./);
    assert.equal(read.cells[1]!.source, cells[1]);
    assert.match(read.cells[2]!.source, /^def g\(b\):\n {4}"""TODO: G\./);
    const json = JSON.parse(files.get('/p/nb.ipynb')!) as { cells: { outputs?: unknown }[] };
    assert.deepEqual(json.cells[1]!.outputs, [{ name: 'stdout', output_type: 'stream', text: ['out\n'] }]);
  });

  it('plan and run on one reading: what a file plans, refuses and leaves out, and its changes', async () => {
    const text = '"""M."""\n\n\ndef f(a):\n    f"""not {a} a docstring"""\n    return a\n\n\ndef g(b):\n    """G.\n\n    Args:\n        b: B.\n    """\n    return b\n\n\ndef k(c):\n    x = [1, 2 3]\n    return c\n\n\ndef m(d):\n    return d\n';
    const files = new Map([['/p/a.py', text]]);
    const host = fakeHost(files);
    const { plan, run } = await documentOne('/p/a.py', host, tools, { only: 'missing', scope: 'public' }, new TemplateProvider());
    assert.deepEqual(plan.slots.map((s) => s.qualname), ['m']);
    assert.deepEqual(plan.refused.map((r) => [r.qualname, r.line]), [['f', 4]]);
    assert.deepEqual(plan.unparsed.map((r) => [r.qualname, r.line]), [['k', 18]]);
    assert.deepEqual(plan.leftOut, { missing: 0, stale: 1 }, 'g lacks its Returns: stale, and left out of a missing-only run');
    assert.ok(run !== 'cancelled');
    assert.deepEqual(run.applied.map((c) => [c.qualname, c.kind, c.placeholder, c.line]), [['m', 'added', true, 23]]);
    assert.equal(host.updates.length, 1);
    const unread = await documentOne('/p/none.py', host, tools, ALL, new TemplateProvider());
    assert.equal(unread.plan.unread, 'gone');
  });

  it('the estimate: every request of the plan recorded, priced once', async () => {
    const files = new Map([['/p/a.py', TWO], ['/p/b.py', TWO]]);
    const host = fakeHost(files);
    const priced: DocstringRequest[][] = [];
    const estimator = {
      estimate(requests: DocstringRequest[]) {
        priced.push(requests);
        return { functions: requests.length, promptTokens: 10, maxTokens: 20, usd: 0.5, cacheHits: 0, requests: requests.length, remaining: { tokens: 100, usd: 1 }, fits: true };
      },
    };
    const plan = await planWorkspace([...files.keys()], host, tools, ALL, estimator);
    assert.deepEqual(priced.map((rs) => rs.map((r) => `${r.path}:${r.qualname}`)), [['/p/a.py:a', '/p/a.py:b', '/p/b.py:a', '/p/b.py:b']]);
    assert.equal(plan.estimate!.functions, 4);
    assert.deepEqual([...files.values()], [TWO, TWO], 'estimating writes nothing');
    assert.equal(host.updates.length, 0);
    const standIn = recordingProvider(new TemplateProvider());
    const { run } = await documentOne('/p/a.py', host, tools, ALL, standIn);
    assert.deepEqual(standIn.requests.map((r) => r.qualname), ['a', 'b']);
    assert.ok(run !== 'cancelled' && run.applied.length === 2, 'with a stand-in the recorder answers as the stand-in would');
  });
});
