import { strict as assert } from 'node:assert';
import { DocumentMetricsRequest } from '../../server/src/shared/protocol';
import { codes, LspTestClient, type PublishedDiagnostics } from './lspClient';

/**
 * The server's copy of a document and its syntax tree follow every didChange the way the LSP
 * defines it: lines end at '\r\n', '\r' or '\n'; a position past its line's end means the end
 * of that line, past the last line the end of the text; and a range whose start comes after its
 * end is read in order (as vscode-languageserver-textdocument does).
 */

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

interface Position { line: number; character: number }
interface Change { range: { start: Position; end: Position }; text: string }

/** The reference: the text a change gives by the protocol's rules, written without the server's library. */
function applyChange(text: string, change: Change): string {
  const starts = [0];
  const ends: number[] = [];
  for (const found of text.matchAll(/\r\n|\r|\n/g)) {
    ends.push(found.index);
    starts.push(found.index + found[0].length);
  }
  ends.push(text.length);
  const offset = (p: Position) => (p.line >= starts.length ? text.length : Math.min(starts[p.line]! + p.character, ends[p.line]!));
  const [a, b] = [offset(change.range.start), offset(change.range.end)];
  const [from, to] = a <= b ? [a, b] : [b, a];
  return text.slice(0, from) + change.text + text.slice(to);
}

const strip = (p: PublishedDiagnostics) => p.diagnostics.map((d) => ({ ...d, codeDescription: undefined }));

