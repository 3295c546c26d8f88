import { parentPort, workerData } from 'node:worker_threads';
import { PythonAnalyzer } from '../analysis/analyzer';
import { loadPythonGrammar } from '../parsing/python';
import type { Settings } from '../settings';
import { processFile, type FileResult, type Mode } from './fileJob';

/** A CLI worker thread: loads the grammar once, then analyses the files it is sent. */

export interface WorkerJob {
  file: string;
  display: string;
  module: string;
}
export interface WorkerInit {
  distDir: string;
  settings: Settings;
  mode: Mode;
}

async function main(): Promise<void> {
  const init = workerData as WorkerInit;
  const grammar = await loadPythonGrammar(init.distDir);
  const parser = grammar.newParser();
  const analyzer = new PythonAnalyzer(grammar.language, init.mode === 'check' ? 'diagnostics' : 'full');
  parentPort!.on('message', (jobs: WorkerJob[] | null) => {
    if (jobs === null) {
      parentPort!.close();
      return;
    }
    const results: FileResult[] = jobs.map((job) => {
      try {
        return processFile(job.file, job.display, job.module, init.settings, init.mode, parser, analyzer);
      } catch (error) {
        return { file: job.display, skipped: `internal error: ${String(error)}` };
      }
    });
    parentPort!.postMessage(results);
  });
  parentPort!.postMessage('ready');
}

void main();
