import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * Trees a user did not make: links out of the project, FIFOs, devices, loops, unreadable
 * directories, huge and binary files. Every run ends, names what it skipped and why, and
 * writes only inside the paths it was given.
 */

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const UNDOCUMENTED = 'def f(a):\n    return a\n';

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], cwd: string, options: { uid?: number; cli?: string } = {}): Run {
  const cached = args[0] === 'check' || args[0] === 'metrics';
  const result = spawnSync(process.execPath, [options.cli ?? CLI, ...args, ...(cached ? ['--no-cache'] : [])], {
    cwd, encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, DOCWRIGHT_CACHE_DIR: path.join(cwd, '.state'), HOME: cwd },
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  assert.equal(result.error, undefined, `the run did not end: ${String(result.error)}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** stderr lines that name a skipped entry, in order. */
function skips(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.includes(': skipped: '));
}

describe('docwright CLI on hostile trees', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'docwright-hostile-'));
    mkdirSync(path.join(root, 'proj/pkg'), { recursive: true });
    mkdirSync(path.join(root, 'outside'));
  });
  afterEach(() => {
    // GNU rm walks a tree deeper than PATH_MAX; Node's rmSync does not.
    execFileSync('chmod', ['-R', 'u+rwx', root]);
    execFileSync('rm', ['-rf', root]);
  });
  const at = (...parts: string[]) => path.join(root, ...parts);

  it('document never follows a directory link out of the tree, nor writes over a file link', () => {
    writeFileSync(at('outside/victim.py'), UNDOCUMENTED);
    writeFileSync(at('proj/pkg/real.py'), UNDOCUMENTED);
    symlinkSync('../../outside', at('proj/pkg/escape'));
    symlinkSync('../../outside/victim.py', at('proj/pkg/victim_link.py'));
    symlinkSync('real.py', at('proj/pkg/alias.py'));
    const { code, stdout, stderr } = run(['document', '--only', 'all', 'proj'], root);
    assert.equal(code, 0, stderr);
    assert.equal(readFileSync(at('outside/victim.py'), 'utf8'), UNDOCUMENTED, 'a file outside the tree was rewritten');
    assert.deepEqual(skips(stderr), [
      `proj/pkg/escape: skipped: symbolic link to ${at('outside')}, outside the paths given`,
      `proj/pkg/victim_link.py: skipped: symbolic link to ${at('outside/victim.py')}, outside the paths given`,
    ]);
    // real.py is reached twice (itself and alias.py) and written once, under its own name.
    assert.equal(stdout, 'proj/pkg/real.py: 2 added\n');
    assert.ok(lstatSync(at('proj/pkg/alias.py')).isSymbolicLink(), 'the link was replaced by a regular file');
    assert.match(readFileSync(at('proj/pkg/real.py'), 'utf8'), /^"""[^]*def f\(a\):\n    """/);
  });

  it('an edit through a link named on the command line goes to the file it points to', () => {
    writeFileSync(at('proj/real.py'), UNDOCUMENTED);
    symlinkSync('real.py', at('proj/link.py'));
    const { code, stderr } = run(['document', '--only', 'all', 'proj/link.py'], root);
    assert.equal(code, 0, stderr);
    assert.ok(lstatSync(at('proj/link.py')).isSymbolicLink());
    assert.match(readFileSync(at('proj/real.py'), 'utf8'), /"""/);
  });

  it('a FIFO and a link to /dev/zero named x.py are skipped by kind, in a walk and when named', () => {
    writeFileSync(at('proj/pkg/ok.py'), UNDOCUMENTED);
    execFileSync('mkfifo', [at('proj/pkg/fifo.py')]);
    symlinkSync('/dev/zero', at('proj/pkg/zero.py'));
    // Named explicitly, each is opened without blocking and refused before a byte is read.
    const named = run(['check', 'proj/pkg/fifo.py', 'proj/pkg/zero.py', 'proj/pkg/ok.py'], root);
    assert.equal(named.code, 1);
    assert.deepEqual(skips(named.stderr), [
      'proj/pkg/fifo.py: skipped: not a regular file (a FIFO)',
      'proj/pkg/zero.py: skipped: not a regular file (a character device)',
    ]);
    assert.match(named.stdout, /^proj\/pkg\/ok\.py:1:5: DW103 /m);
    // document runs last: it writes ok.py.
    for (const command of ['check', 'metrics', 'document', 'export']) {
      const walked = run([command, 'proj'], root);
      assert.deepEqual(skips(walked.stderr), [
        'proj/pkg/fifo.py: skipped: not a regular file (a FIFO)',
        'proj/pkg/zero.py: skipped: symbolic link to /dev/zero, outside the paths given',
      ], command);
    }
  });

  it('a link loop and an over-long path are named; the rest of the run goes on', () => {
    writeFileSync(at('proj/pkg/ok.py'), UNDOCUMENTED);
    symlinkSync('loop', at('proj/pkg/loop'));
    symlinkSync('.', at('proj/pkg/self')); // a link back into the tree: entered once, not forever
    // A chain of directories whose full path is longer than PATH_MAX (4096), made by a shell
    // that goes down one relative step at a time, as any program can.
    mkdirSync(at('proj/deep'));
    execFileSync('bash', ['-c', `cd "${at('proj/deep')}" && for i in $(seq 25); do mkdir ${'d'.repeat(200)} && cd ${'d'.repeat(200)}; done && printf 'x = 1\\n' > deep.py`]);
    const { code, stdout, stderr } = run(['check', 'proj'], root);
    assert.equal(code, 1, stderr);
    assert.equal(stdout, 'proj/pkg/ok.py:1:1: DW100 Missing docstring in public module\nproj/pkg/ok.py:1:5: DW103 Missing docstring in public function: `f`\n');
    const lines = skips(stderr);
    assert.equal(lines.length, 2, stderr);
    assert.match(lines[0]!, /^proj\/deep\/(d+\/)+d+: skipped: path too long \(ENAMETOOLONG\)$/);
    assert.equal(lines[1], 'proj/pkg/loop: skipped: symbolic link loop (ELOOP)');
    assert.match(stderr, /Found 2 problems in 1 of 3 files, 2 skipped\./);
  });

  it('an unreadable directory is named, not passed over in silence', function () {
    writeFileSync(at('proj/pkg/ok.py'), '"""Doc."""\n');
    mkdirSync(at('proj/secret'));
    writeFileSync(at('proj/secret/hidden.py'), UNDOCUMENTED);
    // root reads any directory, so as root the CLI runs as `nobody` from a world-readable copy.
    const asRoot = process.getuid?.() === 0;
    const cli = asRoot ? copyDistForEveryone() : CLI;
    execFileSync('chmod', ['-R', 'a+rX', root]);
    chmodSync(at('proj/secret'), 0o000);
    const result = run(['check', 'proj'], root, { cli, ...(asRoot ? { uid: 65534 } : {}) });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(skips(result.stderr), ['proj/secret: skipped: cannot read the directory: EACCES']);
    assert.match(result.stderr, /No problems in 1 file analysed, 1 skipped\./);
    if (asRoot) rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  it('export honours the size limit and skips binary files, NUL past the first 8 KB included', () => {
    writeFileSync(at('proj/pyproject.toml'), '[tool.docwright]\nmax-file-size-kb = 64\n');
    writeFileSync(at('proj/big.py'), `"""Big."""\n${'x = 1\n'.repeat(20_000)}`);
    writeFileSync(at('proj/late_nul.py'), Buffer.concat([Buffer.from(`"""Doc."""\n${'#'.repeat(9000)}\n`), Buffer.from([0])]));
    writeFileSync(at('proj/small.py'), '"""Small module."""\n');
    const { code, stdout, stderr } = run(['export', 'proj'], root);
    assert.equal(code, 0, stderr);
    assert.deepEqual(skips(stderr), [
      'proj/big.py: skipped: file is 117 KB, over the maxFileSizeKb limit of 64 KB',
      'proj/late_nul.py: skipped: binary file (contains NUL bytes)',
    ]);
    assert.match(stdout, /Small module\./);
    const checked = run(['check', 'proj/late_nul.py'], root);
    assert.deepEqual(skips(checked.stderr), ['proj/late_nul.py: skipped: binary file (contains NUL bytes)']);
  });

  it('export --out writes only regular files it creates, never through a link already there', () => {
    writeFileSync(at('proj/mod.py'), '"""A module."""\n');
    writeFileSync(at('outside/victim.md'), 'precious\n');
    mkdirSync(at('docs'));
    symlinkSync(at('outside/victim.md'), at('docs/mod.md'));
    const refused = run(['export', 'proj', '--out', 'docs'], root);
    assert.equal(refused.code, 2);
    assert.equal(refused.stderr.trim(), `docwright: docs/mod.md is a symbolic link; Docwright writes only regular files it creates`);
    assert.equal(readFileSync(at('outside/victim.md'), 'utf8'), 'precious\n');
    symlinkSync(at('outside/victim.md'), at('one.md'));
    assert.equal(run(['export', 'proj', '--out', 'one.md'], root).code, 2);
    assert.equal(readFileSync(at('outside/victim.md'), 'utf8'), 'precious\n');
    // A regular file from an earlier export is the export's own: replaced.
    rmSync(at('docs/mod.md'));
    writeFileSync(at('docs/mod.md'), 'old export\n');
    const replaced = run(['export', 'proj', '--out', 'docs'], root);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.match(readFileSync(at('docs/mod.md'), 'utf8'), /A module\./);
  });

  it('flags with empty or negative values get a usage error that names them', () => {
    writeFileSync(at('proj/ok.py'), '"""Doc."""\n');
    const cases: [string[], string][] = [
      [['check', ''], 'an empty PATH was given (omit PATH to mean the current directory)'],
      [['check', 'proj', '--select', ''], '--select needs a value, got an empty one'],
      [['check', 'proj', '--select', ','], "--select needs at least one code, got ','"],
      [['check', 'proj', '--exclude', ' '], '--exclude needs a value, got an empty one'],
      [['check', 'proj', '--max-cyclomatic', '-1'], "--max-cyclomatic needs a positive integer, got '-1'"],
      [['check', 'proj', '--max-nesting', '0'], "--max-nesting needs a positive integer, got '0'"],
      [['document', 'proj', '--budget-usd', '-2'], "--budget-usd needs a non-negative number, got '-2'"],
      [['export', 'proj', '--out', ''], '--out needs a value, got an empty one'],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = run(args, root);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stderr.split('\n')[0], `docwright: ${message}`, args.join(' '));
    }
  });
});

/** dist/ copied where any user can read it (a temp directory, not the checkout under /root). */
function copyDistForEveryone(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'docwright-dist-'));
  for (const name of readdirSync(path.join(REPO, 'dist'))) cpSync(path.join(REPO, 'dist', name), path.join(dir, name), { recursive: true });
  execFileSync('chmod', ['-R', 'a+rX', dir]);
  return path.join(dir, 'cli.js');
}
