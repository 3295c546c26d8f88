import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

export interface AstVerdict {
  identical_ast: number;
  unparsable_before: number;
  new_syntax_errors: string[];
}

/** CPython's verdict on one edit (scripts/ast_same.py): is `after` the program `before` was, docstrings aside? */
export function sameProgram(before: string, after: string): AstVerdict {
  const dir = mkdtempSync(path.join(tmpdir(), 'docwright-ast-'));
  try {
    for (const [side, text] of [['before', before], ['after', after]] as const) {
      mkdirSync(path.join(dir, side));
      writeFileSync(path.join(dir, side, 'm.py'), text);
    }
    const script = path.join(REPO, 'scripts/ast_same.py');
    return JSON.parse(execFileSync('python3', [script, path.join(dir, 'before'), path.join(dir, 'after')], { encoding: 'utf8' })) as AstVerdict;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
