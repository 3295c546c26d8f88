import { statSync } from 'node:fs';
import type { Connection } from 'vscode-languageserver';
import { addCoverage, coveragePercent, NO_COVERAGE, type CoverageCount } from '../../core/report/coverage';
import { fileCoverage, type CoverageReader } from '../../workspace/coverage';
import { collectFiles } from '../../workspace/files';
import { WorkspaceCoverageRequest, workspaceCoverageParamsSchema, type WorkspaceCoverageParams, type WorkspaceCoverageResult } from '../../shared/protocol';
import { onCheckedRequest } from '../requests';
import { confinedRoots, readableUnder } from '../roots';
import type { Session } from '../session';
import { isNotebookCell, modulePath } from '../uri';

/**
 * The workspace's docstring coverage, for the client's language status item: the files
 * `docwright coverage` would count under the roots (the same excludes), open documents as they
 * stand in the editor, the rest from disk. A file's count is kept until its size or mtime change,
 * so asking again after a save reads only what changed.
 */

interface Known {
  stamp: string;
  count: CoverageCount | { skip: string };
}

export function register(connection: Connection, session: Session): void {
  const known = new Map<string, Known>();
  session.own({ dispose: () => known.clear() });
  onCheckedRequest(connection, WorkspaceCoverageRequest, workspaceCoverageParamsSchema, (params) => workspaceCoverage(session, params, known));
}

async function workspaceCoverage(session: Session, params: WorkspaceCoverageParams, known: Map<string, Known>): Promise<WorkspaceCoverageResult> {
  const roots = confinedRoots(session, params.roots, WorkspaceCoverageRequest.method);
  const readable = readableUnder(session, roots);
  const settings = await session.settings.for(params.roots[0]!);
  const reader: CoverageReader = { parser: session.fileParser, analyzer: session.analyzer, settings };
  const settingsKey = JSON.stringify([settings.select, settings.ignore, settings.severity, settings.maxFileSizeKb]);
  // Open Python documents by their file (a notebook's cells are read from the notebook on disk).
  const open = new Map([...session.documents.all()].filter((e) => !isNotebookCell(e.document.uri)).map((e) => [modulePath(e.document.uri), e.document]));
  let total = NO_COVERAGE;
  let files = 0;
  let skipped = 0;
  for (const root of roots) {
    const { files: found } = collectFiles([root], session.settings.excludeRules(root, settings, params.exclude), root, { notebooks: true });
    for (const file of found.filter(readable)) {
      const document = file.endsWith('.ipynb') ? undefined : open.get(file.split(/[\\/]/).join('/'));
      const stamp = document ? `open:${document.version}` : stampOf(file);
      let entry = known.get(file);
      if (!entry || entry.stamp !== `${settingsKey}:${stamp}`) {
        entry = { stamp: `${settingsKey}:${stamp}`, count: fileCoverage(file, file.split(/[\\/]/).join('/'), reader, document?.getText()) };
        known.set(file, entry);
      }
      files++;
      if ('skip' in entry.count) skipped++;
      else total = addCoverage(total, entry.count);
    }
  }
  return { ...total, coverage: Math.round(coveragePercent(total) * 100) / 100, files, skipped };
}

function stampOf(file: string): string {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats ? `${stats.size}:${stats.mtimeMs}` : 'gone';
}
