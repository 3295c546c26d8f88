import type { HitFigures, StatusFigures, TimingFigures } from '../../shared/protocol';

/**
 * The one rendering of a host's figures: Docwright: Show Status shows it as Markdown, and
 * `docwright --stats` prints it as text on stderr. Both read the same rows.
 */

export interface StatusSection {
  title: string;
  rows: [label: string, value: string][];
}

const ms = (value: number | null) => (value === null ? '–' : `${value.toFixed(2)} ms`);
const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);
const timing = (t: TimingFigures) => `p50 ${ms(t.p50Ms)} · p95 ${ms(t.p95Ms)} (${t.count} samples)`;
const hits = (h: HitFigures) => `${percent(h.hitRate)} (${h.hits} hits, ${h.misses} misses)`;
const BREAKER = { closed: 'closed', open: 'open (calls stopped)', halfOpen: 'half-open (probing)', isolated: 'isolated', unused: 'not used yet' } as const;

export function statusSections(f: StatusFigures): StatusSection[] {
  const work: StatusSection['rows'] = [['parse', timing(f.parse)], ['analysis', timing(f.analysis)]];
  if (f.documents) work.push(['documents open', `${f.documents.open} (${f.documents.trees} with a syntax tree)`]);
  if (f.files) work.push(['files', `${f.files.analysed} analysed, ${f.files.cached} from the result cache`]);
  const { llm } = f;
  return [
    { title: `Docwright ${f.version} (${f.host === 'server' ? 'language server' : 'CLI run'}, up ${(f.uptimeMs / 1000).toFixed(1)} s)`, rows: work },
    {
      title: 'Memory and caches',
      rows: [
        ['memory', `${f.memory.rssMb.toFixed(1)} MB resident, ${f.memory.heapUsedMb.toFixed(1)} MB heap, ${f.memory.externalMb.toFixed(1)} MB external (wasm)`],
        ['result cache', hits(f.resultCache)],
        ['answer cache', hits(f.answerCache)],
      ],
    },
    {
      title: 'LLM',
      rows: [
        ['latency', timing(llm.latency)],
        ['errors', `${llm.errors} of ${llm.attempts} attempts (${percent(llm.errorRate)})`],
        ['retries', String(llm.retries)],
        ['circuit breaker', BREAKER[llm.breaker]],
        ['spent today', `${llm.today.tokens} tokens, $${llm.today.usd.toFixed(4)}`],
      ],
    },
  ];
}

export function statusMarkdown(f: StatusFigures): string {
  const out: string[] = [];
  for (const section of statusSections(f)) {
    out.push(`## ${section.title}`, '', '| | |', '|---|---|', ...section.rows.map(([label, value]) => `| ${label} | ${value} |`), '');
  }
  return `# Docwright: status\n\n${out.join('\n')}`;
}

export function statusText(f: StatusFigures): string {
  const width = Math.max(...statusSections(f).flatMap((s) => s.rows.map(([label]) => label.length)));
  return statusSections(f).map((s) => [s.title, ...s.rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join('\n')).join('\n') + '\n';
}
