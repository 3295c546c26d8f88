import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { PythonAnalyzer } from '../core/analysis/analyzer';
import { codesMatching } from '../core/rules/selection';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { decodePython } from '../core/parse/source';
import { exportMarkdown, type ExportedModule } from '../core/report/export';
import { appendChange } from '../workspace/changelog';
import { homedir } from 'node:os';
import { LlmProvider, type Estimate } from '../workspace/llm/provider';
import { TemplateProvider, type DocstringProvider, type DocstringRequest } from '../core/docstring/provider';
import type { Parser } from 'web-tree-sitter';
import { readProjectConfig, type ProjectConfig } from '../workspace/config';
import type { Only } from '../core/docstring/engine';
import { countStyles, emptyCounts, resolveStyle, type StyleSetting } from '../core/docstring/style';
import { documentFile, type DocumentFileResult, type DocumentJobOptions } from './documentJob';
import { detailFor, processFile, type FileResult, type MetricsRecord, type Mode } from './fileJob';
import { readNotebook } from '../core/parse/notebook';
import { collectFiles, type ExcludeRule, type SkippedEntry } from '../workspace/files';
import { contentHash, ResultCache } from './resultCache';
import { toSarif } from './sarif';
import type { WorkerInit, WorkerJob } from './worker';
import { runLanguageServer } from '../lsp/run';
import { loadPythonGrammar } from '../core/parse/python';
import { grammarFilesIn } from '../workspace/grammar';
import { parseSettings, PROVIDERS, withoutForbiddenLlmKeys, type LlmSettings, type ProviderName, type Settings } from '../shared/settings';
import { makeDirectory, writeOwnFile } from '../workspace/fsutil';
import { readRegularFile } from '../workspace/read';

const USAGE = `Usage:
  docwright check [PATH...] [--format text|json|sarif] [--select CODES] [--ignore CODES]
                  [--max-cyclomatic N] [--max-cognitive N] [--max-nesting N] [--exclude GLOB]...
                  [--jobs N] [--no-cache]
  docwright metrics [PATH...] [--format text|json] [--jobs N] [--no-cache]
  docwright document [PATH...] [--provider template|openai|azure|compatible] [--model M]
                     [--base-url URL] [--budget-tokens N] [--budget-usd X] [--concurrency N]
                     [--estimate] [--style auto|google|numpy|sphinx] [--only missing|stale|all]
                     [--dry-run] [--diff] [--check] [--format text|json]
  docwright export [PATH...] [--out FILE.md|DIR]
  docwright lsp --stdio

PATH defaults to the current directory. Settings come from [tool.docwright] in the nearest
pyproject.toml; flags override them. Exit status: 0 clean, 1 findings, 2 usage or I/O error.
check and metrics keep each file's result in a cache (~/.cache/docwright/check, or under
DOCWRIGHT_CACHE_DIR) and analyse again only files whose content changed; --no-cache skips it.
--jobs N sets how many worker threads analyse files (default: one per core).
check, metrics and document also read Jupyter notebooks (.ipynb), each Python code cell on
its own; their positions read path:cell N:line:col. document rewrites only the cells it
documents, and leaves outputs and metadata as they were.
document writes files in place (atomically); --dry-run and --check write nothing, and
--check exits 1 when a docstring is missing or stale. With the template provider, document
only completes existing docstrings (--only stale: entries added and dropped); a missing
docstring would be a placeholder, so --only missing or --only all must ask for those. With an
LLM provider, and with --check, --only defaults to all. LLM providers read the key from
OPENAI_API_KEY (azure: AZURE_OPENAI_API_KEY); --estimate, --dry-run and --check print what a
run would send and cost, and send nothing. The provider and where requests go come from flags
or the environment (DOCWRIGHT_LLM_PROVIDER, DOCWRIGHT_LLM_BASE_URL, AZURE_OPENAI_ENDPOINT,
AZURE_OPENAI_DEPLOYMENT), never from a project's pyproject.toml.`;

class UsageError extends Error {}

const DIST_DIR = __dirname;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
    case 'metrics':
      return runAnalysis(command, rest);
    case 'document':
      return runDocument(rest);
    case 'export':
      return runExport(rest);
    case 'lsp':
      await runLanguageServer(DIST_DIR);
      return -1; // keep running: the connection owns the process
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case '--version':
      process.stdout.write('0.1.0\n');
      return 0;
    default:
      throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  }
}

/**
 * Flags whose value starts with a dash (`--max-cyclomatic -1`) are joined to it, so that the
 * value's own check answers ("needs a positive integer, got '-1'") rather than parseArgs'
 * "argument is ambiguous"; an empty value or PATH ('') is a usage error, never "everything".
 */
