import * as nodePath from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { decodePython } from '../../core/parse/source';
import { exportMarkdown, type ExportedModule } from '../../core/report/export';
import { changelogMarkdown, readChanges } from '../../workspace/changelog';
import { collectFiles } from '../../workspace/files';
import { LedgerFile } from '../../workspace/llm/store';
import { readRegularFile } from '../../workspace/read';
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

async function exportDocs(session: Session, params: ExportDocsParams): Promise<string> {
  const roots = confinedRoots(session, params.roots, ExportDocsRequest.method);
  const readable = readableUnder(session, roots);
  const settings = await session.settings.for(params.roots[0]!);
  const modules: ExportedModule[] = [];
  for (const root of roots) {
    const { files } = collectFiles([root], session.settings.excludeRules(root, settings, params.exclude), root, { gitignore: true });
    for (const file of files) {
      if (!readable(file)) { session.log(`export: skipped ${file}: it leads outside the workspace folders (a symlink); not read`); continue; }
      const module = exportedModule(session, root, file, settings.maxFileSizeKb);
      if (module) modules.push(module);
    }
  }
  return exportMarkdown(modules)[0]!.text;
}

/** One file as the export names and reads it (from `root`), or undefined when it cannot be read or parsed. */
function exportedModule(session: Session, root: string, file: string, maxFileSizeKb: number): ExportedModule | undefined {
  const read = readRegularFile(file, maxFileSizeKb);
  const decoded = read.ok ? decodePython(read.bytes) : read;
  if (!decoded.ok) { session.log(`export: skipped ${file}: ${decoded.reason}`); return undefined; }
  const tree = session.fileParser.parse(decoded.text);
  if (!tree) return undefined;
  try {
    const rel = nodePath.relative(root, file).replace(/\.pyi?$/, '').split(nodePath.sep).filter((p) => p !== '__init__');
    return { name: rel.join('.') || nodePath.basename(root), path: nodePath.relative(root, file), source: decoded.text, analysis: session.analyzer.analyze(tree, decoded.text) };
  } finally {
    tree.delete();
  }
}
