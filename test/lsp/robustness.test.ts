import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type ResponseError } from 'vscode-jsonrpc/node';
import {
  ChangelogRequest, ClearCacheRequest, DocumentMetricsRequest, ExportDocsRequest, PlanWorkspaceRequest, RunWorkspaceRequest, UsageReportRequest,
  WorkspaceTrustNotification,
} from '../../server/src/shared/protocol';
import { applyEdits, LspTestClient, type TextEdit } from './lspClient';

/** Hostile trees, big files and bad parameters: the server answers each, correctly, and keeps serving. */

interface CodeAction {
  title: string;
  kind: string;
  data?: unknown;
  edit?: { documentChanges?: { edits: TextEdit[] }[]; changes?: Record<string, TextEdit[]> };
}

const RESOLVING = {
  workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
  textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } },
};

const uriOf = (file: string) => pathToFileURL(file).toString();

function tempDir(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `docwright-${name}-`));
}

/** `rm -rf`: it walks by directory handles, so it also removes a chain deeper than PATH_MAX. */
function remove(dir: string): void {
  execFileSync('rm', ['-rf', dir]);
}

/**
 * Entries that break a naive walk: a symlink to itself (ELOOP), a symlink to its own folder
 * (a cycle), and a chain of folders whose path is longer than PATH_MAX (ENAMETOOLONG) with a
 * Python file at the bottom. Each folder is made from inside the one above, so no single call
 * is given a path that is too long.
 */
function plantHostileEntries(dir: string): void {
  symlinkSync('loop', path.join(dir, 'loop'));
  symlinkSync('.', path.join(dir, 'cycle'));
  execFileSync('python3', ['-c', [
    'import os, sys',
    'os.chdir(sys.argv[1])',
    'for _ in range(24):',
    '    os.mkdir(sys.argv[2])',
    '    os.chdir(sys.argv[2])',
    'open("deep.py", "w").write("def deep(a):\\n    return a\\n")',
  ].join('\n'), dir, 'd'.repeat(200)]);
}

const SPHINX = 'def s(a):\n    """Sum.\n\n    :param a: The a.\n    """\n    return a\n';
const NUMPY = 'def n(a):\n    """Name.\n\n    Parameters\n    ----------\n    a : int\n        The a.\n    """\n    return a\n';
const UNDOCUMENTED = 'def target(a, b):\n    return a + b\n';

async function quickFixText(client: LspTestClient, uri: string, source: string, name: string): Promise<string> {
  const published = await client.diagnostics(uri);
  const line = source.split('\n').findIndex((l) => l.startsWith(`def ${name}(`));
  const diagnostics = published.diagnostics.filter((d) => d.code === 'DW103' && d.range.start.line === line);
  assert.equal(diagnostics.length, 1);
  const actions = await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: diagnostics.map((d) => ({ ...d, source: 'docwright' })), only: ['quickfix'] },
  }) as CodeAction[];
  const docstringFixes = actions.filter((a) => !a.title.startsWith('Ignore '));
  assert.equal(docstringFixes.length, 1);
  return applyEdits(source, docstringFixes[0]!.edit!.documentChanges![0]!.edits);
}

const walkErrors = (client: LspTestClient) => [...client.logs, ...client.stderr].filter((l) => /ELOOP|ENAMETOOLONG|EACCES|TypeError/.test(l));

