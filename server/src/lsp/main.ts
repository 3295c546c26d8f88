import { runLanguageServer } from './run';

runLanguageServer(__dirname).catch((error: unknown) => {
  process.stderr.write(`docwright: the language server could not start: ${String(error)}\n`);
  process.exit(1);
});