describe('document sync over stdio: reversed, out-of-range and random changes', function () {
  let client: LspTestClient;
  beforeEach(async () => { client = await LspTestClient.start(); });
  afterEach(async () => { await client.stop(); });

  let versions = 1;
  async function change(uri: string, changes: Change[]): Promise<number> {
    versions++;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: versions }, contentChanges: changes });
    return versions;
  }
  const range = (a: [number, number], b: [number, number]) => ({ start: { line: a[0], character: a[1] }, end: { line: b[0], character: b[1] } });

  /** Diagnostics and metrics of the edited document, and of a fresh open of `text`. */
  async function againstFresh(uri: string, version: number, text: string, name: string) {
    const incremental = await client.diagnostics(uri, (p) => p.version === version);
    const fresh = LspTestClient.uri(name);
    await client.open(fresh, text);
    const reference = await client.diagnostics(fresh);
    const metrics = async (u: string) => {
      const m = await client.connection.sendRequest(DocumentMetricsRequest, { uri: u });
      return [m.definitions, m.module];
    };
    return { incremental, reference, metrics: await metrics(uri), freshMetrics: await metrics(fresh) };
  }

  it('a range whose start is after its end is read in order, for the text and the tree alike', async () => {
    const uri = LspTestClient.uri('reversed.py');
    versions = 1;
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
    const renamed = await change(uri, [{ range: range([2, 11], [2, 4]), text: 'b' }]);
    const after = await client.diagnostics(uri, (p) => p.version === renamed);
    assert.deepEqual(after.diagnostics.map((d) => [d.code, d.message, d.range]), [
      ['DW103', 'Missing docstring in public function: `b`', range([2, 4], [2, 5])],
      ['DW102', 'Missing docstring in public method: `Shape.area`', range([12, 8], [12, 12])],
    ]);
    // Across lines, end before start: the whole function becomes another.
    const replaced = await change(uri, [{ range: range([7, 15], [2, 0]), text: 'def g():\n    pass' }]);
    const text = applyChange(applyChange(SOURCE, { range: range([2, 11], [2, 4]), text: 'b' }), { range: range([7, 15], [2, 0]), text: 'def g():\n    pass' });
    assert.equal(text.split('\n').slice(2, 5).join('\n'), 'def g():\n    pass\n');
    const result = await againstFresh(uri, replaced, text, 'reversed-fresh.py');
    assert.deepEqual(result.incremental.diagnostics.map((d) => [d.code, d.message, d.range]), [
      ['DW103', 'Missing docstring in public function: `g`', range([2, 4], [2, 5])],
      ['DW102', 'Missing docstring in public method: `Shape.area`', range([8, 8], [8, 12])],
    ]);
    assert.deepEqual(strip(result.incremental), strip(result.reference));
    assert.deepEqual(result.metrics, result.freshMetrics);
  });

  it('positions past a line end or the last line are clamped alike for the text and the tree', async () => {
    const uri = LspTestClient.uri('clamped.py');
    versions = 1;
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
    await change(uri, [{ range: range([12, 99], [12, 200]), text: '  # noqa' }]);
    const tail = await change(uri, [{ range: range([99, 0], [120, 7]), text: 'def tail():\n    pass\n' }]);
    const after = await client.diagnostics(uri, (p) => p.version === tail);
    assert.deepEqual(codes(after), ['3:DW103', '15:DW103']);
    assert.equal(after.diagnostics[1]!.message, 'Missing docstring in public function: `tail`');
    assert.deepEqual(after.diagnostics[1]!.range, range([14, 4], [14, 8]));
  });

  it('a CR-only document gets the diagnostics of its LF copy, and hover finds its definitions', async () => {
    const lf = LspTestClient.uri('lf.py');
    const mac = LspTestClient.uri('mac.py');
    await client.open(lf, SOURCE);
    await client.open(mac, SOURCE.replace(/\n/g, '\r'));
    const [a, b] = [await client.diagnostics(lf), await client.diagnostics(mac)];
    assert.deepEqual(codes(b), ['3:DW103', '13:DW102']);
    assert.deepEqual(strip(b), strip(a));
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: mac }, position: { line: 12, character: 9 } }) as { contents: { value: string }; range: unknown };
    assert.match(hover.contents.value, /\| cyclomatic \| 1 \(rank A\) \|/);
    assert.deepEqual(hover.range, range([12, 8], [12, 12]));
  });

  // Found by this test under load: a statement starting mid-line kept its old column from the cache.
  it('random changes (reversed, past the ends, CR, LF and CRLF, several per notification) end where a fresh open of the text is', async function () {
    this.timeout(120000);
    const pieces = ['\r', '\n', '\r\n', 'x', ' and b', '(', ')', '"""', ':', '    ', 'if a:\r    pass\r', 'def g(self):\n    return 1\n', 'class K:\r\n    y = 1\r\n', 'é😀', ''];
    const endings = ['\n', '\r\n', '\r'];
    for (let round = 0; round < 20; round++) {
      let seed = 1000 + round;
      const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n); };
      const uri = LspTestClient.uri(`property-${round}.py`);
      let text = SOURCE.replace(/\n/g, endings[round % endings.length]!);
      versions = 1;
      await client.open(uri, text);
      let version = 1;
      for (let i = 0; i < 80; i++) {
        const lineCount = text.split(/\r\n|\r|\n/).length;
        const position = (): Position => ({ line: random(lineCount + 2), character: random(24) });
        const changes: Change[] = Array.from({ length: 1 + random(3) }, () => {
          const start = position();
          // Mostly short ranges on one line, sometimes reversed or across lines.
          const end = random(3) === 0 ? position() : { line: start.line, character: start.character + random(4) };
          return { range: { start, end }, text: pieces[random(pieces.length)]! };
        });
        for (const c of changes) text = applyChange(text, c);
        version = await change(uri, changes);
        // Wait for an analysis every few changes (how many depends on the round), so that the
        // statements it caches meet the later edits in a known order, not only by timing.
        if (i % (1 + (round % 5)) === 0) {
          const analysed = version;
          await client.diagnostics(uri, (p) => p.version === analysed);
        }
      }
      const result = await againstFresh(uri, version, text, `property-${round}-fresh.py`);
      assert.deepEqual(strip(result.incremental), strip(result.reference), `round ${round}`);
      assert.deepEqual(result.metrics, result.freshMetrics, `round ${round}`);
    }
  });
});
