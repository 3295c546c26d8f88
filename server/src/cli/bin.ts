import { run } from './main';

/** dist/cli.js: the `docwright` command. Sets the exit status and lets the process end on its own. */
void run(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exitCode = code;
});
