import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyEdits, LspTestClient, REPO, type Diagnostic, type TextEdit } from './lspClient';

/** The complexity features over stdio: related locations, lenses, inlay hints, refactoring hints, suppression. */

export const TANGLED = fs.readFileSync(path.join(REPO, 'test/fixtures/complexity/tangled.py'), 'utf8');

interface Related {
  location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
  message: string;
}
type WithRelated = Diagnostic & { relatedInformation?: Related[] };

/** Lines are 1-based here, as an editor shows them. */
const at = (r: Related) => `${r.location.range.start.line + 1}:${r.location.range.start.character} ${r.message}`;

/** tangled's increments, in source order; they add up to its score, 19. */
export const TANGLED_INCREMENTS = [
  '7:4 +1: for',
  '8:8 +2 (nesting 1): if',
  '8:24 +1: and',
  '10:8 +1: elif',
  '10:22 +1: or',
  '12:8 +1: else',
  '13:12 +3 (nesting 2): while',
  '14:16 +4 (nesting 3): if',
  '18:24 +5 (nesting 4): except',
];

describe('complexity explained over LSP', function () {
  let client: LspTestClient;
  const uri = LspTestClient.uri('tangled.py');
  beforeEach(async () => { client = await LspTestClient.start(); });
  afterEach(async () => { await client.stop(); });

  it('DW902 carries one related location per increment, and their amounts add up to the score', async () => {
    await client.open(uri, TANGLED);
    const published = await client.diagnostics(uri);
    const dw902 = published.diagnostics.find((d) => d.code === 'DW902') as WithRelated;
    assert.equal(dw902.message, '`tangled` is too hard to follow: cognitive complexity 19 > 15');
    const related = dw902.relatedInformation!;
    assert.deepEqual(related.map(at), TANGLED_INCREMENTS);
    assert.ok(related.every((r) => r.location.uri === uri));
    assert.equal(related.reduce((sum, r) => sum + Number(/^\+(\d+)/.exec(r.message)![1]), 0), 19);
    // The location is the keyword itself.
    assert.deepEqual(related[1]!.location.range, { start: { line: 7, character: 8 }, end: { line: 7, character: 10 } });
  });

  it('DW903 points to the deepest block and each block around it', async () => {
    await client.open(uri, TANGLED);
    const published = await client.diagnostics(uri);
    const dw903 = published.diagnostics.find((d) => d.code === 'DW903') as WithRelated;
    assert.equal(dw903.message, '`tangled` nests too deeply: depth 6 > 4');
    assert.deepEqual(dw903.relatedInformation!.map(at), [
      '7:4 nesting 1: for',
      '8:8 nesting 2: if',
      '13:12 nesting 3: while',
      '14:16 nesting 4: if',
      '15:20 nesting 5: with',
      '16:24 nesting 6: try (deepest)',
    ]);
    assert.equal((published.diagnostics.find((d) => d.code === 'DW103') as WithRelated | undefined)?.relatedInformation, undefined);
  });

  it('every finding has an "Ignore DWxxx on this line" fix, merged into a noqa already there', async () => {
    client.settings = { maxCyclomatic: 5 };
    const source = TANGLED.replace('def tangled(items, limit):', 'def tangled(items, limit):  # noqa: E501');
    await client.open(uri, source);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'DW901'));
    const onDef = published.diagnostics.filter((d) => d.range.start.line === 3);
    assert.deepEqual(onDef.map((d) => d.code), ['DW901', 'DW902', 'DW903']);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: onDef[0]!.range, context: { diagnostics: onDef },
    }) as { title: string; kind: string; edit?: { changes?: Record<string, TextEdit[]> } }[];
    const ignores = actions.filter((a) => a.title.startsWith('Ignore'));
    assert.deepEqual(ignores.map((a) => `${a.kind} ${a.title}`), ['quickfix Ignore DW901 on this line', 'quickfix Ignore DW902 on this line', 'quickfix Ignore DW903 on this line']);
    const edited = applyEdits(source, ignores[0]!.edit!.changes![uri]!);
    assert.equal(edited.split('\n')[3], 'def tangled(items, limit):  # noqa: E501, DW901');
    await client.edit(uri, [0, 0], [999, 0], edited);
    const after = await client.diagnostics(uri);
    assert.deepEqual(after.diagnostics.filter((d) => d.range.start.line === 3).map((d) => d.code), ['DW902', 'DW903']);
  });

  it('a DW100 on a docstring that goes on past its first line gets no ignore fix (the comment would land in the string)', async () => {
    const source = '"""\nNo summary line.\n"""\nx = 1\n';
    await client.open(uri, '# comment only\n');
    await client.diagnostics(uri);
    const fake = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, message: 'm', code: 'DW100', source: 'docwright' };
    await client.edit(uri, [0, 0], [1, 0], source);
    await client.diagnostics(uri);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: fake.range, context: { diagnostics: [fake] },
    }) as { title: string }[] | null;
    assert.deepEqual((actions ?? []).filter((a) => a.title.startsWith('Ignore')), []);
  });

  interface Lens { range: { start: { line: number; character: number } }; data?: unknown; command?: { title: string; command: string; arguments?: unknown[] } }
  /** New settings, as an editor announces them. */
  const configure = async (settings: Record<string, unknown>) => {
    client.settings = settings;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  };
  const lenses = async (settings: Record<string, unknown>) => {
    await configure(settings);
    return client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<Lens[]>;
  };
  const resolve = (lens: Lens) => client.connection.sendRequest('codeLens/resolve', lens) as Promise<Lens>;

  it('a lens above a function past its thresholds, resolved lazily to its scores and a command listing its increments', async () => {
    await client.open(uri, TANGLED);
    await client.diagnostics(uri);
    const listed = await lenses({});
    assert.deepEqual(listed.map((l) => [l.range.start.line, l.command]), [[3, undefined]]);
    const resolved = await resolve(listed[0]!);
    assert.equal(resolved.command!.title, 'cognitive 19 · cyclomatic 9 (B) · nesting 6 · docstring ok');
    assert.equal(resolved.command!.command, 'docwright.showIncrements');
    const args = resolved.command!.arguments![0] as { qualname: string; cognitive: number; increments: { range: { start: { line: number; character: number } }; label: string }[] };
    assert.equal(args.qualname, 'tangled');
    assert.equal(args.cognitive, 19);
    assert.deepEqual(args.increments.map((i) => `${i.range.start.line + 1}:${i.range.start.character} ${i.label}`), TANGLED_INCREMENTS);
  });

  it('codeLens: always puts one on every def (hideUnder spares the simple ones), off on none; a lens follows an edit', async () => {
    await client.open(uri, TANGLED);
    await client.diagnostics(uri);
    const all = await lenses({ codeLens: 'always' });
    const titles = await Promise.all(all.map(async (l) => `${l.range.start.line + 1} ${(await resolve(l)).command!.title}`));
    assert.deepEqual(titles, ['4 cognitive 19 · cyclomatic 9 (B) · nesting 6 · docstring ok', '23 cognitive 0 · cyclomatic 1 (A) · docstring ok']);
    assert.deepEqual((await lenses({ codeLens: 'always', codeLensHideUnder: 1 })).map((l) => l.range.start.line), [3]);
    assert.deepEqual(await lenses({ codeLens: 'off' }), []);
    // Typing: `if x:` in `simple` adds one, and its docstring goes missing.
    await client.edit(uri, [23, 0], [24, 0], '    if x:\n        x = 1\n');
    const after = await lenses({ codeLens: 'always' });
    assert.equal((await resolve(after[1]!)).command!.title, 'cognitive 1 · cyclomatic 2 (A) · docstring missing');
  });

  const hints = async (settings: Record<string, unknown>) => {
    await configure(settings);
    return client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } } }) as
      Promise<{ position: { line: number; character: number }; label: string; tooltip: string }[]>;
  };

  it('inlay hints (off by default): +N at the end of each contributing line, summing to the score, updated on each change', async () => {
    await client.open(uri, TANGLED);
    await client.diagnostics(uri);
    assert.deepEqual(await hints({}), []);
    const shown = await hints({ inlayHints: true });
    const lines = TANGLED.split('\n');
    assert.deepEqual(shown.map((h) => `${h.position.line + 1} ${h.label}`), ['7 +1', '8 +3', '10 +2', '12 +1', '13 +3', '14 +4', '18 +5']);
    assert.ok(shown.every((h) => h.position.character === lines[h.position.line]!.length));
    assert.equal(shown[1]!.tooltip, '+2 (nesting 1): if\n+1: and');
    assert.equal(shown.reduce((sum, h) => sum + Number(h.label.slice(1)), 0), 19);
    await client.edit(uri, [7, 38], [7, 38], ' or item == 7');
    const edited = await hints({ inlayHints: true });
    assert.deepEqual(edited.slice(0, 2).map((h) => `${h.position.line + 1} ${h.label} ${h.tooltip.replace(/\n/g, ' | ')}`), ['7 +1 +1: for', '8 +4 +2 (nesting 1): if | +2: and, or']);
  });

  it('a function over maxCognitive gets the refactoring hint in its hover and a code action that shows the plan', async () => {
    await client.open(uri, TANGLED);
    await client.diagnostics(uri);
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 5 } }) as { contents: { value: string } };
    assert.match(hover.contents.value, /\n\nRefactoring hint: extracting lines 13–19 \(the while loop\): cognitive 19 → 7, new function 6\.$/);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, context: { diagnostics: [], only: ['refactor.extract'] },
    }) as { title: string; kind: string; edit?: unknown; command: { command: string; arguments: [{ qualname: string; steps: { label: string; range: unknown }[] }] } }[];
    assert.deepEqual(actions.map((a) => [a.kind, a.title, a.command.command, a.edit]), [['refactor.extract', 'Show refactoring plan for `tangled`', 'docwright.showRefactorPlan', undefined]]);
    assert.deepEqual(actions[0]!.command.arguments[0].steps.map((s) => s.label), [
      'extracting lines 13–19 (the while loop): cognitive 19 → 7, new function 6',
      'extracting lines 14–19 (the if): cognitive 19 → 10, new function 3',
      'extracting lines 16–19 (the try): cognitive 19 → 14, new function 1',
    ]);
    assert.deepEqual(actions[0]!.command.arguments[0].steps[0]!.range, { start: { line: 12, character: 0 }, end: { line: 19, character: 0 } });
    const simpleHover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 22, character: 5 } }) as { contents: { value: string } };
    assert.doesNotMatch(simpleHover.contents.value, /Refactoring hint/);
  });

  it('a code links to the rendered description where the client runs the command, else to docs/codes.md at the code', async () => {
    await client.open(uri, TANGLED);
    const plain = await client.diagnostics(uri);
    const href = plain.diagnostics.find((d) => d.code === 'DW902')!.codeDescription!.href;
    assert.equal(href, `${pathToFileURL(path.join(REPO, 'docs/codes.md')).toString()}#dw902`);
    assert.ok(fs.readFileSync(path.join(REPO, 'docs/codes.md'), 'utf8').includes('\n## DW902\n'), 'the anchor names a heading');
    await client.stop();
    client = await LspTestClient.start(undefined, true, {}, { codeDescriptionCommand: true });
    await client.open(uri, TANGLED);
    const linked = await client.diagnostics(uri);
    assert.deepEqual(linked.diagnostics.map((d) => d.codeDescription!.href), linked.diagnostics.map((d) => `command:docwright.showCodeDescription?%5B%22${d.code}%22%5D`));
    assert.equal(linked.diagnostics.find((d) => d.code === 'DW902')!.codeDescription!.href, 'command:docwright.showCodeDescription?%5B%22DW902%22%5D');
  });
});
