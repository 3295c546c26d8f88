import { strict as assert } from 'node:assert';
import { decodePython } from '../../server/src/core/parse/source';
import { analyze, codesFor, definition } from './helpers';

describe('bad input', () => {
  it('syntax errors: what parses is analysed and the errors are located', async () => {
    const source = 'def good(a):\n    if a:\n        return 1\n\ndef broken(:\n    pass\n\ndef after(b):\n    return b or 2\n';
    const analysis = await analyze(source);
    const names = analysis.definitions.map((d) => d.qualname);
    assert.ok(names.includes('good') && names.includes('after'), names.join(','));
    assert.equal(analysis.definitions.find((d) => d.name === 'good')!.metrics.cyclomatic, 2);
    assert.equal(analysis.definitions.find((d) => d.name === 'after')!.metrics.cyclomatic, 2);
    assert.ok(analysis.syntaxErrors.length > 0);
    assert.equal(analysis.syntaxErrors[0]!.startLine, 4);
  });

  it('empty files and whitespace-only files', async () => {
    for (const source of ['', '\n\n', '   ', '# just a comment\n']) {
      const analysis = await analyze(source);
      assert.deepEqual([analysis.definitions.length, analysis.syntaxErrors.length], [0, 0]);
    }
    assert.deepEqual(await codesFor(''), ['1:DW100']);
  });

  it('CRLF line endings give the same lines and columns', async () => {
    const lf = 'def f(a):\n    if a:\n        return 1\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const [a, b] = [await definition(lf, 'f'), await definition(crlf, 'f')];
    assert.deepEqual([b.nameSpan, b.span.endLine, b.metrics.cyclomatic], [a.nameSpan, a.span.endLine, a.metrics.cyclomatic]);
  });

  it('tab indentation and form feeds', async () => {
    const d = await definition('\fdef f(a):\n\tif a:\n\t\tfor x in a:\n\t\t\tpass\n', 'f');
    assert.deepEqual([d.metrics.cyclomatic, d.metrics.cognitive, d.metrics.nesting], [3, 3, 2]);
  });

  it('non-ASCII text: columns are UTF-16 code units, as LSP expects', async () => {
    const d = await definition('s = "é😀"; t = 1\ndef f():\n    return "😀"\n', 'f');
    assert.deepEqual(d.nameSpan, { startLine: 1, startCol: 4, endLine: 1, endCol: 5 });
    const e = await definition('x = "😀"; exec("def g(): pass")\ndef 名前():\n    pass\n', '名前');
    assert.equal(e.nameSpan.endCol, 6);
  });

  const nestedIfs = (depth: number) => {
    let source = 'def f(a):\n';
    for (let i = 0; i < depth; i++) source += `${' '.repeat(4 * (i + 1))}if a:\n`;
    return `${source}${' '.repeat(4 * (depth + 1))}pass\n`;
  };

  it('400-deep nested blocks are counted exactly', async () => {
    const d = await definition(nestedIfs(400), 'f');
    assert.deepEqual([d.metrics.cyclomatic, d.metrics.nesting, d.metrics.cognitive], [401, 400, (400 * 401) / 2]);
  });

  it('1,000-deep nested blocks: no stack overflow, reported as a syntax error', async () => {
    // CPython refuses more than 100 indentation levels; the grammar's scanner stops
    // tracking them somewhere past 500, so this is an error tree that must still be served.
    const analysis = await analyze(nestedIfs(1000));
    assert.ok(analysis.syntaxErrors.length > 0);
  });

  it('1,000-deep nested expressions are counted exactly', async () => {
    let expression = 'a';
    for (let i = 0; i < 1000; i++) expression = `(a if b else ${expression})`;
    const d = await definition(`def f(a, b):\n    return ${expression}\n`, 'f');
    // Each conditional expression costs 1 + its nesting; its operands are one level deeper.
    assert.deepEqual([d.metrics.cyclomatic, d.metrics.cognitive], [1001, (1000 * 1001) / 2]);
  });

  it('50,000-character lines', async () => {
    const long = `def f(a):\n    return ${Array.from({ length: 10000 }, (_, i) => `a${i}`).join(' or ')}\n`;
    assert.ok(long.length > 50000);
    const d = await definition(long, 'f');
    assert.equal(d.metrics.cyclomatic, 10000);
    assert.equal(d.metrics.cognitive, 1);
  });
});

describe('decoding source bytes (PEP 263)', () => {
  const bytes = (s: string, encoding: BufferEncoding = 'utf8') => new Uint8Array(Buffer.from(s, encoding));

  it('UTF-8 by default, BOM stripped', () => {
    assert.deepEqual(decodePython(bytes('x = "é"\n')), { ok: true, text: 'x = "é"\n', encoding: 'utf-8' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('x = 1\n')]);
    assert.deepEqual(decodePython(bom), { ok: true, text: 'x = 1\n', encoding: 'utf-8' });
  });

  it('a coding cookie on line 1 or 2 selects the encoding', () => {
    const latin = bytes('# -*- coding: latin-1 -*-\nx = "\u00e9"\n', 'latin1');
    const result = decodePython(latin);
    assert.ok(result.ok && result.text.includes('"é"'));
    const second = bytes('#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\ny = 1\n', 'latin1');
    assert.ok(decodePython(second).ok);
  });

  it('invalid UTF-8 without a cookie, unknown encodings and binary files get a reason', () => {
    assert.deepEqual(decodePython(new Uint8Array([0x78, 0x3d, 0xff, 0x0a])), { ok: false, reason: 'not valid UTF-8 and no PEP 263 coding declaration' });
    assert.deepEqual(decodePython(bytes('# coding: klingon\nx = 1\n')), { ok: false, reason: "unknown encoding 'klingon' in the coding declaration" });
    assert.deepEqual(decodePython(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])), { ok: false, reason: 'binary file (contains NUL bytes)' });
  });
});
