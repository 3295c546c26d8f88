import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentMetricsRequest } from '../../server/src/shared/protocol';
import { codes, LspTestClient } from './lspClient';

const SOURCE = [
  '"""Module."""',                         // 1
  '',                                      // 2
  'def branchy(a, b, c):',                 // 3
  '    if a and b:',                       // 4
  '        for x in c:',                   // 5
  '            if x:',                     // 6
  '                return x',              // 7
  '    return None',                       // 8
  '',                                      // 9
  'class Shape:',                          // 10
  '    """A shape."""',                    // 11
  '',                                      // 12
  '    def area(self):',                   // 13
  '        return 0',                      // 14
  '',
].join('\n');

describe('language server over stdio', function () {
  let client: LspTestClient;

  beforeEach(async () => {
    client = await LspTestClient.start();
  });
  afterEach(async () => {
    await client.stop();
  });

  it('didOpen publishes diagnostics with codes, ranges and a link to their description', async () => {
    const uri = LspTestClient.uri('shapes.py');
    await client.open(uri, SOURCE);
    const published = await client.diagnostics(uri);
    assert.deepEqual(codes(published), ['3:DW103', '13:DW102']);
    const first = published.diagnostics[0]!;
    assert.deepEqual(first.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 11 } });
    assert.equal(first.message, 'Missing docstring in public function: `branchy`');
    assert.match(first.codeDescription!.href, /^file:.*docs\/codes\.md#dw103$/);
  });

  it('incremental changes update the diagnostics, version by version', async () => {
    const uri = LspTestClient.uri('edit.py');
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
    // Add a docstring to branchy: DW103 goes away.
    await client.edit(uri, [2, 22], [2, 22], '\n    """Pick the first truthy x."""');
    assert.deepEqual(codes(await client.diagnostics(uri)), ['14:DW102']);
    // Make area complex: insert four nested ifs (cyclomatic 5 + nesting 4 is still fine)...
    const nested = ['        if self:', '            if self:', '                if self:', '                    if self:', '                        if self:', '                            pass', ''].join('\n');
    await client.edit(uri, [14, 0], [14, 0], `${nested}\n`);
    assert.deepEqual(codes(await client.diagnostics(uri)), ['14:DW102', '14:DW903']);
    // ...then type a character at a time into a comment: diagnostics follow every keystroke.
    let version = 0;
    let column = 19;
    for (const ch of '  # noqa') {
      version = await client.edit(uri, [13, column], [13, column], ch);
      column++;
    }
    const final = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(codes(final), []);
  });

  it('a code action or hover asked for before the first publish does not swallow it (VS Code asks for the lightbulb on open)', async () => {
    const uri = LspTestClient.uri('early.py');
    await client.open(uri, SOURCE);
    // Sent at once, so they wait on the same settings round trip as the open's analysis.
    const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } };
    await Promise.all([
      client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }),
      client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } }),
    ]);
    assert.deepEqual(codes(await client.diagnostics(uri)), ['3:DW103', '13:DW102']);
    // The same after a change that waits for diagnosticsDelayMs: a hover meanwhile does not cancel it.
    client.settings = { diagnosticsDelayMs: 200 };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.until('the new delay to be read', () => (client.configurationRequests > 1 ? true : undefined));
    await client.edit(uri, [2, 22], [2, 22], '\n    """Pick the first truthy x."""');
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } });
    assert.deepEqual(codes(await client.diagnostics(uri)), ['14:DW102']);
  });

  it('hover on a def name shows the metrics table and the docstring status', async () => {
    const uri = LspTestClient.uri('hover.py');
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } }) as { contents: { kind: string; value: string } };
    const text = hover.contents.value;
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(text, /\*\*function `branchy`\*\*/);
    assert.match(text, /\| cyclomatic \| 5 \(rank A\) \|/);
    assert.match(text, /\| cognitive \| 7 \|/);
    assert.match(text, /\| nesting \| 3 \|/);
    assert.match(text, /\| parameters \| 3 \|/);
    assert.match(text, /line 6 \+3 \(if \(\+2 nesting\)\)/);
    assert.match(text, /Docstring: missing \(DW103\)/);
    const none = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 8 } });
    assert.equal(none, null);
    const shape = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 7 } }) as { contents: { value: string } };
    assert.match(shape.contents.value, /Docstring: present — “A shape\.”/);
  });

  it('close clears the diagnostics and frees the document', async () => {
    const uri = LspTestClient.uri('close.py');
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
    const open = await client.connection.sendRequest(DocumentMetricsRequest, { uri });
    assert.deepEqual([open.openDocuments, open.trees], [1, 1]);
    await client.close(uri);
    await client.diagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
    const after = await client.connection.sendRequest(DocumentMetricsRequest, { uri });
    assert.deepEqual([after.openDocuments, after.trees, after.version], [0, 0, null]);
  });

  it('a settings change re-publishes with the new settings', async () => {
    const uri = LspTestClient.uri('settings.py');
    await client.open(uri, SOURCE);
    assert.deepEqual(codes(await client.diagnostics(uri)), ['3:DW103', '13:DW102']);
    client.settings = { maxCyclomatic: 3, severity: { DW103: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const updated = await client.diagnostics(uri, (p) => codes(p).includes('3:DW901'));
    assert.deepEqual(codes(updated), ['3:DW901', '13:DW102']);
    assert.equal(updated.diagnostics[0]!.message, '`branchy` is too complex: cyclomatic complexity 5 > 3 (rank A)');
    client.settings = { enable: false };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
  });

  it("a project's [tool.docwright] decides in the editor too, edits of pyproject.toml re-publish, excluded files stay quiet", async () => {
    await client.stop();
    client = await LspTestClient.start(undefined, true, {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
    });
    const project = mkdtempSync(path.join(tmpdir(), 'docwright-project-'));
    const pyproject = path.join(project, 'pyproject.toml');
    writeFileSync(pyproject, '[tool.docwright]\nmax-cyclomatic = 3\nexclude = ["generated"]\n');
    const uriOf = (rel: string) => pathToFileURL(path.join(project, rel)).toString();
    const [app, generated, library] = [uriOf('app.py'), uriOf('generated/models.py'), uriOf('.venv/lib/site-packages/lib.py')];
    for (const uri of [app, generated, library]) await client.open(uri, SOURCE);
    // Editor settings say max 10 (the default); the project says 3, and the project wins.
    assert.deepEqual(codes(await client.diagnostics(app)), ['3:DW103', '3:DW901', '13:DW102']);
    assert.deepEqual(codes(await client.diagnostics(generated)), []);
    assert.deepEqual(codes(await client.diagnostics(library)), []);
    const watchers = client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watchers.map((r) => r.registerOptions), [{ watchers: [{ globPattern: '**/pyproject.toml' }, { globPattern: '**/*.py' }] }]);

    writeFileSync(pyproject, '[tool.docwright]\nmax-cyclomatic = 10\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(pyproject).toString(), type: 2 }] });
    await client.diagnostics(app, (p) => !codes(p).includes('3:DW901'));
    assert.deepEqual(codes(await client.diagnostics(generated, (p) => p.diagnostics.length > 0)), ['3:DW103', '13:DW102']);
    assert.deepEqual(codes(client.published.get(library)!), []);
  });

  it('clients that only push settings (no workspace/configuration) are honoured', async () => {
    await client.stop();
    client = await LspTestClient.start(undefined, false);
    const uri = LspTestClient.uri('pushed.py');
    await client.open(uri, SOURCE);
    assert.deepEqual(codes(await client.diagnostics(uri)), ['3:DW103', '13:DW102']);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { docwright: { maxNesting: 2, ignore: ['DW1'] } } });
    const updated = await client.diagnostics(uri, (p) => codes(p).includes('3:DW903'));
    assert.deepEqual(codes(updated), ['3:DW903']);
    assert.equal(client.configurationRequests, 0);
  });

  it('invalid settings fall back to defaults instead of switching off', async () => {
    client.settings = { maxCyclomatic: 'high', maxNesting: 2 };
    const uri = LspTestClient.uri('invalid.py');
    await client.open(uri, SOURCE);
    assert.deepEqual(codes(await client.diagnostics(uri)), ['3:DW103', '3:DW903', '13:DW102']);
  });

  it('syntax errors: the rest of the file is still analysed', async () => {
    const uri = LspTestClient.uri('broken.py');
    await client.open(uri, `${SOURCE}\ndef broken(:\n    pass\n\ndef after():\n    pass\n`);
    const found = codes(await client.diagnostics(uri));
    assert.ok(found.includes('3:DW103') && found.includes('19:DW103'), found.join(' '));
  });

  it('skips oversized and binary documents with a reason, and keeps serving', async () => {
    client.settings = { maxFileSizeKb: 1 };
    const big = LspTestClient.uri('big.py');
    await client.open(big, `x = 1\n${'# filler\n'.repeat(200)}`);
    await client.diagnostics(big, (p) => p.diagnostics.length === 0);
    const bin = LspTestClient.uri('bin.py');
    await client.open(bin, 'x = 1\0\0\n');
    await client.until('skip notifications', () => (client.skipped.length >= 2 ? true : undefined));
    assert.match(client.skipped[0]!.reason, /over the docwright.maxFileSizeKb limit of 1 KB/);
    assert.equal(client.skipped[1]!.reason, 'binary file (contains NUL characters)');
    const ok = LspTestClient.uri('ok.py');
    await client.open(ok, SOURCE);
    assert.deepEqual(codes(await client.diagnostics(ok)), ['3:DW103', '13:DW102']);
  });

  it('keeps trees only for the most recently used documents; an evicted one is re-parsed on edit', async () => {
    const uris = Array.from({ length: 14 }, (_, i) => LspTestClient.uri(`many${i}.py`));
    for (const uri of uris) {
      await client.open(uri, SOURCE);
      await client.diagnostics(uri);
    }
    const state = await client.connection.sendRequest(DocumentMetricsRequest, { uri: uris[13] });
    assert.deepEqual([state.openDocuments, state.trees], [14, 12]);
    // The first document lost its tree; hover still works from its last analysis...
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uris[0] }, position: { line: 2, character: 6 } }) as { contents: { value: string } };
    assert.match(hover.contents.value, /\| cyclomatic \| 5 \(rank A\) \|/);
    // ...and an edit parses it afresh, with the right result.
    await client.edit(uris[0]!, [2, 22], [2, 22], '\n    """Documented now."""');
    assert.deepEqual(codes(await client.diagnostics(uris[0]!)), ['14:DW102']);
  });

  it('after many random edits the result equals a fresh analysis of the same text', async () => {
    const uri = LspTestClient.uri('random.py');
    let text = SOURCE;
    await client.open(uri, text);
    let seed = 7;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pieces = ['if a:\n    pass\n', 'x', '\n', 'def g():\n    return 1\n', ' and b', '(', ')', '"""', 'é😀'];
    let version = 1;
    for (let i = 0; i < 60; i++) {
      const lines = text.split('\n');
      const line = random(lines.length);
      const character = random(lines[line]!.length + 1);
      const deleteTo = random(3) === 0 ? Math.min(lines[line]!.length, character + random(4)) : character;
      const insert = random(4) === 0 ? '' : pieces[random(pieces.length)]!;
      version = await client.edit(uri, [line, character], [line, deleteTo], insert);
      lines[line] = lines[line]!.slice(0, character) + insert + lines[line]!.slice(deleteTo);
      text = lines.join('\n');
    }
    const incremental = await client.diagnostics(uri, (p) => p.version === version);
    const fresh = LspTestClient.uri('random-fresh.py');
    await client.open(fresh, text);
    const reference = await client.diagnostics(fresh);
    const strip = (p: typeof reference) => p.diagnostics.map((d) => ({ ...d, codeDescription: undefined }));
    assert.deepEqual(strip(incremental), strip(reference));
    const a = await client.connection.sendRequest(DocumentMetricsRequest, { uri });
    const b = await client.connection.sendRequest(DocumentMetricsRequest, { uri: fresh });
    assert.deepEqual([a.definitions, a.module], [b.definitions, b.module]);
  });
});
