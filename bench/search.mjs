// The documentation index on the CPython standard library (issue 18): build time, the memory the
// index keeps, and query latency. Printed, not asserted. Run after `node esbuild.mjs`:
//   node --expose-gc bench/search.mjs [--corpus DIR] [--queries N]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => require(path.join(repo, 'out/server/src', p));
const { PythonAnalyzer } = out('core/analysis/analyzer.js');
const { loadPythonGrammar } = out('core/parse/python.js');
const { grammarFilesIn } = out('workspace/grammar.js');
const { collectFiles } = out('workspace/files.js');
const { exportedModules } = out('workspace/exportModules.js');
const { entriesOf } = out('core/search/entries.js');
const { DocumentationIndex } = out('core/search/index.js');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const stdlib = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).stdout.trim();
const corpus = path.resolve(option('corpus', stdlib));
const queryCount = Number(option('queries', '500'));
const gc = globalThis.gc ?? (() => undefined);
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

const grammar = await loadPythonGrammar(grammarFilesIn(path.join(repo, 'dist')));
const reader = { parser: grammar.newParser(), analyzer: new PythonAnalyzer(grammar.language, 'full'), maxFileSizeKb: 1024, skip: () => undefined };
const files = collectFiles([corpus], [], corpus).files.filter((f) => !f.endsWith('.ipynb'));
const before = heap();
const start = process.hrtime.bigint();
const index = new DocumentationIndex();
for (const file of files) {
  const [module] = exportedModules(corpus, [file], corpus, reader);
  if (module) index.setFile(file, entriesOf({ name: module.name, file, analysis: module.analysis }));
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const kept = heap() - before;
console.log(`corpus: ${corpus}, ${files.length} files (check's default excludes)`);
console.log(`  build (read, parse, analyse, index; one thread): ${seconds.toFixed(1)} s, ${index.size} entries in ${index.fileCount} files`);
console.log(`  memory the index keeps (heap after GC, --expose-gc ${globalThis.gc ? 'on' : 'OFF: figure includes garbage'}): ${mb(kept)} MB, ${(kept / index.size).toFixed(0)} bytes per entry`);

// Queries: plain-word phrases drawn from the corpus's own summaries (deterministic), one to four words.
const words = [...index.entries()].flatMap((e) => e.summary.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 3)).slice(0, 20000);
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const queries = Array.from({ length: queryCount }, () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => words[Math.floor(random() * words.length)]).join(' '));
const times = queries.map((q) => {
  const t = process.hrtime.bigint();
  index.search(q, 50);
  return Number(process.hrtime.bigint() - t) / 1e6;
}).sort((a, b) => a - b);
const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(`  query latency over ${queryCount} queries of 1-4 words (top 50): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
