import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { Definition } from '../../server/src/core/analysis/model';
import { describeExtraction, extractions, type Extraction } from '../../server/src/core/complexity/extraction';
import { definitionNodeAt } from '../../server/src/core/docstring/edit';
import { REPO, setup } from './helpers';

/**
 * Refactoring hints give exactly what the analyser counts once the extraction is done: each one
 * offered is performed (the statements moved into a new function, a call left in their place)
 * and the result analysed again.
 */

const NEW_NAME = '_extracted_block';

/** The source with `e` performed: the call where the statements were, the new function at the end of the module. */
function perform(source: string, e: Extraction, isAsync: boolean): string {
  const lineStart = source.lastIndexOf('\n', e.startIndex - 1) + 1;
  const indent = source.slice(lineStart, e.startIndex);
  const prefix = /^[ \t]*$/.test(indent) ? indent : null;
  const moved = source.slice(e.startIndex, e.endIndex).split('\n')
    .map((line, i) => (i === 0 ? line : prefix !== null && line.startsWith(prefix) ? line.slice(prefix.length) : line))
    .map((line) => (line.trim() ? `    ${line}` : line));
  const call = `${e.returns ? 'return ' : ''}${isAsync ? 'await ' : ''}${NEW_NAME}()`;
  const rest = source.slice(0, e.startIndex) + call + source.slice(e.endIndex);
  return `${rest.trimEnd()}\n\n\n${isAsync ? 'async ' : ''}def ${NEW_NAME}():\n${moved.join('\n')}\n`;
}

async function analysed(source: string) {
  const { grammar, analyzer } = await setup();
  const parser = grammar.newParser();
  const tree = parser.parse(source)!;
  return { tree, analysis: analyzer.analyze(tree, source), done: () => { tree.delete(); parser.delete(); } };
}

/** Performs the extractions offered for `qualname` (each, or the best and a spread of the rest) and checks the analyser's scores; returns them all. */
async function checkAll(source: string, qualname: string, sample = (_e: Extraction, _rank: number) => true): Promise<Extraction[]> {
  const { tree, analysis, done } = await analysed(source);
  try {
    const definition = analysis.definitions.find((d) => d.qualname === qualname)!;
    const node = definitionNodeAt(tree, definition.nameSpan.startLine, definition.nameSpan.startCol)!;
    const offered = extractions(node, definition);
    for (const [rank, e] of offered.entries()) if (sample(e, rank)) await checkOne(source, definition, e);
    return offered;
  } finally {
    done();
  }
}

async function checkOne(source: string, definition: Definition, e: Extraction): Promise<void> {
  const text = perform(source, e, definition.isAsync);
  const { analysis, done } = await analysed(text);
  try {
    const where = `${definition.qualname}, ${describeExtraction(e)}`;
    assert.deepEqual(analysis.syntaxErrors, [], `${where}: the extraction parses\n${text}`);
    const after = analysis.definitions.find((d) => d.qualname === definition.qualname && d.nameSpan.startLine === definition.nameSpan.startLine);
    const extracted = analysis.definitions.find((d) => d.qualname === NEW_NAME);
    assert.equal(after?.metrics.cognitive, e.after, `${where}: the function's score`);
    assert.equal(extracted?.metrics.cognitive, e.extracted, `${where}: the new function's score`);
  } finally {
    done();
  }
}

describe('refactoring hints', () => {
  const tangled = fs.readFileSync(path.join(REPO, 'test/fixtures/complexity/tangled.py'), 'utf8');

  it('names the block whose extraction lowers the larger score most, with the exact numbers', async () => {
    const offered = await checkAll(tangled, 'tangled');
    assert.deepEqual(offered.slice(0, 3).map(describeExtraction), [
      'extracting lines 13–19 (the while loop): cognitive 19 → 7, new function 6',
      'extracting lines 14–19 (the if): cognitive 19 → 10, new function 3',
      'extracting lines 16–19 (the try): cognitive 19 → 14, new function 1',
    ]);
  });

  it('offers no block that returns, yields, leaves a loop outside it, declares global or holds a class; a returning tail becomes `return new()`', async () => {
    const source = [
      'def f(xs):',
      '    for x in xs:',
      '        if x:',
      '            if x > 1:',
      '                break',
      '    while xs:',
      '        if xs[0]:',
      '            if xs[1]:',
      '                return 1',
      '    for y in xs:',
      '        if y:',
      '            global G',
      '            if y > 2:',
      '                pass',
      '    for z in xs:',
      '        if z:',
      '            if z > 3:',
      '                class C:',
      '                    pass',
      '    if xs and xs[0]:',
      '        if xs[1]:',
      '            if xs[2]:',
      '                return 2',
      '    return 3',
      '',
    ].join('\n');
    const offered = await checkAll(source, 'f');
    const lines = offered.map((e) => `${e.startLine + 1}-${e.endLine + 1}${e.returns ? ' returns' : ''}`);
    // Kept: the loop whose own `break` stays inside it, the `if` after the `global` (not with it),
    // and the `if` that returns, as it ends the body.
    assert.deepEqual(lines, ['20-24 returns', '2-5', '13-14']);
    assert.equal(perform(source, offered[0]!, false).split('\n')[19], '    return _extracted_block()');
  });

  it('on large stdlib functions every extraction offered gives the scores it announced', async function () {
    this.timeout(120000);
    const { grammar, analyzer } = await setup();
    let checked = 0;
    let functions = 0;
    for (const file of ['argparse.py', 'difflib.py', 'tarfile.py', 'configparser.py', 'inspect.py']) {
      const source = fs.readFileSync(path.join('/usr/lib/python3.11', file), 'utf8');
      const parser = grammar.newParser();
      const tree = parser.parse(source)!;
      const analysis = analyzer.analyze(tree, source);
      const large = analysis.definitions.filter((d) => d.kind === 'function' && d.metrics.cognitive > 25 && d.parentKind !== 'function');
      for (const definition of large) {
        const node: Node = definitionNodeAt(tree, definition.nameSpan.startLine, definition.nameSpan.startCol)!;
        // Analysed alone, dedented to a module of its own: a method scores as a function does.
        const own = dedent(source.slice(source.lastIndexOf('\n', node.startIndex) + 1, node.endIndex));
        // The best ones (what the hint shows) and every seventh of the rest, to keep the suite quick.
        const offered = await checkAll(own, definition.name, (_e, rank) => rank < 12 || rank % 7 === 0);
        checked += offered.filter((_e, rank) => rank < 12 || rank % 7 === 0).length;
        functions++;
      }
      tree.delete();
      parser.delete();
    }
    assert.ok(functions >= 10 && checked >= 200, `${functions} functions, ${checked} extractions`);
  });
});

function dedent(text: string): string {
  const indent = /^[ \t]*/.exec(text)![0];
  return text.split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n');
}
