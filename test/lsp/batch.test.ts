import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentTextsRequest, PlanWorkspaceRequest, RunWorkspaceRequest } from '../../server/src/shared/protocol';
import { applyEdits, LspTestClient, type TextEdit } from './lspClient';

/** Document Workspace over stdio: the plan's counts, and "Preview changes" (one annotated edit, settled on what was kept). */

const STALE = '"""Stale."""\n\n\ndef scale(value, factor):\n    """Scale a value.\n\n    Args:\n        value: The value.\n    """\n    print(value * factor)\n';
const FILES: Record<string, string> = {
  // One stale docstring and one missing.
  'a.py': `${STALE}\n\ndef offset(value):\n    print(value + 1)\n`,
  // One missing.
  'b.py': '"""B."""\n\n\ndef shift(value):\n    print(value - 1)\n',
  // One stale.
  'c.py': STALE,
};

interface AnnotatedEdit extends TextEdit { annotationId?: string }
interface ApplyParams {
  label?: string;
  edit: {
    documentChanges: { textDocument: { uri: string; version: number | null }; edits: AnnotatedEdit[] }[];
    changeAnnotations?: Record<string, { label: string; description?: string; needsConfirmation?: boolean }>;
  };
}

describe('Document Workspace over stdio: the template plan and Preview changes', function () {
  let client: LspTestClient;
  let dir: string;
  let state: string;
  const uri = (name: string) => pathToFileURL(path.join(dir, name)).toString();
  const name = (u: string) => u.split('/').pop()!;
  const plan = (only: 'missing' | 'stale' | 'all') => client.connection.sendRequest(PlanWorkspaceRequest, { roots: [pathToFileURL(dir).toString()], exclude: [], only, scope: 'public' });
  const runPlan = async (planId: string, preview: boolean) => {
    const result = await client.connection.sendRequest(RunWorkspaceRequest, { planId, preview });
    assert.ok(result, `plan ${planId} is known to the server`);
    return result;
  };

  /** Acts as the editor's preview: records the edit, keeps the edits `keep` accepts, answers documentTexts with the result. */
  function editorKeeping(keep: (file: string, edit: AnnotatedEdit) => boolean, apply = true) {
    const seen = { edits: [] as ApplyParams[], textRequests: 0 };
    const texts = new Map<string, string>();
    client.connection.onRequest('workspace/applyEdit', (params: ApplyParams) => {
      seen.edits.push(params);
      if (apply) {
        for (const change of params.edit.documentChanges) {
          const file = name(change.textDocument.uri);
          texts.set(change.textDocument.uri, applyEdits(FILES[file]!, change.edits.filter((e) => keep(file, e))));
        }
      }
      return { applied: apply };
    });
    client.connection.onRequest(DocumentTextsRequest, (params) => {
      seen.textRequests++;
      return { texts: params.uris.map((u) => texts.get(u) ?? FILES[name(u)]!) };
    });
    return seen;
  }

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-batch-'));
    state = mkdtempSync(path.join(tmpdir(), 'docwright-batch-state-'));
    for (const [file, text] of Object.entries(FILES)) writeFileSync(path.join(dir, file), text);
    client = await LspTestClient.start(undefined, true, {}, { storageDir: state }, [pathToFileURL(dir).href]);
  });
  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });

  it('the plan counts the placeholders the template would write, and what a stale-only run leaves out', async () => {
    const stale = await plan('stale');
    assert.deepEqual([stale.functions, stale.missing, stale.stale, stale.placeholders, stale.leftOut], [2, 0, 2, 0, { missing: 2, stale: 0 }]);
    const all = await plan('all');
    assert.deepEqual([all.functions, all.missing, all.stale, all.placeholders, all.leftOut], [4, 2, 2, 2, { missing: 0, stale: 0 }]);
  });

  it('Preview changes: one workspace edit, every edit annotated as needing confirmation; only the kept edits are reported and logged', async () => {
    // The user keeps c.py and the update in a.py; unticks a.py's new placeholder and all of b.py.
    const seen = editorKeeping((file, edit) => file === 'c.py' || (file === 'a.py' && edit.range.start.line < 10));
    const planned = await plan('all');
    const result = await runPlan(planned.planId, true);

    assert.equal(seen.edits.length, 1, 'every file in one edit, sent once all are computed');
    const { documentChanges, changeAnnotations } = seen.edits[0]!.edit;
    assert.deepEqual(documentChanges.map((c) => [name(c.textDocument.uri), c.textDocument.version, c.edits.length]), [['a.py', null, 2], ['b.py', null, 1], ['c.py', null, 1]]);
    const annotations = documentChanges.flatMap((c) => c.edits.map((e) => changeAnnotations![e.annotationId!]!));
    assert.deepEqual(annotations, [
      { label: 'Update docstrings', description: 'scale', needsConfirmation: true },
      { label: 'Insert placeholder docstrings (TODO text)', description: 'offset', needsConfirmation: true },
      { label: 'Insert placeholder docstrings (TODO text)', description: 'shift', needsConfirmation: true },
      { label: 'Update docstrings', description: 'scale', needsConfirmation: true },
    ]);
    assert.equal(seen.textRequests, 1);

    assert.deepEqual([result.added, result.placeholders, result.updated, result.declined, result.failed, result.cancelled], [0, 0, 2, 2, 0, false]);
    assert.deepEqual(result.changedUris, [uri('a.py'), uri('c.py')]);
    assert.match(result.markdown, /^# Docwright: document workspace\n\n0 docstrings added, 2 updated in 2 files; 0 skipped, 0 files failed; 3 files planned/);
    assert.match(result.markdown, /\nPreviewed: 2 changes applied, 2 left out\.\n/);
    // Each entry links to its file and line.
    assert.ok(result.markdown.includes(`\n## Left out in the preview\n\n- [\`a.py:13\`](${uri('a.py')}#L13) — \`offset\` (add)\n- [\`b.py:4\`](${uri('b.py')}#L4) — \`shift\` (add)\n`), result.markdown);
    const logged = readFileSync(path.join(state, 'changelog.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; qualname: string; kind: string });
    assert.deepEqual(logged.map((c) => `${path.basename(c.file)}:${c.qualname}:${c.kind}`), ['a.py:scale:updated', 'c.py:scale:updated']);
    for (const [file, text] of Object.entries(FILES)) assert.equal(readFileSync(path.join(dir, file), 'utf8'), text, `${file}: the server never writes; the editor saves what it kept`);
  });

  it('a discarded preview applies nothing and says so; a run without preview applies file by file, unannotated', async () => {
    const seen = editorKeeping(() => true, false);
    const discarded = await runPlan((await plan('all')).planId, true);
    assert.deepEqual([discarded.added, discarded.updated, discarded.declined, discarded.changedUris.length], [0, 0, 4, 0]);
    assert.match(discarded.markdown, /\nThe preview was discarded \(or a file changed before it opened\): nothing was applied\.\n/);
    assert.equal(seen.textRequests, 0);

    const live = editorKeeping(() => true);
    const applied = await runPlan((await plan('all')).planId, false);
    assert.deepEqual([applied.added, applied.placeholders, applied.updated, applied.declined], [2, 2, 2, 0]);
    assert.deepEqual(live.edits.map((e) => e.edit.documentChanges.map((c) => name(c.textDocument.uri))), [['a.py'], ['b.py'], ['c.py']]);
    assert.equal(live.edits.some((e) => e.edit.changeAnnotations || e.edit.documentChanges.some((c) => c.edits.some((x) => x.annotationId))), false);
    assert.match(applied.markdown, /\n2 of the added docstrings are placeholders \(TODO text to replace by hand\); an LLM provider \(`docwright\.llm\.provider`\) writes descriptions instead\.\n/);
  });
});
