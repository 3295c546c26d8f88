import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { PythonAnalyzer } from './analysis/analyzer';
import { CODES } from './analysis/codes';
import { readProjectConfig } from './cli/config';
import { processFile, type FileResult, type Mode } from './cli/fileJob';
import { collectFiles } from './cli/files';
import { toSarif } from './cli/sarif';
import type { WorkerInit, WorkerJob } from './cli/worker';
import { runLanguageServer } from './lsp';
import { loadPythonGrammar } from './parsing/python';
import { parseSettings, type Settings } from './settings';

const USAGE = `Usage:
  docwright check [PATH...] [--format text|json|sarif] [--select CODES] [--ignore CODES]
                  [--max-cyclomatic N] [--max-cognitive N] [--max-nesting N] [--exclude GLOB]...
  docwright metrics [PATH...] [--format text|json]
  docwright lsp --stdio

PATH defaults to the current directory. Settings come from [tool.docwright] in the nearest
pyproject.toml; flags override them. Exit status: 0 clean, 1 findings, 2 usage or I/O error.`;

class UsageError extends Error {}

const DIST_DIR = __dirname;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
    case 'metrics':
      return runAnalysis(command, rest);
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

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        select: { type: 'string' },
        ignore: { type: 'string' },
        'max-cyclomatic': { type: 'string' },
        'max-cognitive': { type: 'string' },
        'max-nesting': { type: 'string' },
        exclude: { type: 'string', multiple: true },
        jobs: { type: 'string' },
      },
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
  for (const code of codes) {
    if (!CODES.some((c) => c.code.startsWith(code))) throw new UsageError(`--${name}: no code matches '${code}'`);
  }
  return codes;
}

function resolveSettings(flags: ReturnType<typeof parseFlags>['values'], start: string): Settings {
  const project = readProjectConfig(start);
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
  if (flags.exclude) merged.exclude = [...settings.exclude, ...flags.exclude];
  return merged;
}

async function runAnalysis(mode: Mode, args: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  const format = flags.format ?? 'text';
  const formats = mode === 'check' ? ['text', 'json', 'sarif'] : ['text', 'json'];
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}`);
  const cwd = process.cwd();
  const paths = positionals.length ? positionals : ['.'];
  const settings = resolveSettings(flags, paths[0]!);
  const { files, missing } = collectFiles(paths, settings.exclude, cwd);
  for (const m of missing) process.stderr.write(`docwright: ${m}: no such file or directory\n`);
  if (missing.length) return 2;

  const jobs: WorkerJob[] = files.map((file) => ({
    file,
    display: displayPath(file, cwd),
    module: file.split(path.sep).join('/'),
  }));
  const workers = integerFlag('jobs', flags.jobs);
  const results = await analyseAll(jobs, settings, mode, workers);

  for (const r of results) {
    if (r.skipped) process.stderr.write(`${r.file}: skipped: ${r.skipped}\n`);
    else if (r.syntaxErrors) {
      const first = r.syntaxErrors[0]!;
      process.stderr.write(`${r.file}:${first.line}:${first.column}: syntax error; analysed what parses\n`);
    }
  }
  return mode === 'check' ? reportFindings(results, format, settings) : reportMetrics(results, format);
}

function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/** Small runs stay in-process; larger ones are spread over worker threads, one per core. */
async function analyseAll(jobs: WorkerJob[], settings: Settings, mode: Mode, requestedWorkers?: number): Promise<FileResult[]> {
  const workerCount = Math.min(requestedWorkers ?? availableParallelism(), Math.ceil(jobs.length / 32));
  if (workerCount <= 1) {
    const grammar = await loadPythonGrammar(DIST_DIR);
    const parser = grammar.newParser();
    const analyzer = new PythonAnalyzer(grammar.language, mode === 'check' ? 'diagnostics' : 'full');
    return jobs.map((job) => processFile(job.file, job.display, job.module, settings, mode, parser, analyzer));
  }
  const results: FileResult[] = new Array(jobs.length);
  const batchSize = 8;
  let next = 0;
  const init: WorkerInit = { distDir: DIST_DIR, settings, mode };
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
    worker.on('message', (message: 'ready' | FileResult[]) => {
      if (message !== 'ready') message.forEach((r, i) => { results[batchStart + i] = r; });
      send();
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
  })));
  return results;
}

function reportFindings(results: FileResult[], format: string, settings: Settings): number {
  const rows = results.flatMap((r) => (r.findings ?? []).map((f) => ({
    file: r.file,
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
    const out = rows.map((r) => `${r.file}:${r.line}:${r.column}: ${r.code} ${r.message}`);
    if (out.length) process.stdout.write(`${out.join('\n')}\n`);
    const skipped = results.filter((r) => r.skipped).length;
    const summary = rows.length
      ? `Found ${rows.length} problem${rows.length === 1 ? '' : 's'} in ${results.length} file${results.length === 1 ? '' : 's'}`
      : `All checks passed (${results.length} file${results.length === 1 ? '' : 's'})`;
    process.stderr.write(`${summary}${skipped ? `, ${skipped} skipped` : ''}. Limits: cyclomatic ${settings.maxCyclomatic}, cognitive ${settings.maxCognitive}, nesting ${settings.maxNesting}.\n`);
  }
  return rows.length ? 1 : 0;
}

function reportMetrics(results: FileResult[], format: string): number {
  const records = results.flatMap((r) => r.metrics ?? []);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  } else {
    const lines = records.map((r) => `${r.file}:${r.line}:${r.column}: ${r.kind} ${r.qualname} cyclomatic=${r.cyclomatic} (${r.rank}) cognitive=${r.cognitive} nesting=${r.nesting} lines=${r.lines}`);
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