function parseFlags(args: string[]) {
  const parsed = parseArgsStrictly(joinDashedValues(args));
  for (const [name, value] of Object.entries(parsed.values)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.trim() === '')) throw new UsageError(`--${name} needs a value, got an empty one`);
  }
  if (parsed.positionals.some((p) => p.trim() === '')) throw new UsageError('an empty PATH was given (omit PATH to mean the current directory)');
  return parsed;
}

function joinDashedValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (STRING_FLAGS.has(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

const FLAG_OPTIONS = {
  format: { type: 'string' },
  select: { type: 'string' },
  ignore: { type: 'string' },
  'max-cyclomatic': { type: 'string' },
  'max-cognitive': { type: 'string' },
  'max-nesting': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  jobs: { type: 'string' },
  provider: { type: 'string' },
  style: { type: 'string' },
  only: { type: 'string' },
  'dry-run': { type: 'boolean' },
  diff: { type: 'boolean' },
  check: { type: 'boolean' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  'budget-tokens': { type: 'string' },
  'budget-usd': { type: 'string' },
  concurrency: { type: 'string' },
  estimate: { type: 'boolean' },
  out: { type: 'string' },
  'no-cache': { type: 'boolean' },
} as const;

const STRING_FLAGS = new Set(Object.entries(FLAG_OPTIONS).filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`));

function parseArgsStrictly(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: FLAG_OPTIONS,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function integerFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} needs a positive integer, got '${value}'`);
  return Number(value);
}

function codeList(name: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const codes = value.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  if (!codes.length) throw new UsageError(`--${name} needs at least one code, got '${value}'`);
  for (const code of codes) {
    if (codesMatching(code).length === 0) throw new UsageError(`--${name}: no code matches '${code}'`);
  }
  return codes;
}

function resolveSettings(flags: ReturnType<typeof parseFlags>['values'], start: string, project = readProjectConfig(start)): Settings {
  const { settings, problems } = parseSettings(project.values);
  if (problems.length) {
    throw new UsageError(problems.map((p) => `${project.file}: [tool.docwright] ${p.key}: ${p.message}`).join('\n'));
  }
  const overrides: Partial<Settings> = {
    select: codeList('select', flags.select),
    ignore: codeList('ignore', flags.ignore),
    maxCyclomatic: integerFlag('max-cyclomatic', flags['max-cyclomatic']),
    maxCognitive: integerFlag('max-cognitive', flags['max-cognitive']),
    maxNesting: integerFlag('max-nesting', flags['max-nesting']),
  };
  const merged: Settings = { ...settings };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  return merged;
}

/** `[tool.docwright] exclude` is relative to its pyproject.toml's folder (as in ruff); `--exclude` to the working directory. */
function excludeRules(settings: Settings, flags: ReturnType<typeof parseFlags>['values'], project: ProjectConfig, cwd: string): ExcludeRule[] {
  return [
    { patterns: settings.exclude, base: project.file ? path.dirname(project.file) : cwd },
    { patterns: flags.exclude ?? [], base: cwd },
  ];
}

function rejectFlags(flags: Record<string, unknown>, names: string[], command: string): void {
  for (const name of names) if (flags[name] !== undefined) throw new UsageError(`--${name} is not an option of '${command}'`);
}

async function runAnalysis(mode: Mode, args: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, ['provider', 'style', 'only', 'dry-run', 'diff', 'check', 'model', 'base-url', 'budget-tokens', 'budget-usd', 'concurrency', 'estimate', 'out'], mode);
  const format = flags.format ?? 'text';
  const formats = mode === 'check' ? ['text', 'json', 'sarif'] : ['text', 'json'];
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}`);
  const cwd = process.cwd();
  const paths = positionals.length ? positionals : ['.'];
  const project = readProjectConfig(paths[0]!);
  const settings = resolveSettings(flags, paths[0]!, project);
  const { files, missing, skipped } = collectFiles(paths, excludeRules(settings, flags, project, cwd), cwd, { notebooks: true });
  for (const m of missing) process.stderr.write(`docwright: ${m}: no such file or directory\n`);
  if (missing.length) return 2;

  const jobs: WorkerJob[] = files.map((file) => ({
    file,
    display: displayPath(file, cwd),
    module: file.split(path.sep).join('/'),
  }));
  const workers = integerFlag('jobs', flags.jobs);
  const cache = flags['no-cache'] ? undefined : openResultCache(mode, settings);
  const results: FileResult[] = [...await analyseCached(jobs, settings, mode, workers, cache), ...skippedResults(skipped, cwd)];

  for (const r of results) {
    if (r.skipped) process.stderr.write(`${r.file}: skipped: ${r.skipped}\n`);
    else if (r.syntaxErrors) {
      const first = r.syntaxErrors[0]!;
      process.stderr.write(`${r.file}:${cellPrefix(first.cell)}${first.line}:${first.column}: syntax error; analysed what parses\n`);
    }
  }
  return mode === 'check' ? reportFindings(results, format, settings, cache?.hits ?? 0) : reportMetrics(results, format);
}

/** Entries the walk did not take, as results that say why: reported and counted like skipped files. */
function skippedResults(skipped: SkippedEntry[], cwd: string): (DocumentFileResult & FileResult & { skipped: string })[] {
  return skipped.map((s) => ({ file: displayPath(s.path, cwd), skipped: s.reason, items: [], refused: [], missingLeftOut: 0, written: false }));
}

/** Notebooks named on the command line of `export`: said and left out. */
function withoutNotebooks(files: string[], cwd: string): string[] {
  return files.filter((file) => {
    if (!file.endsWith('.ipynb')) return true;
    process.stderr.write(`${displayPath(file, cwd)}: skipped: notebooks are not exported (they have no importable module name)\n`);
    return false;
  });
}

function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/**
 * The cache key: the analysis engine's own code (dist/worker.js holds all of it), the command
 * and every setting, so that no change of version or configuration reuses an old result.
 */
function openResultCache(mode: Mode, settings: Settings): ResultCache {
  let engine: string;
  try {
    engine = contentHash(readFileSync(path.join(DIST_DIR, 'worker.js')));
  } catch {
    engine = `unknown-${Date.now()}`; // no engine file: never reuse anything
  }
  return new ResultCache(path.join(stateDir(), 'check'), JSON.stringify({ engine, mode, settings }));
}

/** Results from the cache where a file is unchanged; the rest analysed, then cached. */
async function analyseCached(jobs: WorkerJob[], settings: Settings, mode: Mode, workers: number | undefined, cache: ResultCache | undefined): Promise<FileResult[]> {
  const results: FileResult[] = new Array(jobs.length);
  const pending: number[] = [];
  jobs.forEach((job, i) => {
    const hit = cache?.lookup(job.file);
    if (!hit) pending.push(i);
    // Metrics records name their file as this run displays it (the cwd may differ).
    else results[i] = { ...hit, file: job.display, ...(hit.metrics ? { metrics: hit.metrics.map((r) => ({ ...r, file: job.display })) } : {}) };
  });
  const fresh = await analyseAll(pending.map((i) => jobs[i]!), settings, mode, workers, cache !== undefined);
  pending.forEach((i, k) => {
    results[i] = fresh[k]!;
    cache?.store(jobs[i]!.file, fresh[k]!);
  });
  if (cache) {
    try {
      cache.save();
    } catch (error) {
      process.stderr.write(`docwright: could not write the result cache: ${(error as Error).message}\n`);
    }
  }
  return results;
}

/** Small runs stay in-process; larger ones are spread over worker threads, one per core. */
async function analyseAll(jobs: WorkerJob[], settings: Settings, mode: Mode, requestedWorkers: number | undefined, stamps: boolean): Promise<FileResult[]> {
  return runJobs<FileResult>(jobs, { distDir: DIST_DIR, settings, mode, stamps }, requestedWorkers, async (job, parser, analyzer) =>
    processFile(job.file, job.display, job.module, settings, mode, parser, analyzer, stamps));
}

async function runJobs<R>(
  jobs: WorkerJob[], init: WorkerInit, requestedWorkers: number | undefined,
  inProcess: (job: WorkerJob, parser: Parser, analyzer: PythonAnalyzer) => Promise<R>,
): Promise<R[]> {
  if (jobs.length === 0) return [];
  const workerCount = Math.min(requestedWorkers ?? availableParallelism(), Math.ceil(jobs.length / 32));
  if (workerCount <= 1) {
    const grammar = await loadPythonGrammar(grammarFilesIn(DIST_DIR));
    const parser = grammar.newParser();
    const analyzer = new PythonAnalyzer(grammar.language, detailFor(init.mode, init.settings));
    const out: R[] = [];
    for (const job of jobs) out.push(await inProcess(job, parser, analyzer));
    return out;
  }
  const results: R[] = new Array(jobs.length);
  const batchSize = 8;
  let next = 0;
  await Promise.all(Array.from({ length: workerCount }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(path.join(DIST_DIR, 'worker.js'), { workerData: init });
    let batchStart = 0;
    const send = () => {
      if (next >= jobs.length) {
        worker.postMessage(null);
        return;
      }
      batchStart = next;
      next = Math.min(jobs.length, next + batchSize);
      worker.postMessage(jobs.slice(batchStart, next));
    };
    worker.on('message', (message: 'ready' | R[]) => {
      if (message !== 'ready') message.forEach((r, i) => { results[batchStart + i] = r; });
      send();
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
  })));
  return results;
}

const ONLY: readonly Only[] = ['missing', 'stale', 'all'];
const STYLES: readonly StyleSetting[] = ['auto', 'google', 'numpy', 'sphinx'];

async function runDocument(args: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, ['select', 'ignore', 'max-cyclomatic', 'max-cognitive', 'max-nesting'], 'document');
  const format = flags.format ?? 'text';
  if (!['text', 'json'].includes(format)) throw new UsageError('--format must be one of text, json');
  if (flags.only !== undefined && !ONLY.includes(flags.only as Only)) throw new UsageError(`--only must be one of ${ONLY.join(', ')}`);
  if (flags.style !== undefined && !STYLES.includes(flags.style as StyleSetting)) throw new UsageError(`--style must be one of ${STYLES.join(', ')}`);
  const paths = positionals.length ? positionals : ['.'];
  const project = trustedProjectConfig(readProjectConfig(paths[0]!));
  const settings = resolveSettings(flags, paths[0]!, project);
  const cwd = process.cwd();
  const collected = collectFiles(paths, excludeRules(settings, flags, project, cwd), cwd, { gitignore: true, notebooks: true });
  for (const m of collected.missing) process.stderr.write(`docwright: ${m}: no such file or directory\n`);
  if (collected.missing.length) return 2;
  const files = collected.files;
  const walkSkips = skippedResults(collected.skipped, cwd);
  const style = resolveStyle((flags.style as StyleSetting | undefined) ?? settings.style, {
    ...(typeof project.values.style === 'string' ? { configured: project.values.style } : {}),
    ...(project.ruff.convention ? { ruffConvention: project.ruff.convention } : {}),
    counts: styleCounts(files, settings.maxFileSizeKb),
  });
  const write = !flags['dry-run'] && !flags.check;
  const llm = llmSettingsFrom(flags, settings.llm);
  // The template writes placeholders for missing docstrings: a run does that only when asked.
  const only = (flags.only ?? (llm.provider === 'template' && !flags.check ? 'stale' : 'all')) as Only;
  const options: DocumentJobOptions = { style: style.style, lineLength: lineLengthOf(project, settings), only, write, diff: !!flags.diff };
  const jobs: WorkerJob[] = files.map((file) => ({ file, display: displayPath(file, cwd), module: file.split(path.sep).join('/') }));
  const styleText = `${style.style} (${style.source})`;
  if (llm.provider === 'template') {
    if (flags.estimate) throw new UsageError('--estimate needs an LLM --provider (the template costs nothing)');
    const results = await runJobs<DocumentFileResult>(
      jobs, { distDir: DIST_DIR, settings, mode: 'document', document: options }, integerFlag('jobs', flags.jobs),
      (job, parser, analyzer) => documentFile(job.file, job.display, job.module, settings, options, parser, analyzer),
    );
    if (write) recordChanges(results, 'template', `cli-${new Date().toISOString()}`);
    return reportDocument([...results, ...walkSkips], format, { write, check: !!flags.check, style: styleText, provider: 'template' });
  }
  return runLlmDocument(jobs, settings, llm, options, { format, check: !!flags.check, estimate: !!flags.estimate, style: styleText, walkSkips });
}

/** `docwright export`: Markdown API documentation, one file or a directory of them. */
async function runExport(args: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, ['provider', 'style', 'only', 'dry-run', 'diff', 'check', 'estimate', 'select', 'ignore'], 'export');
  const paths = positionals.length ? positionals : ['.'];
  const project = readProjectConfig(paths[0]!);
  const settings = resolveSettings(flags, paths[0]!, project);
  const cwd = process.cwd();
  const grammar = await loadPythonGrammar(grammarFilesIn(DIST_DIR));
  const parser = grammar.newParser();
  const analyzer = new PythonAnalyzer(grammar.language, 'full');
  const modules: ExportedModule[] = [];
  for (const root of paths) {
    const collected = collectFiles([root], excludeRules(settings, flags, project, cwd), cwd);
    for (const m of collected.missing) process.stderr.write(`docwright: ${m}: no such file or directory\n`);
    if (collected.missing.length) return 2;
    for (const s of collected.skipped) process.stderr.write(`${displayPath(s.path, cwd)}: skipped: ${s.reason}\n`);
    const files = withoutNotebooks(collected.files, cwd);
    // Module names start above the outermost package, as Python imports them.
    let base = statSync(root).isDirectory() ? path.resolve(root) : path.dirname(path.resolve(root));
    while (existsSync(path.join(base, '__init__.py')) && path.dirname(base) !== base) base = path.dirname(base);
    for (const file of files) {
      const read = readRegularFile(file, settings.maxFileSizeKb);
      const decoded = read.ok ? decodePython(read.bytes) : read;
      if (!decoded.ok) { process.stderr.write(`${displayPath(file, cwd)}: skipped: ${decoded.reason}\n`); continue; }
      const tree = parser.parse(decoded.text);
      if (!tree) continue;
      try {
        const analysis = analyzer.analyze(tree, decoded.text);
        modules.push({ name: dottedName(path.relative(base, file)), path: displayPath(file, cwd), source: decoded.text, analysis });
      } finally {
        tree.delete();
      }
    }
  }
  const out = flags.out;
  const toDir = out !== undefined && !out.endsWith('.md');
  const files = exportMarkdown(modules, toDir ? { fileOf: (m) => `${m.name}.md` } : {});
  if (out === undefined) process.stdout.write(files[0]!.text);
  else if (!toDir) writeOwnFile(out, files[0]!.text);
  else {
    makeDirectory(out);
    for (const f of files) writeOwnFile(path.join(out, f.name), f.text);
  }
  if (out !== undefined) process.stderr.write(`Documented ${modules.length} modules in ${toDir ? `${files.length} files under ${out}` : out}.\n`);
  return 0;
}

/** `shop/cart.py` → `shop.cart`; `shop/__init__.py` → `shop`. */
function dottedName(relative: string): string {
  const parts = relative.replace(/\.pyi?$/, '').split(/[\\/]/).filter((p) => p && p !== '.');
  if (parts[parts.length - 1] === '__init__' && parts.length > 1) parts.pop();
  return parts.join('.');
}

/**
 * A project's settings without the LLM keys it may not set (where code and the API key are
 * sent): a cloned repository must not choose them. Said once, not an error.
 */
function trustedProjectConfig(project: ProjectConfig): ProjectConfig {
  const { values, ignored } = withoutForbiddenLlmKeys(project.values);
  if (ignored.length) {
    const keys = ignored.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(', ');
    process.stderr.write(`docwright: ${project.file}: [tool.docwright.llm] ${keys} ignored: a project may not choose where its code and your API key are sent; `
      + 'use --provider and --base-url, or DOCWRIGHT_LLM_PROVIDER, DOCWRIGHT_LLM_BASE_URL, AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT in the environment\n');
  }
  return { ...project, values };
}

/** A non-empty environment variable. */
function fromEnv(name: string): string | undefined {
  return process.env[name] || undefined;
}

/** Where requests go: flags first, then the environment; never the project (see trustedProjectConfig). */
function llmSettingsFrom(flags: ReturnType<typeof parseFlags>['values'], base: LlmSettings): LlmSettings {
  const llm: LlmSettings = { ...base };
  const provider = flags.provider ?? fromEnv('DOCWRIGHT_LLM_PROVIDER');
  if (provider !== undefined) {
    if (!PROVIDERS.includes(provider as ProviderName)) {
      throw new UsageError(`${flags.provider !== undefined ? '--provider' : 'DOCWRIGHT_LLM_PROVIDER'} must be one of ${PROVIDERS.join(', ')}`);
    }
    llm.provider = provider as ProviderName;
  }
  if (flags.model !== undefined) llm.model = flags.model;
  llm.baseUrl = flags['base-url'] ?? fromEnv('DOCWRIGHT_LLM_BASE_URL') ?? '';
  llm.azureEndpoint = fromEnv('AZURE_OPENAI_ENDPOINT') ?? '';
  llm.azureDeployment = fromEnv('AZURE_OPENAI_DEPLOYMENT') ?? '';
  const tokens = integerFlag('budget-tokens', flags['budget-tokens']);
  if (tokens !== undefined) llm.budgetTokensPerRun = tokens;
  if (flags['budget-usd'] !== undefined) {
    const usd = Number(flags['budget-usd']);
    if (!Number.isFinite(usd) || usd < 0) throw new UsageError(`--budget-usd needs a non-negative number, got '${flags['budget-usd']}'`);
    llm.budgetUsdPerRun = usd;
  }
  const concurrency = integerFlag('concurrency', flags.concurrency);
  if (concurrency !== undefined) llm.concurrency = concurrency;
  if (llm.provider === 'compatible' && !llm.baseUrl) throw new UsageError('--provider compatible needs --base-url (or DOCWRIGHT_LLM_BASE_URL in the environment)');
  if (llm.provider === 'azure' && (!llm.azureEndpoint || !llm.azureDeployment)) {
    throw new UsageError('--provider azure needs AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT in the environment');
  }
  return llm;
}

/** The changelog: every docstring the CLI wrote, with its run (joined with the ledger for tokens). */
function recordChanges(results: DocumentFileResult[], provider: string, run: string): void {
  const file = path.join(stateDir(), 'changelog.jsonl');
  for (const r of results) {
    if (!r.written) continue;
    for (const item of r.items) appendChange(file, { file: r.file, qualname: item.qualname, kind: item.kind, run, provider });
  }
}

/** Where the CLI keeps the answer cache and the usage ledger (never the key). */
function stateDir(): string {
  return process.env.DOCWRIGHT_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'docwright');
}

async function runLlmDocument(
  jobs: WorkerJob[], settings: Settings, llm: LlmSettings, options: DocumentJobOptions,
  run: { format: string; check: boolean; estimate: boolean; style: string; walkSkips: DocumentFileResult[] },
): Promise<number> {
  const keyName = llm.provider === 'azure' ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
  const envKey = process.env[keyName];
  const sends = options.write && !run.estimate;
  if (!envKey && llm.provider !== 'compatible' && sends) throw new UsageError(`--provider ${llm.provider} needs ${keyName} in the environment`);
  const dir = stateDir();
  const runName = `cli-${new Date().toISOString()}`;
  const provider = new LlmProvider(llm, {
    apiKey: async () => envKey, cacheDir: path.join(dir, 'answers'), ledgerFile: path.join(dir, 'usage.jsonl'),
    log: () => undefined, run: runName,
  });
  const grammar = await loadPythonGrammar(grammarFilesIn(DIST_DIR));
  const parser = grammar.newParser();
  const analyzer = new PythonAnalyzer(grammar.language, 'full');
  try {
    // First pass, sending nothing: the template answers, so --dry-run and --check report what the
    // template path decides, and what an LLM run would ask is recorded for the estimate.
    const requests: DocstringRequest[] = [];
    const template = new TemplateProvider();
    const recorder: DocstringProvider = { id: 'estimate', provide: async (rs) => { requests.push(...rs); return rs.map((r) => template.provideOne(r)); } };
    const planned: DocumentFileResult[] = [];
    for (const job of jobs) {
      const result = await documentFile(job.file, job.display, job.module, settings, { ...options, write: false, diff: options.diff && !sends }, parser, analyzer, recorder);
      // The template's text only stands in for what the LLM would write: no placeholder is meant.
      planned.push({ ...result, items: result.items.map(({ placeholder: _standIn, ...item }) => item) });
    }
    const estimate = provider.estimate(requests);
    const line = `Estimate: ${estimate.functions} docstrings, ${estimate.requests} requests, ${estimate.promptTokens} prompt tokens `
      + `(up to ${estimate.maxTokens} with output), ~$${estimate.usd.toFixed(4)} at most, ${estimate.cacheHits} cache hits; `
      + `budget left ${estimate.remaining.tokens} tokens / $${estimate.remaining.usd.toFixed(4)}${estimate.fits ? '' : ' — not all of it fits: what does not is skipped'}.`;
    if (run.estimate) {
      if (run.format === 'json') process.stdout.write(`${JSON.stringify({ estimate }, null, 2)}\n`);
      else process.stdout.write(`${line}\n`);
      return 0;
    }
    process.stderr.write(`${line}\n`);
    if (!sends) {
      process.stderr.write(`docwright: --${run.check ? 'check' : 'dry-run'} sends nothing to ${provider.id}: what is missing or stale is shown with the template's text; the estimate is what a run would send.\n`);
      return reportDocument([...planned, ...run.walkSkips], run.format, { write: false, check: run.check, style: run.style, provider: provider.id }, undefined, estimate);
    }
    return await documentWithLlm(jobs, settings, llm, options, provider, { parser, analyzer, runName, format: run.format, style: run.style, walkSkips: run.walkSkips });
  } finally {
    provider.dispose();
  }
}