describe('a file among hostile entries', function () {
  let client: LspTestClient;
  let dir: string;
  afterEach(async () => {
    await client?.stop();
    remove(dir);
  });

  it('a file in no workspace folder is its own style sample: nothing around it is walked', async () => {
    dir = tempDir('loose');
    plantHostileEntries(dir);
    // Its neighbours are Sphinx; a walk of the folder would pick Sphinx (or fail on the loop).
    for (const name of ['one', 'two', 'three']) writeFileSync(path.join(dir, `${name}.py`), SPHINX);
    const source = `${NUMPY}\n\n${UNDOCUMENTED}`;
    const file = path.join(dir, 'loose.py');
    writeFileSync(file, source);
    client = await LspTestClient.start(undefined, true, RESOLVING);
    await client.open(uriOf(file), source);
    const text = await quickFixText(client, uriOf(file), source, 'target');
    assert.match(text, /def target\(a, b\):\n {4}"""TODO: Target\.\n\n {4}Parameters\n {4}----------\n {4}a\n/);
    assert.deepEqual(walkErrors(client), []);
  });

  it('in a workspace folder the style sample walks past loops, cycles and over-long paths', async () => {
    dir = tempDir('folder');
    plantHostileEntries(dir);
    writeFileSync(path.join(dir, 'numpy_style.py'), `${NUMPY}\n\n${NUMPY.replace('def n(', 'def m(')}`);
    const file = path.join(dir, 'target.py');
    writeFileSync(file, UNDOCUMENTED);
    client = await LspTestClient.start(undefined, true, RESOLVING, undefined, [uriOf(dir)]);
    await client.open(uriOf(file), UNDOCUMENTED);
    const text = await quickFixText(client, uriOf(file), UNDOCUMENTED, 'target');
    assert.match(text, /^def target\(a, b\):\n {4}"""TODO: Target\.\n\n {4}Parameters\n {4}----------\n/);
    assert.deepEqual(walkErrors(client), []);
  });
});

describe('a long request does not hold the server', function () {
  const FUNCTIONS = 3000;
  const source = ['"""Module."""', '', ...Array.from({ length: FUNCTIONS }, (_, i) => `\ndef f${i}(a, b):\n    return a + b\n`)].join('\n');
  const uri = LspTestClient.uri('big.py');
  let client: LspTestClient;
  beforeEach(async () => {
    client = await LspTestClient.start(undefined, true, RESOLVING);
    await client.open(uri, source);
    await client.diagnostics(uri);
  });
  afterEach(async () => { await client.stop(); });

  const generateAll = async () => {
    const [action] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source'] },
    }) as CodeAction[];
    assert.equal(action!.title, `Generate ${FUNCTIONS} missing docstrings in file`);
    return action!;
  };
  const hover = () => client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 5 } }) as Promise<{ contents: { value: string } }>;

  it('a hover sent during "Generate N missing docstrings" is answered before it', async () => {
    const action = await generateAll();
    const order: string[] = [];
    const resolving = client.connection.sendRequest('codeAction/resolve', action).then((r) => { order.push('resolve'); return r as CodeAction; });
    const hovering = hover().then((h) => { order.push('hover'); return h; });
    const [resolved, hovered] = await Promise.all([resolving, hovering]);
    assert.deepEqual(order, ['hover', 'resolve']);
    assert.match(hovered.contents.value, /^\*\*function `f0`\*\*/);
    const edits = resolved.edit!.documentChanges![0]!.edits;
    assert.equal(edits.length, FUNCTIONS);
    assert.match(applyEdits(source, edits), /def f2999\(a, b\):\n {4}"""TODO: F2999\./);
  });

  it('a cancelled request answers RequestCancelled (-32800), and the server goes on', async () => {
    const action = await generateAll();
    const cancellation = new CancellationTokenSource();
    const resolving = client.connection.sendRequest('codeAction/resolve', action, cancellation.token);
    cancellation.cancel();
    const error = await resolving.then(() => undefined, (e: ResponseError) => e);
    assert.equal(error?.code, -32800);
    assert.match(error.message, /codeAction\/resolve: cancelled/);
    assert.match((await hover()).contents.value, /^\*\*function `f0`\*\*/);
  });

  it('a request carrying every diagnostic of the file lists one fix each, computing only those on its lines', async () => {
    const diagnostics = (await client.diagnostics(uri)).diagnostics.filter((d) => d.code === 'DW103').map((d) => ({ ...d, source: 'docwright' }));
    assert.equal(diagnostics.length, FUNCTIONS);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, context: { diagnostics, only: ['quickfix'] },
    }) as CodeAction[];
    // The ignore fix is offered on the requested line only (the docstring fixes are all listed, lazily).
    assert.deepEqual(actions.filter((a) => a.title.startsWith('Ignore ')).map((a) => a.title), ['Ignore DW103 on this line']);
    actions.splice(actions.findIndex((a) => a.title.startsWith('Ignore ')), 1);
    assert.equal(actions.length, FUNCTIONS);
    assert.deepEqual(actions.filter((a) => a.edit).map((a) => a.title), ['Generate docstring for `f0`']);
    const last = await client.connection.sendRequest('codeAction/resolve', actions[FUNCTIONS - 1]) as CodeAction;
    assert.match(applyEdits(source, last.edit!.documentChanges![0]!.edits), /def f2999\(a, b\):\n {4}"""TODO: F2999\./);
  });
});

