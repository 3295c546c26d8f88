import { strict as assert } from 'node:assert';
import type { Tree } from 'web-tree-sitter';
import { DocumentStore } from '../../server/src/lsp/documents';
import { setup } from '../core/helpers';

/** The open-document store keeps each tree in step with its text, whatever the change. */

const LIMITS = { maxFileSizeKb: 1024 };
const URI = 'file:///store.py';

/** Every node with its type, offsets and points: equal only if the trees are the same. */
function shape(tree: Tree): string[] {
  const out: string[] = [];
  const cursor = tree.walk();
  try {
    for (;;) {
      const s = cursor.startPosition;
      const e = cursor.endPosition;
      out.push(`${cursor.nodeType} ${cursor.startIndex}-${cursor.endIndex} ${s.row}:${s.column}-${e.row}:${e.column}`);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return out;
      }
    }
  } finally {
    cursor.delete();
  }
}

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const range = (a: [number, number], b: [number, number]): Range => ({ start: { line: a[0], character: a[1] }, end: { line: b[0], character: b[1] } });

describe('document store', () => {
  let store: DocumentStore;
  let fresh: DocumentStore;
  beforeEach(async () => {
    const { grammar } = await setup();
    store = new DocumentStore(grammar.newParser());
    fresh = new DocumentStore(grammar.newParser());
  });
  afterEach(() => {
    store.dispose();
    fresh.dispose();
  });

  /** Applies the changes one notification each; returns the text and the tree's shape, and a fresh parse's. */
  function afterChanges(text: string, changes: { range: Range; text: string }[]) {
    store.open(URI, 'python', 1, text, LIMITS);
    changes.forEach((change, i) => store.change(URI, i + 2, [change], LIMITS));
    const entry = store.get(URI)!;
    const final = entry.document.getText();
    const reference = fresh.open('file:///fresh.py', 'python', 1, final, LIMITS);
    return { text: final, tree: shape(entry.tree!), fresh: shape(reference.tree!) };
  }

  it('a lone \\r that becomes half of a \\r\\n, or stops being one, moves the rows after it', () => {
    const source = 'def f():\r    return 1\rdef g():\r    return 2\r';
    const joined = afterChanges(source, [{ range: range([2, 0], [2, 0]), text: '\n' }]);
    assert.equal(joined.text, 'def f():\r    return 1\r\ndef g():\r    return 2\r');
    assert.deepEqual(joined.tree, joined.fresh);
    const split = afterChanges('x = 1\r\ny = 2\r\n', [{ range: range([0, 5], [1, 0]), text: '\r' }, { range: range([1, 0], [1, 0]), text: 'z = 0' }]);
    assert.equal(split.text, 'x = 1\rz = 0y = 2\r\n');
    assert.deepEqual(split.tree, split.fresh);
    const crThenLf = afterChanges('a = 1\rb = 2\r', [{ range: range([0, 5], [0, 5]), text: ' + 2\r' }, { range: range([1, 0], [1, 0]), text: '\n' }]);
    assert.equal(crThenLf.text, 'a = 1 + 2\r\n\rb = 2\r');
    assert.deepEqual(crThenLf.tree, crThenLf.fresh);
  });

  it('a range whose start is after its end is read in order, for the text and the tree alike', () => {
    const source = 'def branchy(a):\n    return a\n';
    const reversed = afterChanges(source, [{ range: range([0, 11], [0, 4]), text: 'renamed' }]);
    assert.equal(reversed.text, 'def renamed(a):\n    return a\n');
    assert.deepEqual(reversed.tree, reversed.fresh);
    const acrossLines = afterChanges(source, [{ range: range([1, 4], [0, 15]), text: ' ' }]);
    assert.equal(acrossLines.text, 'def branchy(a): return a\n');
    assert.deepEqual(acrossLines.tree, acrossLines.fresh);
  });

  it('positions past a line end or past the last line are clamped alike for the text and the tree', () => {
    const source = 'x = 1\r\ny = 2\r\n';
    const clamped = afterChanges(source, [
      { range: range([0, 99], [0, 120]), text: ' + 1' },
      { range: range([7, 3], [9, 0]), text: 'z = 3\r\n' },
      { range: range([40, 0], [1, 2]), text: '=' },
    ]);
    assert.equal(clamped.text, 'x = 1 + 1\r\ny =');
    assert.deepEqual(clamped.tree, clamped.fresh);
  });
});
