import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO } from '../lsp/lspClient';

interface Step { id?: string; name?: string; if?: string; uses?: string; with?: Record<string, string>; shell?: string; run?: string; env?: Record<string, string> }
interface Action { runs: { using: string; steps: Step[] }; inputs: Record<string, { description: string; default: string }>; outputs: Record<string, { value: string }> }

const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** action.yml as GitHub reads it: YAML, parsed by python3's yaml (pre-commit's own dependency). */
function readAction(): Action {
  const parsed = spawnSync('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path.join(REPO, 'action.yml')], { encoding: 'utf8' });
  assert.equal(parsed.status, 0, parsed.stderr);
  return JSON.parse(parsed.stdout) as Action;
}

/** A stand-in that logs its argv as JSON; docwright also prints a SARIF stand-in and exits as told. */
function fakeTool(file: string, log: string, name: string): void {
  writeFileSync(file, `#!/usr/bin/env node
require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify([${JSON.stringify(name)}, ...process.argv.slice(2)]) + '\\n');
if (process.argv[2] === 'check') { process.stdout.write('{"version":"2.1.0"}'); process.exitCode = Number(process.env.FAKE_CHECK_STATUS ?? 0); }
if (process.argv[2] === '--version') process.stdout.write('${VERSION}\\n');
`);
  chmodSync(file, 0o755);
}

interface Run { commands: string[][]; failedStep?: string; stdout: string; sarif?: string }

/**
 * Runs the composite action's steps as GitHub would, with fakes for npm, docwright and the
 * actions it uses: `${{ inputs.X }}` and `${{ steps.ID.outputs.Y }}` are substituted, `if:`
 * conditions of the form `inputs.X == 'v'` / `!= 'v'` decide, and a failed step ends the run.
 */
function runAction(action: Action, given: Record<string, string>, checkStatus = 0): Run {
  const dir = mkdtempSync(path.join(tmpdir(), 'docwright-action-'));
  try {
    const log = path.join(dir, 'commands.jsonl');
    const bin = path.join(dir, 'bin');
    const installed = path.join(dir, 'runner-temp/docwright/node_modules/.bin');
    mkdirSync(bin, { recursive: true });
    mkdirSync(installed, { recursive: true });
    fakeTool(path.join(bin, 'npm'), log, 'npm');
    fakeTool(path.join(installed, 'docwright'), log, 'docwright');
    const workspace = path.join(dir, 'workspace');
    mkdirSync(workspace);
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, given[name] ?? input.default]));
    const outputs: Record<string, Record<string, string>> = {};
    const value = (expression: string): string => {
      const [scope, name, kind, key] = expression.trim().split('.');
      if (scope === 'inputs' && name in inputs) return inputs[name];
      if (scope === 'steps' && kind === 'outputs') return outputs[name]?.[key] ?? '';
      throw new Error(`unknown expression ${expression}`);
    };
    const substitute = (text: string) => text.replace(/\$\{\{([^}]+)\}\}/g, (_, expression: string) => value(expression));
    const holds = (condition: string): boolean => {
      const match = /^\s*([\w.-]+)\s*(==|!=)\s*'([^']*)'\s*$/.exec(condition);
      if (!match) throw new Error(`unknown condition ${condition}`);
      return (value(match[1]) === match[3]) === (match[2] === '==');
    };
    let stdout = '';
    for (const step of action.runs.steps) {
      if (step.if && !holds(step.if)) continue;
      if (step.uses) {
        writeFileSync(log, `${JSON.stringify([step.uses, ...Object.entries(step.with ?? {}).map(([k, v]) => `${k}=${substitute(v)}`)])}\n`, { flag: 'a' });
        continue;
      }
      const githubOutput = path.join(dir, 'github-output');
      writeFileSync(githubOutput, '');
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v)]));
      const result = spawnSync('bash', ['-c', step.run!], {
        cwd: workspace, encoding: 'utf8',
        env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}`, GITHUB_ACTION_PATH: REPO, RUNNER_TEMP: path.join(dir, 'runner-temp'), GITHUB_OUTPUT: githubOutput, FAKE_CHECK_STATUS: String(checkStatus) },
      });
      stdout += result.stdout;
      if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(githubOutput, 'utf8').split('\n').filter(Boolean).map((line) => line.split('=', 2) as [string, string]));
      if (result.status !== 0) return { commands: commandsIn(log), failedStep: step.name, stdout, sarif: sarifIn(workspace, inputs['sarif-file']) };
    }
    return { commands: commandsIn(log), stdout, sarif: sarifIn(workspace, inputs['sarif-file']) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function commandsIn(log: string): string[][] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]) : [];
}

function sarifIn(workspace: string, file: string): string | undefined {
  return existsSync(path.join(workspace, file)) ? readFileSync(path.join(workspace, file), 'utf8') : undefined;
}

const INSTALL = (version: string) => ['npm', 'install', '--prefix', '<temp>/docwright', '--no-save', '--no-audit', '--no-fund', `docwright@${version}`];

/** Paths under the run's temporary folder, written as <temp> so runs compare. */
function normalized(run: Run): string[][] {
  return run.commands.map((command) => command.map((arg) => arg.replace(/^.*\/runner-temp/, '<temp>')));
}

/** action.yml: a composite action whose inputs become the documented command lines. */
describe('the GitHub Action', () => {
  const action = readAction();

  it('is a composite action with the documented inputs, uploading SARIF to code scanning', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default])), {
      paths: '.', baseline: '', 'fail-under': '', 'fail-on-findings': 'true', args: '', upload: 'true', 'sarif-file': 'docwright.sarif', version: '', 'node-version': '20',
    });
    for (const input of Object.values(action.inputs)) assert.ok(input.description.length > 10);
    assert.deepEqual(action.runs.steps.filter((s) => s.uses).map((s) => s.uses), ['actions/setup-node@v4', 'github/codeql-action/upload-sarif@v3']);
  });

  it('by default: installs its own version, checks `.` as SARIF, uploads it, and passes a clean run', () => {
    const run = runAction(action, {});
    assert.equal(run.failedStep, undefined, run.stdout);
    assert.deepEqual(normalized(run), [
      ['actions/setup-node@v4', 'node-version=20'],
      INSTALL(VERSION),
      ['docwright', '--version'],
      ['docwright', 'check', '.', '--format', 'sarif'],
      ['github/codeql-action/upload-sarif@v3', 'sarif_file=docwright.sarif', 'category=docwright'],
    ]);
    assert.equal(run.sarif, '{"version":"2.1.0"}');
  });

  it('maps paths, baseline, args, version and fail-under onto check and coverage, and fails on findings after uploading them', () => {
    const run = runAction(action, { paths: 'src  tests/unit', baseline: 'docwright-baseline.json', args: '--select DW1,DW4', 'fail-under': '80', version: '0.2.0', 'sarif-file': 'out.sarif' }, 1);
    assert.equal(run.failedStep, 'Findings');
    assert.deepEqual(normalized(run).slice(1), [
      INSTALL('0.2.0'),
      ['docwright', '--version'],
      ['docwright', 'check', 'src', 'tests/unit', '--format', 'sarif', '--baseline', 'docwright-baseline.json', '--select', 'DW1,DW4'],
      ['github/codeql-action/upload-sarif@v3', 'sarif_file=out.sarif', 'category=docwright'],
      ['docwright', 'coverage', 'src', 'tests/unit', '--fail-under', '80'],
    ]);
    assert.match(run.stdout, /^::error::docwright check reported findings/m);
    assert.equal(run.sarif, '{"version":"2.1.0"}');
  });

  it('fail-on-findings false passes a run with findings; upload false skips the upload; a usage error fails the check step', () => {
    const lenient = runAction(action, { 'fail-on-findings': 'false', upload: 'false' }, 1);
    assert.equal(lenient.failedStep, undefined, lenient.stdout);
    assert.deepEqual(normalized(lenient).map((command) => command[0]), ['actions/setup-node@v4', 'npm', 'docwright', 'docwright']);
    const broken = runAction(action, {}, 2);
    assert.equal(broken.failedStep, 'docwright check');
    assert.match(broken.stdout, /^::error::docwright check exited with status 2$/m);
  });
});
