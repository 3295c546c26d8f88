import { indexOfModules, type SearchHit } from '../../core/search/index';
import { formatFlag, integerFlag, parseFlags, rejectFlags, UsageError } from '../flags';
import type { CliIo } from '../io';
import { modulesOf } from '../modules';

/**
 * `docwright search QUERY [PATH...] [--format text|json] [--limit N]`: the definitions whose
 * names or docstrings match QUERY, best first, from the index the editor keeps of the same
 * files. Exit status 0 when something matched, 1 when nothing did.
 */
export async function search(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, ['provider', 'style', 'only', 'dry-run', 'diff', 'check', 'estimate', 'select', 'ignore', 'out', 'model', 'base-url',
    'budget-tokens', 'budget-usd', 'concurrency', 'jobs', 'no-cache', 'max-cyclomatic', 'max-cognitive', 'max-nesting'], 'search');
  const format = formatFlag(flags.format, ['text', 'json'] as const);
  const limit = integerFlag('limit', flags.limit) ?? 20;
  const [query, ...paths] = positionals;
  if (query === undefined || !query.trim()) throw new UsageError('search needs a QUERY');
  const modules = await modulesOf(paths.length ? paths : ['.'], flags, io);
  if (!modules) return 2;
  const hits = indexOfModules(modules.map((m) => ({ name: m.name, file: m.path, analysis: m.analysis }))).search(query, limit);
  io.stdout.write(format === 'json' ? `${JSON.stringify(hits.map(jsonHit), null, 2)}\n` : textHits(hits));
  return hits.length ? 0 : 1;
}

export interface SearchResultJson {
  qualname: string;
  name: string;
  kind: string;
  file: string;
  /** 1-based, as `check` prints lines. */
  line: number;
  summary: string;
  score: number;
}

function jsonHit({ entry, score }: SearchHit): SearchResultJson {
  return { qualname: entry.qualname, name: entry.name, kind: entry.kind, file: entry.file, line: entry.line + 1, summary: entry.summary, score: Math.round(score * 1000) / 1000 };
}

function textHits(hits: SearchHit[]): string {
  if (!hits.length) return 'No definition matches.\n';
  return hits.map(({ entry }) => `${entry.file}:${entry.line + 1}: ${entry.kind} ${entry.qualname}${entry.summary ? `\n    ${entry.summary}` : ''}\n`).join('');
}