describe('bad parameters get InvalidParams naming the field', function () {
  let client: LspTestClient;
  const uri = LspTestClient.uri('params.py');
  before(async () => {
    client = await LspTestClient.start(undefined, true, RESOLVING);
    await client.open(uri, UNDOCUMENTED);
    await client.diagnostics(uri);
  });
  after(async () => { await client.stop(); });

  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const plan = { roots: ['file:///tmp'], exclude: [], only: 'all', scope: 'all' };
  const cases: [string, unknown, string][] = [
    // Sent by method name: the parameters are wrong on purpose, which the typed requests would not let through.
    [DocumentMetricsRequest.method, {}, 'uri'],
    [DocumentMetricsRequest.method, { uri: 7 }, 'uri'],
    [PlanWorkspaceRequest.method, { ...plan, roots: 'file:///tmp' }, 'roots'],
    [PlanWorkspaceRequest.method, { ...plan, roots: [] }, 'roots'],
    [PlanWorkspaceRequest.method, { ...plan, roots: ['/tmp'] }, 'roots.0'],
    [PlanWorkspaceRequest.method, { ...plan, only: 'everything' }, 'only'],
    [PlanWorkspaceRequest.method, { ...plan, exclude: undefined }, 'exclude'],
    [RunWorkspaceRequest.method, { planId: 1 }, 'planId'],
    [ExportDocsRequest.method, { roots: ['file:///tmp'], exclude: '*.py' }, 'exclude'],
    [ExportDocsRequest.method, { exclude: [] }, 'roots'],
    [UsageReportRequest.method, 'report', '(params)'],
    [ClearCacheRequest.method, 'all', '(params)'],
    [ChangelogRequest.method, 'all', '(params)'],
    ['codeAction/resolve', { title: 'x', data: { uri, version: 1, requests: [{ action: 'generate' }] } }, 'data.requests.0.index'],
    ['codeAction/resolve', { data: { uri, version: 1, requests: [] } }, 'title'],
    ['workspace/executeCommand', { command: 'docwright.applyDocstrings', arguments: [{ uri, version: 'one', requests: [] }] }, 'version'],
    ['workspace/executeCommand', { arguments: [] }, 'command'],
    ['textDocument/hover', { textDocument: { uri } }, 'position'],
    ['textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 0 } }, 'position.line'],
    ['textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: 'all' } }, 'context.diagnostics'],
    ['textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [{ code: 'DW103' }] } }, 'context.diagnostics.0.range'],
    ['textDocument/codeAction', { textDocument: {}, range, context: { diagnostics: [] } }, 'textDocument.uri'],
  ];
  for (const [method, params, field] of cases) {
    it(`${method} ${JSON.stringify(params)} → ${field}`, async () => {
      const error = await client.connection.sendRequest(method, params).then(() => undefined, (e: ResponseError) => e);
      assert.equal(error?.code, -32602, `${method} answered ${JSON.stringify(error)}`);
      assert.ok(error.message.includes(`${field}:`), error.message);
    });
  }

  it('bad initializationOptions are named in the log, key by key', async () => {
    const other = await LspTestClient.start(undefined, true, RESOLVING, { storageDir: 5, trusted: 'no', watchesPyproject: true });
    try {
      await other.open(uri, UNDOCUMENTED);
      await other.diagnostics(uri);
      assert.deepEqual(other.logs.filter((l) => l.includes('initializationOptions')).map((l) => l.replace(/ ignored: .*/, '')), [
        '[docwright] initializationOptions.storageDir',
        '[docwright] initializationOptions.trusted',
      ]);
    } finally {
      await other.stop();
    }
  });

  it('a bad notification is named in the log and ignored; a URI that is not open gets null; no TypeError anywhere', async () => {
    await client.connection.sendNotification(WorkspaceTrustNotification.method, { trusted: 'yes' });
    await client.until('the log line', () => client.logs.find((l) => l.includes(`${WorkspaceTrustNotification.method} ignored: invalid parameters: trusted:`)));
    const closed = LspTestClient.uri('never-opened.py');
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: closed }, position: { line: 0, character: 0 } }), null);
    assert.equal(await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: closed }, range, context: { diagnostics: [] } }), null);
    assert.equal((await client.connection.sendRequest(DocumentMetricsRequest, { uri: closed })).version, null);
    assert.deepEqual(walkErrors(client), []);
  });
});

