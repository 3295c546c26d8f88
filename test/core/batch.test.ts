import { strict as assert } from 'node:assert';
import {
  appliedEdits, planWorkspace, reportMarkdown, runWorkspace, settlePreview, type ChangeRecord, type Host, type SourceFile,
} from '../../server/src/core/documenting';
import { TemplateProvider } from '../../server/src/core/docstring/provider';
import { DEFAULT_SETTINGS } from '../../server/src/shared/settings';
import { py, setup } from './helpers';

/** The batch planner and runner on in-memory files: re-anchoring (invariant 4), all-or-nothing. */

function memoryHost(files: Map<string, string>, signal?: AbortSignal): Host & { applied: string[] } {
  const applied: string[] = [];
  return {
    applied,
    ...(signal ? { signal } : {}),
    read: (file): SourceFile | { skip: string } => (files.has(file) ? { text: files.get(file)!, kind: 'python' } : { skip: 'gone' }),
    async apply(update) {
      files.set(update.file, update.text);
      applied.push(update.file);
      return true;
    },
  };
}

describe('document workspace (batch)', () => {
  const tools = async () => {
    const { grammar, analyzer } = await setup();
    return { parser: grammar.newParser(), analyzer, settings: DEFAULT_SETTINGS, options: { style: 'google' as const, lineLength: 88 }, modulePath: (f: string) => f };
  };

  it('re-anchors by name and signature: moved code is still documented, changed signatures are skipped with a reason', async () => {
    const files = new Map([['/p/a.py', py`
      """A."""


      def keep(x):
          return x


      def change(x):
          return x


      def twice(y):
          return y


      def twice(y):
          return -y
    `]]);
    const host = memoryHost(files);
    const t = await tools();
    const plan = await planWorkspace([...files.keys()], host, t, { only: 'all', scope: 'public' });
    assert.equal(plan.functions, 4);
    // The user edits between plan and run: lines inserted above, one signature changed.
    files.set('/p/a.py', `import os\n\n${files.get('/p/a.py')!.replace('def change(x):', 'def change(x, y):')}`);
    const report = await runWorkspace(plan, host, t, new TemplateProvider());
    assert.deepEqual(report.added.map((c) => c.qualname), ['keep', 'twice', 'twice']);
    assert.deepEqual(report.skipped.map((s) => [s.qualname, /changed since the plan/.test(s.reason)]), [['change', true]]);
    assert.match(files.get('/p/a.py')!, /^import os\n\n"""A\."""\n\n\ndef keep\(x\):\n {4}"""TODO: Keep\./);
    assert.equal(files.get('/p/a.py')!.match(/"""TODO: Twice\./g)?.length, 2, 'a redefinition is its own slot');
  });

  it('names the definitions it cannot document because they do not parse, in the plan and the report', async () => {
    const files = new Map([
      ['/p/a.py', '"""A."""\n\n\ndef broken(a):\n    x = [1, 2 3]\n    return a\n\n\ndef _private(b):\n    x = [1, 2 3]\n    return b\n\n\ndef fine(c):\n    return c\n'],
    ]);
    const host = memoryHost(files);
    const t = await tools();
    const publicPlan = await planWorkspace([...files.keys()], host, t, { only: 'missing', scope: 'public' });
    assert.equal(publicPlan.functions, 1);
    assert.deepEqual(publicPlan.unparsed, [{ file: '/p/a.py', qualname: 'broken', line: 4 }]);
    assert.deepEqual((await planWorkspace([...files.keys()], host, t, { only: 'all', scope: 'all' })).unparsed.map((u) => u.qualname), ['broken', '_private']);
    assert.deepEqual((await planWorkspace([...files.keys()], host, t, { only: 'stale', scope: 'public' })).unparsed, [], 'stale-only runs never add docstrings');
    const report = await runWorkspace(publicPlan, host, t, new TemplateProvider());
    const markdown = reportMarkdown(report, publicPlan, { provider: 'template', tokens: 0, usd: 0, cacheHits: 0 }, (f) => f.slice(3));
    assert.match(markdown, /1 files planned, 0 unreadable, 1 definitions not parsed\./);
    assert.match(markdown, /## Not parsed\n\n- `a\.py:4` — `broken`: it contains a syntax error; fix it first\n/);
  });

  it('a cancelled run applies nothing more, and never half a file', async () => {
    const files = new Map(Array.from({ length: 5 }, (_, i) => [`/p/f${i}.py`, `"""F."""\n\n\ndef a${i}(x):\n    return x\n\n\ndef b${i}(x):\n    return x\n`] as [string, string]));
    const original = new Map(files);
    const controller = new AbortController();
    const host = memoryHost(files, controller.signal);
    const t = await tools();
    const plan = await planWorkspace([...files.keys()], host, t, { only: 'all', scope: 'public' });
    host.progress = (p) => { if (p.filesDone === 2) controller.abort(); };
    const report = await runWorkspace(plan, host, t, new TemplateProvider());
    assert.equal(report.cancelled, true);
    assert.deepEqual(host.applied, ['/p/f0.py', '/p/f1.py']);
    for (const [file, text] of files) {
      const count = text.match(/"""TODO/g)?.length ?? 0;
      assert.ok(count === 2 || text === original.get(file), file);
    }
  });

  it('a stale-only plan counts the missing docstrings it leaves out; the report says so and names no placeholder', async () => {
    const files = new Map([['/p/a.py', '"""A."""\n\n\ndef f(a, b):\n    """F.\n\n    Args:\n        a: A.\n    """\n    print(a, b)\n\n\ndef g(x):\n    print(x)\n']]);
    const host = memoryHost(files);
    const t = await tools();
    const plan = await planWorkspace([...files.keys()], host, t, { only: 'stale', scope: 'public' });
    assert.deepEqual([plan.functions, plan.missing, plan.stale, plan.leftOut], [1, 0, 1, { missing: 1, stale: 0 }]);
    const report = await runWorkspace(plan, host, t, new TemplateProvider());
    assert.deepEqual(report.updated.map((c) => [c.qualname, c.placeholder]), [['f', false]]);
    assert.match(files.get('/p/a.py')!, /a: A\.\n {8}b: TODO: Describe `b`\.\n/);
    assert.doesNotMatch(files.get('/p/a.py')!, /def g\(x\):\n {4}"""/, 'no placeholder docstring inserted');
    const markdown = reportMarkdown(report, plan, { provider: 'template', tokens: 0, usd: 0, cacheHits: 0 }, (f) => f.slice(3));
    assert.match(markdown, /\n1 missing docstrings were left out: the template can only write placeholders for them\. Choose \*\*Insert placeholders\*\* to add them/);
    assert.doesNotMatch(markdown, /are placeholders/);
    const inserting = await planWorkspace([...files.keys()], host, t, { only: 'all', scope: 'public' });
    const added = await runWorkspace(inserting, host, t, new TemplateProvider());
    assert.deepEqual(added.added.map((c) => [c.qualname, c.placeholder]), [['g', true]]);
  });

  it('appliedEdits tells, edit by edit, which of a file\'s edits a text shows applied', () => {
    const original = 'def f():\n    pass\n\n\ndef g():\n    pass\n';
    const edits = [
      { start: 9, end: 9, newText: '    """F."""\n' },
      { start: 29, end: 29, newText: '    """G."""\n' },
    ];
    const apply = (keep: boolean[]) => [...edits].map((e, i) => ({ e, i })).reverse()
      .reduce((t, { e, i }) => (keep[i] ? t.slice(0, e.start) + e.newText + t.slice(e.end) : t), original);
    for (const keep of [[true, true], [true, false], [false, true], [false, false]]) assert.deepEqual(appliedEdits(original, edits, apply(keep)), keep);
    assert.equal(appliedEdits(original, edits, apply([true, true]).replace('pass', 'return')), undefined, 'changed otherwise');
    // An inserted text equal to what follows it: the reading that fits the whole text is the one taken.
    assert.deepEqual(appliedEdits('x = 1\n', [{ start: 0, end: 0, newText: 'x = 1\n' }], 'x = 1\n'), [false]);
    assert.deepEqual(appliedEdits('x = 1\n', [{ start: 0, end: 0, newText: 'x = 1\n' }], 'x = 1\nx = 1\n'), [true]);
  });

  it('settlePreview counts only what the preview kept, declines the rest, and claims nothing of a file it cannot match', () => {
    const record = (file: string, qualname: string, kind: 'added' | 'updated'): ChangeRecord => ({ file, qualname, kind, placeholder: kind === 'added', line: 1 });
    const [a1, a2, b1, c1] = [record('/a.py', 'f', 'added'), record('/a.py', 'g', 'updated'), record('/b.py', 'h', 'added'), record('/c.py', 'k', 'updated')];
    const report = { added: [a1, b1], updated: [a2, c1], skipped: [], failed: [], cancelled: false, changedFiles: ['/a.py', '/b.py', '/c.py'], declined: [], seconds: 1 };
    const settled = settlePreview(report, new Set([a2, b1, c1]), [{ file: '/c.py', reason: 'changed otherwise' }], 'note');
    assert.deepEqual(settled.added, [b1]);
    assert.deepEqual(settled.updated, [a2]);
    assert.deepEqual(settled.declined, [a1]);
    assert.deepEqual(settled.changedFiles, ['/a.py', '/b.py']);
    assert.deepEqual(settled.failed, [{ file: '/c.py', reason: 'changed otherwise' }]);
    assert.equal(settled.previewNote, 'note');
  });
});
