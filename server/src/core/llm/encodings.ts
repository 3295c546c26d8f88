/**
 * The OpenAI BPE encodings (about 4.5 MB of ranks). esbuild bundles this module as its own
 * file, dist/encodings.js, and tokens.ts requires it on first use: a `docwright check` or a
 * language server that never counts tokens neither compiles nor builds these tables
 * (≈250 ms and ≈90 MB when loaded eagerly).
 */
export { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
export { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
