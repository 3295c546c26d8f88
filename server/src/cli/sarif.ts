import { CODES } from '../analysis/codes';

/** SARIF 2.1.0 for code-scanning uploads. */

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  message: string;
  severity: string;
}

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(rows: Row[]) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'docwright',
          version: '0.1.0',
          rules: CODES.map((c) => ({ id: c.code, shortDescription: { text: c.title }, properties: { peer: c.peer } })),
        },
      },
      results: rows.map((r) => ({
        ruleId: r.code,
        level: LEVEL[r.severity] ?? 'warning',
        message: { text: r.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: r.file },
            region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
          },
        }],
      })),
    }],
  };
}
