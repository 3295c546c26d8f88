import { Language, Parser, type ParseCallback, type ParseOptions, type Tree } from 'web-tree-sitter';
import { parserText } from './lines';

/** The loaded Python grammar; create one per process and pass it to whoever parses. */
export interface PythonGrammar {
  readonly language: Language;
  newParser(): Parser;
}

/**
 * Every text reaches tree-sitter through here, with each lone '\r' read as '\n' (see
 * parsing/lines.ts): offsets stay the text's, rows become its lines, and nodes' `text` shows
 * '\n' where the file has a lone '\r'. One place, so no caller can parse a CR-only file wrong.
 */
class PythonParser extends Parser {
  override parse(input: string | ParseCallback, oldTree?: Tree | null, options?: ParseOptions): Tree | null {
    return super.parse(typeof input === 'string' ? parserText(input) : input, oldTree, options);
  }
}

/**
 * Where the two wasm files are. The host knows (esbuild copies both next to dist/*.js, and
 * workspace/grammar.ts names them in a directory); core only loads what it is given.
 */
export interface GrammarFiles {
  /** `web-tree-sitter.wasm`: the tree-sitter runtime. */
  runtime: string;
  /** `tree-sitter-python.wasm`: the Python grammar. */
  python: string;
}

let runtimeReady: Promise<void> | undefined;

/**
 * Loads the tree-sitter runtime and the Python grammar from `files`.
 * The runtime itself is process-global inside web-tree-sitter, so its init is shared.
 */
export async function loadPythonGrammar(files: GrammarFiles): Promise<PythonGrammar> {
  runtimeReady ??= Parser.init({
    locateFile: (file: string) => (file === 'web-tree-sitter.wasm' ? files.runtime : file),
  });
  await runtimeReady;
  const language = await Language.load(files.python);
  return {
    language,
    newParser() {
      const parser = new PythonParser();
      parser.setLanguage(language);
      return parser;
    },
  };
}
