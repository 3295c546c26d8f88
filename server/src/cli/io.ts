import type { HostStats } from '../core/stats/figures';

/** What a CLI run reads and writes outside its arguments, so that a test can run it in-process. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Where the state directory and the LLM's endpoint and key are looked up. */
  env: NodeJS.ProcessEnv;
  /** The folder holding the wasm files and worker.js: dist/ in the bundle. */
  distDir: string;
  /** The run's own figures (parse and analysis times, caches, the LLM's), printed by --stats. */
  stats: HostStats;
}

export interface TextSink {
  write(text: string): unknown;
}

/** The real process: in dist/cli.js every module is bundled into one file, so `__dirname` is dist/. */
export function processIo(): Omit<CliIo, 'stats'> {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, distDir: __dirname };
}
