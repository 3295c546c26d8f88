import type { Connection } from 'vscode-languageserver';
import { exportMarkdown, type ExportedModule } from '../../core/report/export';
import { changelogMarkdown, readChanges } from '../../workspace/changelog';
import { collectFiles } from '../../workspace/files';
import { LedgerFile } from '../../workspace/llm/store';
import { exportedModules, type ModuleReader } from '../../workspace/exportModules';
import { ChangelogRequest, ExportDocsRequest, exportDocsParamsSchema, noParamsSchema, type ExportDocsParams } from '../../shared/protocol';
import { onCheckedRequest } from '../requests';
import { confinedRoots, readableUnder } from '../roots';
import type { Session } from '../session';

/**
 * Export Documentation (the API of the workspace's modules as Markdown) and Export Changelog
 * (every docstring change Docwright made, with what it cost).
 */

export function register(connection: Connection, session: Session): void {
  onCheckedRequest(connection, ExportDocsRequest, exportDocsParamsSchema, async (params) => ({ markdown: await exportDocs(session, params) }));

  onCheckedRequest(connection, ChangelogRequest, noParamsSchema, () => {
    const { changelog, usageLedger } = session.storage;
    return { markdown: changelogMarkdown(readChanges(changelog), new LedgerFile(usageLedger).read()) };
  });
}

/**
 * As `docwright export` does it (workspace/exportModules.ts): the same files (no .gitignore, the
 * same excludes), module names from above the outermost package, paths from the folder.
 */
async function exportDocs(session: Session, params: ExportDocsParams): Promise<string> {
  const roots = confinedRoots(session, params.roots, ExportDocsRequest.method);
  const readable = readableUnder(session, roots);
  const settings = await session.settings.for(params.roots[0]!);
  const reader: ModuleReader = {
    parser: session.fileParser, analyzer: session.analyzer, maxFileSizeKb: settings.maxFileSizeKb,
    skip: (file, reason) => session.log(`export: skipped ${file}: ${reason}`),
  };
  const modules: ExportedModule[] = [];
  for (const root of roots) {
    const { files } = collectFiles([root], session.settings.excludeRules(root, settings, params.exclude), root);
    const taken = files.filter((file) => {
      const refusal = !readable(file) ? 'it leads outside the workspace folders (a symlink); not read'
        : file.endsWith('.ipynb') ? 'notebooks are not exported (they have no importable module name)' : undefined;
      if (refusal) reader.skip(file, refusal);
      return refusal === undefined;
    });
    modules.push(...exportedModules(root, taken, session.settings.shownFrom(root), reader));
  }
  return exportMarkdown(modules)[0]!.text;
}
