import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/** The loaded Python grammar; create one per process and pass it to whoever parses. */
export interface PythonGrammar {
  readonly language: Language;
  newParser(): Parser;
}

let runtimeReady: Promise<void> | undefined;

/**
 * Loads the tree-sitter runtime and the Python grammar from `wasmDir`, which must hold
 * `web-tree-sitter.wasm` and `tree-sitter-python.wasm` (esbuild copies both next to dist/*.js).
 * The runtime itself is process-global inside web-tree-sitter, so its init is shared.
 */
export async function loadPythonGrammar(wasmDir: string): Promise<PythonGrammar> {
  runtimeReady ??= Parser.init({
    locateFile: (file: string) => path.join(wasmDir, file),
  });
  await runtimeReady;
  const language = await Language.load(path.join(wasmDir, 'tree-sitter-python.wasm'));
  return {
    language,
    newParser() {
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    },
  };
}
