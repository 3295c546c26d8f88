import { parseArgs } from 'node:util';
import { codesMatching } from '../core/rules/selection';

/** A mistake in the command line: reported with the usage text, exit status 2. */
export class UsageError extends Error {}

const FLAG_OPTIONS = {
  format: { type: 'string' },
  select: { type: 'string' },
  ignore: { type: 'string' },
  'max-cyclomatic': { type: 'string' },
  'max-cognitive': { type: 'string' },
  'max-nesting': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  jobs: { type: 'string' },
  provider: { type: 'string' },
  style: { type: 'string' },
  only: { type: 'string' },
  'dry-run': { type: 'boolean' },
  diff: { type: 'boolean' },
  check: { type: 'boolean' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  'budget-tokens': { type: 'string' },
  'budget-usd': { type: 'string' },
  concurrency: { type: 'string' },
  estimate: { type: 'boolean' },
  out: { type: 'string' },
  'no-cache': { type: 'boolean' },
  stats: { type: 'boolean' },
  'fail-under': { type: 'string' },
  badge: { type: 'string' },
  shields: { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'add-noqa': { type: 'boolean' },
  'report-suppressed': { type: 'boolean' },
  'exit-zero': { type: 'boolean' },
  statistics: { type: 'boolean' },
  limit: { type: 'string' },
} as const;

/** Flags only `check` takes, and only `coverage`: the other commands refuse them by name. */
export const CHECK_ONLY_FLAGS: FlagName[] = ['baseline', 'write-baseline', 'add-noqa', 'report-suppressed', 'exit-zero', 'statistics'];
export const COVERAGE_ONLY_FLAGS: FlagName[] = ['fail-under', 'badge', 'shields'];

export type FlagName = keyof typeof FLAG_OPTIONS;

const STRING_FLAGS = new Set(Object.entries(FLAG_OPTIONS).filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`));

function parseArgsStrictly(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: FLAG_OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export type ParsedFlags = ReturnType<typeof parseArgsStrictly>;
export type Flags = ParsedFlags['values'];

/**
 * Flags whose value starts with a dash (`--max-cyclomatic -1`) are joined to it, so that the
 * value's own check answers ("needs a positive integer, got '-1'") rather than parseArgs'
 * "argument is ambiguous"; an empty value or PATH ('') is a usage error, never "everything".
 */
export function parseFlags(args: string[]): ParsedFlags {
  const parsed = parseArgsStrictly(joinDashedValues(args));
  for (const [name, value] of Object.entries(parsed.values)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.trim() === '')) throw new UsageError(`--${name} needs a value, got an empty one`);
  }
  if (parsed.positionals.some((p) => p.trim() === '')) throw new UsageError('an empty PATH was given (omit PATH to mean the current directory)');
  return parsed;
}

function joinDashedValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (STRING_FLAGS.has(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * A flag that takes a value in one command and none in another (`check --diff REF`,
 * `document --diff`): taken out of `args` before they are parsed. Undefined when absent.
 */
export function takeValueFlag(args: string[], name: string): { value: string | undefined; rest: string[] } {
  const flag = `--${name}`;
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
    else if (arg === flag) {
      const next = args[++i];
      if (next === undefined || next.startsWith('-')) throw new UsageError(`${flag} needs a git revision (such as main or HEAD~1)`);
      value = next;
    } else {
      rest.push(arg);
      continue;
    }
    if (value.trim() === '') throw new UsageError(`${flag} needs a value, got an empty one`);
  }
  return { value, rest };
}

/** `--fail-under`: a percentage from 0 to 100. */
export function percentFlag(name: FlagName, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const percent = Number(value.replace(/%$/, ''));
  if (!/^\d+(\.\d+)?%?$/.test(value) || percent > 100) throw new UsageError(`--${name} needs a percentage from 0 to 100, got '${value}'`);
  return percent;
}

/** PATH defaults to the current directory. */
export function pathsOf(positionals: string[]): string[] {
  return positionals.length ? positionals : ['.'];
}

/** Flags that belong to other commands are refused by name. */
export function rejectFlags(flags: Flags, names: FlagName[], command: string): void {
  for (const name of names) if (flags[name] !== undefined) throw new UsageError(`--${name} is not an option of '${command}'`);
}

export function integerFlag(name: FlagName, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} needs a positive integer, got '${value}'`);
  return Number(value);
}

/** `value` if it is one of `allowed`; `label` names where it came from in the message. */
export function choice<T extends string>(label: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${label} must be one of ${allowed.join(', ')}`);
  return found;
}

/** `--format`, text unless given. */
export function formatFlag<T extends string>(value: string | undefined, allowed: readonly T[]): T | 'text' {
  return choice('--format', value, allowed) ?? 'text';
}

/** `--select`/`--ignore`: codes or prefixes of codes, each matching at least one code. */
export function codeList(name: FlagName, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const codes = value.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  if (!codes.length) throw new UsageError(`--${name} needs at least one code, got '${value}'`);
  for (const code of codes) {
    if (codesMatching(code).length === 0) throw new UsageError(`--${name}: no code matches '${code}'`);
  }
  return codes;
}
