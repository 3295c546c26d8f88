import { strict as assert } from 'node:assert';
import { Durations, HitCounter, HostStats } from '../../server/src/core/stats/figures';
import { statusMarkdown, statusText } from '../../server/src/core/stats/format';

describe('host figures (Show Status, --stats)', () => {
  it('percentiles are nearest-rank over the most recent samples', () => {
    const d = new Durations(10);
    assert.deepEqual(d.figures(), { count: 0, p50Ms: null, p95Ms: null });
    for (let ms = 1; ms <= 20; ms++) d.add(ms); // the window keeps 11..20
    assert.deepEqual(d.figures(), { count: 20, p50Ms: 15, p95Ms: 20 });
    const one = new Durations();
    one.add(2.345);
    assert.deepEqual(one.figures(), { count: 1, p50Ms: 2.35, p95Ms: 2.35 });
  });

  it('hit rates count hits over lookups', () => {
    const h = new HitCounter();
    assert.equal(h.figures().hitRate, null);
    [true, false, true, true].forEach((hit) => h.record(hit));
    assert.deepEqual(h.figures(), { hits: 3, misses: 1, hitRate: 0.75 });
  });

  it('one formatter renders the same rows as Markdown and as text', () => {
    let now = 1000;
    const stats = new HostStats('cli', () => now);
    stats.timed(stats.parse, () => { now += 4; });
    stats.timed(stats.analysis, () => { now += 10; });
    stats.resultCache.record(true);
    stats.llm.attempt(250, true);
    stats.llm.attempt(750, false);
    stats.llm.retry();
    stats.llm.breaker('halfOpen');
    now = 3500;
    const figures = stats.figures({
      version: '9.9.9', memory: { rssMb: 80, heapUsedMb: 12.5, externalMb: 30 }, files: { analysed: 3, cached: 1 }, today: { tokens: 1200, usd: 0.0123 },
    });
    assert.deepEqual(figures.llm, {
      attempts: 2, latency: { count: 2, p50Ms: 250, p95Ms: 750 }, errors: 1, errorRate: 0.5, retries: 1, breaker: 'halfOpen', today: { tokens: 1200, usd: 0.0123 },
    });
    assert.equal(statusText(figures), [
      'Docwright 9.9.9 (CLI run, up 2.5 s)',
      '  parse            p50 4.00 ms · p95 4.00 ms (1 samples)',
      '  analysis         p50 10.00 ms · p95 10.00 ms (1 samples)',
      '  files            3 analysed, 1 from the result cache',
      'Memory and caches',
      '  memory           80.0 MB resident, 12.5 MB heap, 30.0 MB external (wasm)',
      '  result cache     100.0% (1 hits, 0 misses)',
      '  answer cache     – (0 hits, 0 misses)',
      'LLM',
      '  latency          p50 250.00 ms · p95 750.00 ms (2 samples)',
      '  errors           1 of 2 attempts (50.0%)',
      '  retries          1',
      '  circuit breaker  half-open (probing)',
      '  spent today      1200 tokens, $0.0123',
      '',
    ].join('\n'));
    const markdown = statusMarkdown(figures);
    assert.match(markdown, /^# Docwright: status\n\n## Docwright 9\.9\.9 \(CLI run, up 2\.5 s\)\n\n\| \| \|\n\|---\|---\|\n\| parse \| p50 4\.00 ms · p95 4\.00 ms \(1 samples\) \|\n/);
    assert.match(markdown, /\n\| circuit breaker \| half-open \(probing\) \|\n/);
  });
});
