import type { FindingRow } from './rows';

/**
 * GitHub Actions workflow commands: one `::warning file=…,line=…::message` per finding, which
 * the runner turns into annotations on the pull request's diff. A notebook's cell lines are not
 * lines of the .ipynb file, so such a finding annotates the file and names the cell.
 */

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** The escapes the runner reads back: `%`, CR and LF in a message; `:` and `,` too in a property. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubAnnotation(r: FindingRow): string {
  const where = r.cell === undefined
    ? [`file=${escapeProperty(r.file)}`, `line=${r.line}`, `col=${r.column}`, `endLine=${r.endLine}`, `endColumn=${r.endColumn}`]
    : [`file=${escapeProperty(r.file)}`];
  const properties = [...where, `title=${escapeProperty(`Docwright (${r.code})`)}`].join(',');
  const position = r.cell === undefined ? `${r.line}:${r.column}` : `cell ${r.cell}:${r.line}:${r.column}`;
  return `::${LEVEL[r.severity] ?? 'warning'} ${properties}::${escapeData(`${r.file}:${position}: ${r.code} ${r.message}`)}`;
}

export function githubText(rows: FindingRow[]): string {
  return rows.map((r) => `${githubAnnotation(r)}\n`).join('');
}
