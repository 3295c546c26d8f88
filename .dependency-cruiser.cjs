// The layer boundaries of ARCHITECTURE.md, checked by test/core/boundaries.test.ts in `npm test`
// (or by hand: npx depcruise server/src client/src). Paths are relative to the repository root.
//
//   shared/     server/src/shared: the protocol and the settings types and schema; anyone may
//               import it, and it imports nothing of ours.
//   core/       pure: no Node built-ins, no LSP, nothing above it. What it needs from the host
//               (the wasm files' location, file contents, an LLM's I/O) is passed in.
//   workspace/  Node's fs and friends, no LSP; imports only core and shared.
//   lsp/, cli/  the two hosts; they import workspace, core and shared, never each other
//               (`docwright lsp` loads the built server bundle at run time).
//   client/src  the extension; it imports only shared from the server.
// Tests (test/) are not cruised: they may reach into any layer.

const CORE = '^server/src/core/';
const WORKSPACE = '^server/src/workspace/';
const SHARED = '^server/src/shared/';
const LSP = '^server/src/lsp/';
const CLI = '^server/src/cli/';
const CLIENT = '^client/src/';

// The language server protocol's packages (and the editor's API): hosts' business, not core's
// nor workspace's.
const LSP_PACKAGES = '^(node_modules/(vscode-languageserver[^/]*|vscode-languageclient|vscode-jsonrpc|@types/vscode)/|vscode$)';
// Core does no I/O of its own; the LLM's HTTP client lives in workspace/llm and is passed in.
const IO_PACKAGES = '^node_modules/openai/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-nothing-above-it',
      comment: 'core is the bottom layer: it may import core and shared, not workspace, lsp, cli or the client.',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^(server/src/(workspace|lsp|cli)|client)/' },
    },
    {
      name: 'core-uses-no-node-built-ins',
      comment: 'core is pure: fs, path, os, child_process, worker_threads, net, http, util… belong to workspace or a host.',
      severity: 'error',
      from: { path: CORE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-uses-no-lsp',
      comment: 'core knows nothing of the language server protocol or the editor.',
      severity: 'error',
      from: { path: CORE },
      to: { path: LSP_PACKAGES },
    },
    {
      name: 'core-does-no-io',
      comment: 'the LLM client is workspace I/O; core gets a provider passed in.',
      severity: 'error',
      from: { path: CORE },
      to: { path: IO_PACKAGES },
    },
    {
      name: 'workspace-imports-only-core-and-shared',
      comment: 'workspace sits on core: it may not import lsp, cli or the client.',
      severity: 'error',
      from: { path: WORKSPACE },
      to: { path: '^(server/src/(lsp|cli)|client)/' },
    },
    {
      name: 'workspace-uses-no-lsp',
      comment: 'workspace is shared by both hosts, so it knows nothing of the protocol.',
      severity: 'error',
      from: { path: WORKSPACE },
      to: { path: LSP_PACKAGES },
    },
    {
      name: 'lsp-does-not-import-cli',
      comment: 'the two hosts share code through workspace and core only.',
      severity: 'error',
      from: { path: LSP },
      to: { path: CLI },
    },
    {
      name: 'cli-does-not-import-lsp',
      comment: 'the two hosts share code through workspace and core only (`docwright lsp` loads the '
        + 'server bundle, dist/server.js, at run time rather than importing it).',
      severity: 'error',
      from: { path: CLI },
      to: { path: LSP },
    },
    {
      name: 'client-imports-only-shared',
      comment: 'the extension client talks LSP; from the server it imports only the shared protocol and settings.',
      severity: 'error',
      from: { path: CLIENT },
      to: { path: '^server/', pathNot: SHARED },
    },
    {
      name: 'shared-imports-nothing-of-ours',
      comment: 'shared is imported by everyone, so it may import only itself (and npm packages).',
      severity: 'error',
      from: { path: SHARED },
      to: { path: '^(server|client)/', pathNot: SHARED },
    },
    {
      name: 'server-does-not-import-client',
      comment: 'the server and the CLI run without VS Code.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'source-does-not-import-tests',
      severity: 'error',
      from: { path: '^(server|client)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'an import that resolves to nothing would hide a dependency from every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: a type from a higher layer couples core to it as much as a value.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // test/ is not excluded, only not cruised: a source file that imports a test must show.
    exclude: { path: '^(out|dist)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
      mainFields: ['types', 'typings', 'module', 'main'],
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
  },
};