/**
 * The run that sends. Ctrl-C stops sending (requests in flight are aborted); a file is written
 * whole once all its docstrings are in, so a file interrupted half-way is left untouched, and the
 * run says which files were written and which were not, and exits 130. A second Ctrl-C quits at
 * once: every write is a single atomic rename, so nothing is left half-written.
 */
async function documentWithLlm(
  jobs: WorkerJob[], settings: Settings, llm: LlmSettings, options: DocumentJobOptions, provider: LlmProvider,
  run: { parser: Parser; analyzer: PythonAnalyzer; runName: string; format: string; style: string; walkSkips: DocumentFileResult[] },
): Promise<number> {
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
    process.stderr.write('docwright: interrupted: nothing more is sent; files not yet complete are left untouched (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  const cancellable: DocstringProvider = { id: provider.id, provide: (rs) => provider.provide(rs, interrupt.signal) };
  const results: (DocumentFileResult | undefined)[] = new Array(jobs.length);
  let next = 0;
  try {
    // Files in parallel (each written whole or not at all); requests within them are rate-limited by the provider.
    await Promise.all(Array.from({ length: Math.min(llm.concurrency, jobs.length) }, async () => {
      while (next < jobs.length && !interrupt.signal.aborted) {
        const i = next++;
        const job = jobs[i]!;
        results[i] = await documentFile(job.file, job.display, job.module, settings, options, run.parser, run.analyzer, cancellable, interrupt.signal);
      }
    }));
  } finally {
    process.off('SIGINT', onSigint);
  }
  const done = results.filter((r): r is DocumentFileResult => r !== undefined);
  recordChanges(done, provider.id, run.runName);
  const stats = provider.stats;
  if (interrupt.signal.aborted) {
    reportInterrupted(jobs.map((job, i) => ({ file: job.display, written: results[i]?.written ?? false })));
    return 130;
  }
  const spend = {
    provider: provider.id, requests: stats.requests, promptTokens: stats.promptTokens, completionTokens: stats.completionTokens, usd: Number(stats.usd.toFixed(6)),
    cacheHits: stats.cacheHits, retries: stats.retries, skipped: stats.skipped, fallbacks: stats.fallbacks,
    overTime: stats.overTime, deferred: stats.deferred, usageFlagged: stats.usageFlagged,
  };
  const code = reportDocument([...done, ...run.walkSkips], run.format, { write: options.write, check: false, style: run.style, provider: provider.id }, spend);
  for (const m of stats.messages) process.stderr.write(`docwright: ${m}\n`);
  return code;
}

/** After Ctrl-C: which files were written (whole) and which were left as they were. */
function reportInterrupted(files: { file: string; written: boolean }[]): void {
  const names = (list: string[]) => (list.length > 20 ? `${list.slice(0, 20).join(', ')} and ${list.length - 20} more` : list.join(', '));
  const written = files.filter((f) => f.written).map((f) => f.file);
  const untouched = files.filter((f) => !f.written).map((f) => f.file);
  process.stderr.write(`docwright: interrupted: ${plural(written.length, 'file')} written${written.length ? ` (${names(written)})` : ''}, `
    + `${plural(untouched.length, 'file')} left untouched${untouched.length ? ` (${names(untouched)})` : ''}.\n`);
}

/** Existing docstrings by style, for `style = auto` with nothing configured. Cheap: regexes, no parse. */
function styleCounts(files: string[], maxFileSizeKb: number): ReturnType<typeof emptyCounts> {
  const counts = emptyCounts();
  for (const file of files) {
    const read = readRegularFile(file, maxFileSizeKb);
    if (!read.ok) continue; // reported when the file itself is documented
    const text = read.bytes.toString('utf8');
    if (!file.endsWith('.ipynb')) countStyles(text, counts);
    else {
      const notebook = readNotebook(text);
      if (notebook.ok) for (const cell of notebook.cells) countStyles(cell.source, counts);
    }
  }
  return counts;
}

function lineLengthOf(project: ProjectConfig, settings: Settings): number {
  if (project.values.lineLength !== undefined) return settings.lineLength;
  return project.ruff.lineLength ?? settings.lineLength;
}

function reportDocument(
  results: DocumentFileResult[], format: string, run: { write: boolean; check: boolean; style: string; provider: string },
  spend?: Record<string, unknown>, estimate?: Estimate,
): number {
  const added = results.reduce((n, r) => n + r.items.filter((i) => i.kind === 'added').length, 0);
  const placeholders = results.reduce((n, r) => n + r.items.filter((i) => i.placeholder).length, 0);
  const missingLeftOut = results.reduce((n, r) => n + r.missingLeftOut, 0);
  const updated = results.reduce((n, r) => n + r.items.filter((i) => i.kind === 'updated').length, 0);
  const refused = results.reduce((n, r) => n + r.refused.length, 0);
  const changedFiles = results.filter((r) => r.items.length > 0).length;
  const skippedFiles = results.filter((r) => r.skipped).length;
  if (format === 'json') {
    const summary = {
      files: results.length, changedFiles, added, placeholders, updated, missingLeftOut, refused, skippedFiles, written: run.write, style: run.style,
      ...(spend ? { llm: spend } : {}), ...(estimate ? { estimate } : {}),
    };
    process.stdout.write(`${JSON.stringify({ summary, files: results.filter((r) => r.items.length || r.refused.length || r.skipped) }, null, 2)}\n`);
  } else {
    const verb = run.write ? '' : 'would be ';
    for (const r of results) {
      if (r.diff) process.stdout.write(r.diff);
      if (r.skipped) process.stderr.write(`${r.file}: skipped: ${r.skipped}\n`);
      for (const x of r.refused) process.stderr.write(`${r.file}:${cellPrefix(x.cell)}${x.line}: left \`${x.qualname}\` alone: ${x.reason}\n`);
      if (!r.items.length) continue;
      const a = r.items.filter((i) => i.kind === 'added').length;
      const u = r.items.length - a;
      process.stdout.write(`${r.file}: ${[a ? `${a} ${verb}added` : '', u ? `${u} ${verb}updated` : ''].filter(Boolean).join(', ')}\n`);
    }
    const what = added + updated > 0
      ? `${plural(added, 'docstring')} ${verb}added, ${updated} ${verb}updated in ${plural(changedFiles, 'file')}`
      : refused ? `No docstring ${run.write ? 'was' : 'would be'} written` : missingLeftOut ? 'Every existing docstring is up to date' : 'Every docstring is present and up to date';
    process.stderr.write(`${what} (${results.length} files checked, style ${run.style}${refused ? `, ${refused} left alone` : ''}${skippedFiles ? `, ${skippedFiles} files skipped` : ''}).\n`);
    for (const line of placeholderLines(placeholders, missingLeftOut, run.provider, verb)) process.stderr.write(`${line}\n`);
    if (spend) {
      process.stderr.write(`${spend.provider}: ${spend.requests} requests, ${Number(spend.promptTokens) + Number(spend.completionTokens)} tokens `
        + `(${spend.promptTokens} prompt + ${spend.completionTokens} output), $${Number(spend.usd).toFixed(4)}, ${spend.cacheHits} cache hits, `
        + `${spend.retries} retries, ${spend.skipped} skipped by the budget, ${spend.fallbacks} written by the template instead`
        + `${spend.overTime ? `, ${spend.overTime} left for the run's time limit` : ''}${spend.deferred ? `, ${spend.deferred} left for the endpoint's Retry-After` : ''}`
        + `${spend.usageFlagged ? `, ${spend.usageFlagged} answers with impossible usage (counted by Docwright)` : ''}.\n`);
    }
  }
  return run.check && added + updated > 0 ? 1 : 0;
}

/** What the template writes, or would have: placeholders, said as such, with what writes descriptions instead. */
function placeholderLines(placeholders: number, missingLeftOut: number, provider: string, verb: string): string[] {
  const lines: string[] = [];
  if (placeholders) {
    lines.push(provider === 'template'
      ? `${plural(placeholders, 'placeholder docstring')} ${verb}written (TODO text to replace by hand); an LLM provider (--provider) writes descriptions instead.`
      : `${plural(placeholders, 'placeholder docstring')} ${verb}written by the template where ${provider} did not answer.`);
  }
  if (missingLeftOut) {
    lines.push(`${plural(missingLeftOut, 'missing docstring')} left out: the template would only write placeholders; `
      + '--only missing or --only all inserts them, an LLM provider (--provider) writes descriptions instead.');
  }
  return lines;
}

function reportFindings(results: FileResult[], format: string, settings: Settings, cached: number): number {
  const rows = results.flatMap((r) => (r.findings ?? []).map((f) => ({
    file: r.file,
    ...(f.cell !== undefined ? { cell: f.cell } : {}),
    line: f.span.startLine + 1,
    column: f.span.startCol + 1,
    endLine: f.span.endLine + 1,
    endColumn: f.span.endCol + 1,
    code: f.code,
    message: f.message,
    severity: f.severity,
  })));
  if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(rows), null, 2)}\n`);
  else {
    const out = rows.map((r) => `${r.file}:${cellPrefix(r.cell)}${r.line}:${r.column}: ${r.code} ${r.message}`);
    if (out.length) process.stdout.write(`${out.join('\n')}\n`);
    const skipped = results.filter((r) => r.skipped).length;
    const withFindings = results.filter((r) => r.findings?.length).length;
    // "All checks passed" only when every file was analysed: a skipped file was not checked.
    const summary = rows.length
      ? `Found ${plural(rows.length, 'problem')} in ${withFindings} of ${plural(results.length, 'file')}`
      : skipped ? `No problems in ${plural(results.length - skipped, 'file')} analysed` : `All checks passed (${plural(results.length, 'file')})`;
    const notes = [skipped ? `${skipped} skipped` : '', cached ? `${cached} unchanged since the last run (cached)` : ''].filter(Boolean);
    process.stderr.write(`${summary}${notes.map((n) => `, ${n}`).join('')}. Limits: cyclomatic ${settings.maxCyclomatic}, cognitive ${settings.maxCognitive}, nesting ${settings.maxNesting}.\n`);
  }
  return rows.length ? 1 : 0;
}

/** In a notebook a position names its code cell first, as ruff writes it: `nb.ipynb:cell 2:3:1`. */
function cellPrefix(cell: number | undefined): string {
  return cell === undefined ? '' : `cell ${cell}:`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The maintainability index on a module's line, the Halstead volume on a function's. */
function radonExtras(r: MetricsRecord): string {
  if (r.maintainability !== undefined) return ` mi=${r.maintainability.toFixed(2)} (${r.maintainabilityRank})`;
  return r.halstead ? ` volume=${r.halstead.volume.toFixed(1)}` : '';
}

function reportMetrics(results: FileResult[], format: string): number {
  const records = results.flatMap((r) => r.metrics ?? []);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  } else {
    const lines = records.map((r) => `${r.file}:${cellPrefix(r.cell)}${r.line}:${r.column}: ${r.kind} ${r.qualname} cyclomatic=${r.cyclomatic} (${r.rank}) cognitive=${r.cognitive} nesting=${r.nesting} lines=${r.lines}${radonExtras(r)}`);
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`docwright: ${error.message}\n\n${USAGE}\n`);
    } else {
      process.stderr.write(`docwright: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exitCode = 2;
  },
);
