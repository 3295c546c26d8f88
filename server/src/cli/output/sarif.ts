import { RULES } from '../../core/rules/registry';
import { VERSION } from '../../workspace/version';
import type { FindingRow } from './rows';

/** SARIF 2.1.0 for code-scanning uploads. */

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(rows: FindingRow[]) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'docwright',
          version: VERSION,
          rules: RULES.map((c) => ({ id: c.code, shortDescription: { text: c.title }, properties: { peer: c.peer } })),
        },
      },
      results: rows.map(result),
    }],
  };
}

/**
 * A notebook's lines are not lines of its .ipynb file, so a finding in a cell points at the
 * notebook as a whole and names the cell and line in its message and properties.
 */
function result(r: FindingRow) {
  const inCell = r.cell !== undefined;
  return {
    ruleId: r.code,
    level: LEVEL[r.severity] ?? 'warning',
    message: { text: inCell ? `${r.message} (cell ${r.cell}, line ${r.line})` : r.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: r.file },
        ...(inCell ? {} : { region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn } }),
      },
    }],
    ...(inCell ? { properties: { cell: r.cell, line: r.line, column: r.column } } : {}),
  };
}
