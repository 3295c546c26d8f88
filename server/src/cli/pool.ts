import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Parser } from 'web-tree-sitter';
import { PythonAnalyzer } from '../core/analysis/analyzer';
import { loadPythonGrammar } from '../core/parse/python';
import { grammarFilesIn } from '../workspace/grammar';
import { detailFor } from './fileJob';
import type { WorkerInit, WorkerJob } from './worker';

/** Runs one file's job in this thread, with the parser and analyzer the run shares. */
export type InProcessJob<R> = (job: WorkerJob, parser: Parser, analyzer: PythonAnalyzer) => Promise<R>;

/**
 * Small runs stay in-process; larger ones are spread over worker threads (dist/worker.js), one
 * per core unless `requestedWorkers` says otherwise, each fed batches as it finishes the last.
 * Results come back in the order of `jobs`.
 */
export async function runJobs<R>(jobs: WorkerJob[], init: WorkerInit, requestedWorkers: number | undefined, inProcess: InProcessJob<R>): Promise<R[]> {
  if (jobs.length === 0) return [];
  const workerCount = Math.min(requestedWorkers ?? availableParallelism(), Math.ceil(jobs.length / 32));
  if (workerCount <= 1) return runInProcess(jobs, init, inProcess);
  const results: R[] = new Array(jobs.length);
  const queue = { next: 0 };
  await Promise.all(Array.from({ length: workerCount }, () => runWorker(jobs, init, queue, results)));
  return results;
}

async function runInProcess<R>(jobs: WorkerJob[], init: WorkerInit, inProcess: InProcessJob<R>): Promise<R[]> {
  const grammar = await loadPythonGrammar(grammarFilesIn(init.distDir));
  const parser = grammar.newParser();
  const analyzer = new PythonAnalyzer(grammar.language, detailFor(init.mode, init.settings));
  const out: R[] = [];
  for (const job of jobs) out.push(await inProcess(job, parser, analyzer));
  return out;
}

const BATCH_SIZE = 8;

/** One worker thread: takes the next batch from the shared queue until none is left, then ends. */
function runWorker<R>(jobs: WorkerJob[], init: WorkerInit, queue: { next: number }, results: R[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(path.join(init.distDir, 'worker.js'), { workerData: init });
    let batchStart = 0;
    const send = () => {
      if (queue.next >= jobs.length) {
        worker.postMessage(null);
        return;
      }
      batchStart = queue.next;
      queue.next = Math.min(jobs.length, queue.next + BATCH_SIZE);
      worker.postMessage(jobs.slice(batchStart, queue.next));
    };
    worker.on('message', (message: 'ready' | R[]) => {
      if (message !== 'ready') message.forEach((r, i) => { results[batchStart + i] = r; });
      send();
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
  });
}
