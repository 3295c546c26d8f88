import type { FileResult } from '../fileJob';

/** A finding as every format reports it: 1-based lines and columns, the file as displayed. */
export interface FindingRow {
  file: string;
  /** A notebook's code cell; its lines count from the cell's start. */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  message: string;
  severity: string;
}

export function findingRows(results: FileResult[]): FindingRow[] {
  return results.flatMap((r) => (r.findings ?? []).map((f) => ({
    file: r.file,
    ...(f.cell !== undefined ? { cell: f.cell } : {}),
    line: f.span.startLine + 1,
    column: f.span.startCol + 1,
    endLine: f.span.endLine + 1,
    endColumn: f.span.endCol + 1,
    code: f.code,
    message: f.message,
    severity: f.severity,
  })));
}
