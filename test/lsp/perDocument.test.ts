import { strict as assert } from 'node:assert';
import { DocumentScopes } from '../../server/src/lsp/perDocument';

/** The per-document maps of a session: a closed document is forgotten in every one, and the session's end empties them all. */

describe('DocumentScopes: state kept per document', () => {
  it('forgetting a URI removes it from every map and releases what it held; other URIs stay', () => {
    const scopes = new DocumentScopes();
    const released: string[] = [];
    const timers = scopes.create<string>((value) => released.push(value));
    const reasons = scopes.create<string>();
    timers.set('file:///a.py', 'timer a');
    timers.set('file:///b.py', 'timer b');
    reasons.set('file:///a.py', 'binary');
    scopes.forget('file:///a.py');
    assert.deepEqual([timers.has('file:///a.py'), reasons.has('file:///a.py'), timers.get('file:///b.py')], [false, false, 'timer b']);
    assert.deepEqual(released, ['timer a']);
  });

  it('a replaced value is released, the same value set again is not', () => {
    const scopes = new DocumentScopes();
    const released: string[] = [];
    const timers = scopes.create<string>((value) => released.push(value));
    timers.set('file:///a.py', 'first');
    timers.set('file:///a.py', 'second');
    timers.set('file:///a.py', 'second');
    assert.deepEqual([released, timers.get('file:///a.py')], [['first'], 'second']);
  });

  it('dispose empties every map and releases every value once', () => {
    const scopes = new DocumentScopes();
    const released: string[] = [];
    const timers = scopes.create<string>((value) => released.push(value));
    const settings = scopes.create<number>();
    timers.set('file:///a.py', 'a');
    timers.set('file:///b.py', 'b');
    settings.set('file:///a.py', 1);
    scopes.dispose();
    scopes.dispose();
    assert.deepEqual([released, timers.has('file:///b.py'), settings.has('file:///a.py')], [['a', 'b'], false, false]);
  });
});
