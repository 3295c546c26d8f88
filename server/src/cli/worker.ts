import { parentPort, workerData } from 'node:worker_threads';
import { PythonAnalyzer } from '../core/analysis/analyzer';
import { loadPythonGrammar } from '../core/parse/python';
import { grammarFilesIn } from '../workspace/grammar';
import type { Settings } from '../shared/settings';
import { documentFile, type DocumentFileResult, type DocumentJobOptions } from './documentJob';
import { detailFor, processFile, type FileResult, type Mode } from './fileJob';

/** A CLI worker thread: loads the grammar once, then analyses the files it is sent. */

export interface WorkerJob {
  file: string;
  display: string;
  module: string;
}
export interface WorkerInit {
  distDir: string;
  settings: Settings;
  mode: Mode | 'document';
  document?: DocumentJobOptions;
  /** check/metrics: stamp results for the result cache (off with --no-cache). */
  stamps?: boolean;
}

async function main(): Promise<void> {
  const init = workerData as WorkerInit;
  const grammar = await loadPythonGrammar(grammarFilesIn(init.distDir));
  const parser = grammar.newParser();
  const analyzer = new PythonAnalyzer(grammar.language, detailFor(init.mode, init.settings));
  parentPort!.on('message', async (jobs: WorkerJob[] | null) => {
    if (jobs === null) {
      parentPort!.close();
      return;
    }
    const results: (FileResult | DocumentFileResult)[] = [];
    for (const job of jobs) {
      try {
        results.push(init.mode === 'document'
          ? await documentFile(job.file, job.display, job.module, init.settings, init.document!, parser, analyzer)
          : processFile(job.file, job.display, job.module, init.settings, init.mode, parser, analyzer, init.stamps ?? true));
      } catch (error) {
        results.push({ file: job.display, skipped: `internal error: ${String(error)}`, items: [], refused: [], written: false });
      }
    }
    parentPort!.postMessage(results);
  });
  parentPort!.postMessage('ready');
}

void main();
