import { coveragePercent, type CoverageCount } from '../../core/report/coverage';
import type { TextSink } from '../io';
import { writeJson } from './json';
import { plural } from './text';

/**
 * `docwright coverage` reports: interrogate's table (text), the same as a Markdown table, or
 * JSON; and the badge as an SVG file or a shields.io endpoint document.
 */

export type CoverageFormat = 'text' | 'json' | 'markdown';

export interface FileCoverage extends CoverageCount {
  file: string;
}

export interface CoverageReport {
  files: FileCoverage[];
  total: CoverageCount;
  /** The paths the run was given, for the heading. */
  paths: string[];
  failUnder?: number;
}

/** Percent to two decimals, as JSON carries it. */
function rounded(count: CoverageCount): number {
  return Math.round(coveragePercent(count) * 100) / 100;
}

const HEADINGS = ['Name', 'Total', 'Miss', 'Cover', 'Cover%'] as const;

/** A row's cells: interrogate rounds a file's percentage to a whole number and the total's to one decimal. */
function cells(name: string, count: CoverageCount, decimals: 0 | 1): string[] {
  const miss = count.total - count.documented;
  return [name, String(count.total), String(miss), String(count.documented), `${coveragePercent(count).toFixed(decimals)}%`];
}

function rowsOf(report: CoverageReport): { files: string[][]; total: string[] } {
  return { files: report.files.map((f) => cells(f.file, f, 0)), total: cells('TOTAL', report.total, 1) };
}

/** What the run comes to: passed or failed against --fail-under, else the figure. */
export function resultLine(report: CoverageReport): string {
  const actual = `${coveragePercent(report.total).toFixed(1)}%`;
  if (report.failUnder === undefined) return `RESULT: ${actual} documented (${report.total.documented} of ${report.total.total})`;
  const passed = !failsUnder(report);
  return `RESULT: ${passed ? 'PASSED' : 'FAILED'} (minimum: ${report.failUnder.toFixed(1)}%, actual: ${actual})`;
}

export function failsUnder(report: CoverageReport): boolean {
  return report.failUnder !== undefined && coveragePercent(report.total) < report.failUnder;
}

function centred(text: string, width: number, fill: string): string {
  const padded = ` ${text} `;
  const left = Math.max(0, Math.floor((width - padded.length) / 2));
  return fill.repeat(left) + padded + fill.repeat(Math.max(0, width - padded.length - left));
}

/** interrogate's layout: a heading, the summary table with a rule above the total, the result. */
export function coverageText(report: CoverageReport): string {
  const { files, total } = rowsOf(report);
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...[...files, total].map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]! + 2))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => '-'.repeat(w + (i === 0 ? 2 : 4))).join('|')}|`;
  const width = rule.length;
  const lines = [
    centred(`Coverage for ${report.paths.join(' ')}`, width, '='),
    centred('Summary', width, '-'),
    line(HEADINGS), rule, ...files.map(line), rule, line(total),
    centred(resultLine(report), width, '-'),
  ];
  if (report.total.placeholders) lines.push(`${plural(report.total.placeholders, 'placeholder docstring')} (DW501) counted as missing.`);
  return `${lines.join('\n')}\n`;
}

export function coverageMarkdown(report: CoverageReport): string {
  const { files, total } = rowsOf(report);
  const line = (row: readonly string[]) => `| ${row.join(' | ')} |`;
  const lines = [
    `## Docstring coverage: ${coveragePercent(report.total).toFixed(1)}%`, '',
    line(HEADINGS), '|:---|---:|---:|---:|---:|', ...files.map(line), line(total.map((cell) => `**${cell}**`)), '',
    resultLine(report),
  ];
  if (report.total.placeholders) lines.push('', `${plural(report.total.placeholders, 'placeholder docstring')} (DW501) counted as missing.`);
  return `${lines.join('\n')}\n`;
}

export function writeCoverage(sink: TextSink, report: CoverageReport, format: CoverageFormat): void {
  if (format === 'json') {
    const entry = (count: CoverageCount) => ({ documented: count.documented, total: count.total, placeholders: count.placeholders, coverage: rounded(count) });
    writeJson(sink, { total: entry(report.total), files: report.files.map((f) => ({ file: f.file, ...entry(f) })) });
  } else sink.write(format === 'markdown' ? coverageMarkdown(report) : coverageText(report));
}

/** The badge's colour by coverage, from full green to red; shields.io's names and their hex values. */
const COLOURS: readonly { min: number; name: string; hex: string }[] = [
  { min: 95, name: 'brightgreen', hex: '#4c1' },
  { min: 90, name: 'green', hex: '#97ca00' },
  { min: 75, name: 'yellowgreen', hex: '#a4a61d' },
  { min: 60, name: 'yellow', hex: '#dfb317' },
  { min: 40, name: 'orange', hex: '#fe7d37' },
  { min: 0, name: 'red', hex: '#e05d44' },
];

function colourFor(percent: number) {
  return COLOURS.find((c) => percent >= c.min) ?? COLOURS[COLOURS.length - 1]!;
}

const BADGE_LABEL = 'docstring coverage';

function badgeMessage(count: CoverageCount): string {
  return `${coveragePercent(count).toFixed(1)}%`;
}

/** A shields.io endpoint document: `https://img.shields.io/endpoint?url=…` draws the badge, so none is committed. */
export function shieldsEndpoint(count: CoverageCount): string {
  const body = { schemaVersion: 1, label: BADGE_LABEL, message: badgeMessage(count), color: colourFor(coveragePercent(count)).name };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Verdana 11px averages about 6.5 px a character; each half gets 5 px of padding a side. */
function textWidth(text: string): number {
  return Math.round(text.length * 6.5) + 10;
}

/** A flat two-part badge, label on grey and the figure on its colour, in the usual 20 px shield layout. */
export function coverageBadge(count: CoverageCount): string {
  const message = badgeMessage(count);
  const left = textWidth(BADGE_LABEL);
  const right = textWidth(message);
  const width = left + right;
  const colour = colourFor(coveragePercent(count)).hex;
  const text = (x: number, value: string) =>
    `<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${value}</text><text x="${x}" y="14">${value}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${BADGE_LABEL}: ${message}">`,
    `<title>${BADGE_LABEL}: ${message}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${colour}"/>`,
    `<rect width="${width}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    `${text(left / 2, BADGE_LABEL)}${text(left + right / 2, message)}</g>`,
    '</svg>',
    '',
  ].join('\n');
}
