import { strict as assert } from 'node:assert';
import { planWorkspace, reportMarkdown, runWorkspace, type BatchHost, type SourceText } from '../../server/src/batch/workspace';
import { TemplateProvider } from '../../server/src/docstring/provider';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { py, setup } from './helpers';

/** The batch planner and runner on in-memory files: re-anchoring (invariant 4), all-or-nothing. */

function memoryHost(files: Map<string, string>): BatchHost & { applied: string[] } {
  const applied: string[] = [];
  return {
    applied,
    read: (file) => (files.has(file) ? { text: files.get(file)!, version: null } : { skip: 'gone' }),
    async apply(file, source: SourceText, changes) {
      let text = source.text;
      for (const e of changes.map((c) => c.edit).sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
      files.set(file, text);
      applied.push(file);
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
    const plan = await planWorkspace([...files.keys()], host, t, 'all', 'public');
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
    const publicPlan = await planWorkspace([...files.keys()], host, t, 'missing', 'public');
    assert.equal(publicPlan.functions, 1);
    assert.deepEqual(publicPlan.unparsed, [{ file: '/p/a.py', qualname: 'broken', line: 4 }]);
    assert.deepEqual((await planWorkspace([...files.keys()], host, t, 'all', 'all')).unparsed.map((u) => u.qualname), ['broken', '_private']);
    assert.deepEqual((await planWorkspace([...files.keys()], host, t, 'stale', 'public')).unparsed, [], 'stale-only runs never add docstrings');
    const report = await runWorkspace(publicPlan, host, t, new TemplateProvider());
    const markdown = reportMarkdown(report, publicPlan, { provider: 'template', tokens: 0, usd: 0, cacheHits: 0 }, (f) => f.slice(3));
    assert.match(markdown, /1 files planned, 0 unreadable, 1 definitions not parsed\./);
    assert.match(markdown, /## Not parsed\n\n- `a\.py:4` — `broken`: it contains a syntax error; fix it first\n/);
  });

  it('a cancelled run applies nothing more, and never half a file', async () => {
    const files = new Map(Array.from({ length: 5 }, (_, i) => [`/p/f${i}.py`, `"""F."""\n\n\ndef a${i}(x):\n    return x\n\n\ndef b${i}(x):\n    return x\n`] as [string, string]));
    const original = new Map(files);
    const host = memoryHost(files);
    const t = await tools();
    const plan = await planWorkspace([...files.keys()], host, t, 'all', 'public');
    const controller = new AbortController();
    host.progress = (p) => { if (p.filesDone === 2) controller.abort(); };
    const report = await runWorkspace(plan, host, t, new TemplateProvider(), controller.signal);
    assert.equal(report.cancelled, true);
    assert.deepEqual(host.applied, ['/p/f0.py', '/p/f1.py']);
    for (const [file, text] of files) {
      const count = text.match(/"""TODO/g)?.length ?? 0;
      assert.ok(count === 2 || text === original.get(file), file);
    }
  });
});
