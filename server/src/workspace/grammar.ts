import * as path from 'node:path';
import type { GrammarFiles } from '../core/parse/python';

/** The wasm files in `dir`, which must hold both (esbuild copies them next to dist/*.js). */
export function grammarFilesIn(dir: string): GrammarFiles {
  return {
    runtime: path.join(dir, 'web-tree-sitter.wasm'),
    python: path.join(dir, 'tree-sitter-python.wasm'),
  };
}
