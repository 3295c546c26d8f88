import { strict as assert } from 'node:assert';
import { confirmationDetail, nothingToWrite, runSummary } from '../../client/src/batchMessages';
import type { PlanSummary, RunWorkspaceResult } from '../../server/src/shared/protocol';

/** Document Workspace's words: the confirmation and the summary say how many placeholders a run writes. */

const plan = (over: Partial<PlanSummary>): PlanSummary => ({
  planId: '1', files: 3, functions: 5, missing: 2, stale: 3, placeholders: 2, leftOut: { missing: 0, stale: 0 }, unreadable: 0, unparsed: 0, provider: 'template', ...over,
});
const result = (over: Partial<RunWorkspaceResult>): RunWorkspaceResult => ({
  added: 2, placeholders: 2, updated: 3, declined: 0, skipped: 0, failed: 0, cancelled: false, changedUris: [], tokens: 0, usd: 0, cacheHits: 0, markdown: '', ...over,
});

describe('Document Workspace messages', () => {
  it('the confirmation counts the placeholders the template writes, and names the LLM alternative', () => {
    assert.equal(confirmationDetail(plan({})), [
      '5 docstrings (2 missing, 3 stale) in 3 files with template.',
      '2 of them are new placeholder docstrings (TODO text to replace by hand); an LLM provider (docwright.llm.provider) writes descriptions instead.',
      'Preview changes: nothing is applied until you tick, in the Refactor Preview, the files to keep.',
    ].join('\n'));
    assert.equal(confirmationDetail(plan({ functions: 3, missing: 0, placeholders: 0, leftOut: { missing: 4, stale: 0 } })).split('\n')[1],
      'No placeholder docstring is inserted: existing docstrings are completed (entries added, each with a TODO description, and dropped); 4 missing docstrings are left out.');
    const llm = plan({
      provider: 'compatible:gpt-4o-mini', placeholders: 0,
      estimate: { requests: 5, promptTokens: 1200, maxTokens: 4200, usd: 0.0012, cacheHits: 1, fits: false, remainingTokens: 3000, remainingUsd: 0.5 },
    });
    assert.deepEqual(confirmationDetail(llm).split('\n').slice(1, 4), [
      'compatible:gpt-4o-mini writes the descriptions.',
      'Estimate: 5 requests, 1200 prompt tokens (up to 4200 with output), ~$0.0012 at most; 1 from the cache at no cost.',
      'The budget left (3000 tokens, $0.5000) does not cover it all.',
    ]);
  });

  it('nothing to write: a stale-only run says how many docstrings are missing rather than that all are present', () => {
    const none = plan({ functions: 0, missing: 0, stale: 0, placeholders: 0 });
    assert.equal(nothingToWrite(none, 'workspace'), 'Docwright: every docstring in the workspace is present and up to date (0 files not read).');
    assert.equal(nothingToWrite({ ...none, leftOut: { missing: 7, stale: 0 } }, 'folder'),
      'Docwright: every existing docstring in the folder is up to date; 7 docstrings are missing (choose "Insert placeholders" to add TODO docstrings, or set an LLM provider to have them written).');
  });

  it('the summary counts placeholders and what the preview left out', () => {
    assert.equal(runSummary(result({ declined: 1 })), 'Docwright: 2 added (2 placeholders), 3 updated, 0 skipped, 0 failed; 1 left out in the preview.');
    assert.equal(runSummary(result({ placeholders: 0, tokens: 900, usd: 0.0009 })), 'Docwright: 2 added, 3 updated, 0 skipped, 0 failed; 900 tokens, $0.0009.');
  });
});
