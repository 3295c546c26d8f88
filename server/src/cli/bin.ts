import { setFlagsFromString } from 'node:v8';
import { run } from './main';

// V8's optimizing compiler spends ~2.7 s of CPU compiling the analysis code during a cold
// `check` of the standard library, once per thread that analyses (the workers each warm up
// again). Half the default inlining budget (920 bytes of bytecode) halves that compile time
// and the optimized code runs as fast (docs/performance.md). Set before any code is hot, and
// process-wide, so the workers get it too.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

/** dist/cli.js: the `docwright` command. Sets the exit status and lets the process end on its own. */
void run(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exitCode = code;
});