describe('export and plan read only inside the workspace folders', function () {
  let client: LspTestClient;
  let workspace: string;
  let outside: string;
  before(async () => {
    workspace = tempDir('workspace');
    outside = tempDir('outside');
    writeFileSync(path.join(outside, 'secret.py'), 'def leaked(a):\n    return a\n');
    writeFileSync(path.join(workspace, 'inside.py'), 'def kept(a):\n    return a\n');
    mkdirSync(path.join(workspace, 'pkg'));
    writeFileSync(path.join(workspace, 'pkg', 'mod.py'), 'def also(a):\n    return a\n');
    symlinkSync(outside, path.join(workspace, 'linked'));
    symlinkSync(path.join(outside, 'secret.py'), path.join(workspace, 'pkg', 'secret.py'));
    client = await LspTestClient.start(undefined, true, RESOLVING, undefined, [uriOf(workspace)]);
  });
  after(async () => {
    await client.stop();
    remove(workspace);
    remove(outside);
  });

  it('a root outside every folder is refused with InvalidParams', async () => {
    const refused: [string, () => Promise<unknown>][] = [
      [ExportDocsRequest.method, () => client.connection.sendRequest(ExportDocsRequest, { roots: [uriOf(outside)], exclude: [] })],
      [PlanWorkspaceRequest.method, () => client.connection.sendRequest(PlanWorkspaceRequest, { roots: [uriOf(workspace), uriOf(outside)], exclude: [], only: 'all', scope: 'all' })],
      [PlanWorkspaceRequest.method, () => client.connection.sendRequest(PlanWorkspaceRequest, { roots: [uriOf(path.join(workspace, 'linked'))], exclude: [], only: 'all', scope: 'all' })],
    ];
    for (const [method, send] of refused) {
      const error = await send().then(() => undefined, (e: ResponseError) => e);
      assert.equal(error?.code, -32602, method);
      assert.match(error.message, /roots\.\d: .* is outside every workspace folder; Docwright reads only inside them/);
    }
  });

  it('a symlink inside a folder that leads out of it is not followed', async () => {
    const exported = await client.connection.sendRequest(ExportDocsRequest, { roots: [uriOf(workspace)], exclude: [] });
    assert.match(exported.markdown, /kept/);
    assert.match(exported.markdown, /also/);
    assert.doesNotMatch(exported.markdown, /leaked|secret/);
    const plan = await client.connection.sendRequest(PlanWorkspaceRequest, { roots: [uriOf(workspace)], exclude: [], only: 'all', scope: 'all' });
    assert.deepEqual([plan.files, plan.functions], [2, 4]); // kept, also and the two module docstrings
  });
});
