import { strict as assert } from 'node:assert';
import { readNotebook, replaceCellSources } from '../../server/src/core/parse/notebook';

/** A notebook as Jupyter writes it: nbformat's json.dump(indent=1) with sorted keys. */
function notebook(sources: (string | string[])[], extra: Record<string, unknown> = {}) {
  return {
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Title\n', 'Prose ü.'] },
      ...sources.map((source, i) => ({
        cell_type: 'code', execution_count: i + 1, metadata: { tags: ['x'] },
        outputs: [{ name: 'stdout', output_type: 'stream', text: ['out\n'] }], source,
      })),
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
    ...extra,
  };
}

const jupyterText = (nb: object, indent: number | string = 1) => `${JSON.stringify(nb, null, indent)}\n`;

describe('notebook files', () => {
  it('reads code cells with their number among code cells and their place in the cell list', () => {
    const read = readNotebook(jupyterText(notebook([['a = 1\n', 'b = 2'], 'c = 3'])));
    assert.deepEqual(read, { ok: true, cells: [{ number: 1, index: 1, source: 'a = 1\nb = 2' }, { number: 2, index: 2, source: 'c = 3' }] });
  });

  it('splices a new source in as Jupyter would have written it, and changes nothing else', () => {
    const before = notebook([['def f():\n', '    return 1'], ['x = 1']]);
    const after = notebook([['def f():\n', '    """Doc ü "q" \\\\."""\n', '    return 1'], ['x = 1']]);
    const edited = replaceCellSources(jupyterText(before), new Map([[1, 'def f():\n    """Doc ü "q" \\\\."""\n    return 1']]));
    assert.equal(edited, jupyterText(after));
  });

  it('keeps the file’s indentation, line breaks and the shape of each source', () => {
    const tabs = jupyterText(notebook([['x = 1\n', 'y = 2']]), '\t').replace(/\n/g, '\r\n');
    assert.equal(
      replaceCellSources(tabs, new Map([[1, 'x = 1\ny = 3\n']])),
      jupyterText(notebook([['x = 1\n', 'y = 3\n']]), '\t').replace(/\n/g, '\r\n'),
    );
    // A source written as one string stays one string; a list on one line stays on one line.
    const compact = JSON.stringify(notebook(['x = 1', ['a\n', 'b']]));
    const edited = replaceCellSources(compact, new Map([[1, 'x = 2'], [2, 'a\nc\n']]));
    assert.equal(edited, JSON.stringify(notebook(['x = 2', ['a\n', 'c\n']])));
    const spaced = '{"cells": [{"cell_type": "code", "source": ["a\\n", "b"]}]}';
    assert.equal(replaceCellSources(spaced, new Map([[0, 'a\nc']])), '{"cells": [{"cell_type": "code", "source": ["a\\n", "c"]}]}');
    const single = '{"cells": [{"cell_type": "code", "source": ["a"]}]}';
    assert.equal(replaceCellSources(single, new Map([[0, 'a\nc']])), '{"cells": [{"cell_type": "code", "source": ["a\\n", "c"]}]}');
  });

  it('says why a notebook cannot be read', () => {
    assert.deepEqual(readNotebook('{"nbformat": 3, "worksheets": []}'), { ok: false, reason: 'nbformat 3 notebooks are not supported (convert with `jupyter nbconvert --to notebook`)' });
    assert.deepEqual(readNotebook(jupyterText(notebook([], { metadata: { language_info: { name: 'R' } } }))), { ok: false, reason: "the notebook's language is R, not Python" });
    assert.equal(readNotebook('{"cells": [').ok, false);
  });
});
