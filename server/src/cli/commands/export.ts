import * as path from 'node:path';
import { PythonAnalyzer } from '../../core/analysis/analyzer';
import { loadPythonGrammar } from '../../core/parse/python';
import { grammarFilesIn } from '../../workspace/grammar';
import { exportMarkdown, type ExportedModule } from '../../core/report/export';
import { makeDirectory, writeOwnFile } from '../../workspace/fsutil';
import { exportedModules, type ModuleReader } from '../../workspace/exportModules';
import { parseFlags, pathsOf, rejectFlags, CHECK_ONLY_FLAGS, COVERAGE_ONLY_FLAGS } from '../flags';
import type { CliIo } from '../io';
import { collectOrSay, displayPath } from '../paths';
import { resolveProject, type ResolvedProject } from '../project';

/** `docwright export [PATH...] [--out FILE.md|DIR]`: Markdown API documentation, one file or a directory of them. */
export async function exportDocs(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, ['provider', 'style', 'only', 'dry-run', 'diff', 'check', 'estimate', 'select', 'ignore', ...CHECK_ONLY_FLAGS, ...COVERAGE_ONLY_FLAGS], 'export');
  const paths = pathsOf(positionals);
  const resolved = resolveProject(paths, flags);
  const grammar = await loadPythonGrammar(grammarFilesIn(io.distDir));
  const reader: ModuleReader = {
    parser: grammar.newParser(), analyzer: new PythonAnalyzer(grammar.language, 'full'), maxFileSizeKb: resolved.settings.maxFileSizeKb,
    skip: (file, reason) => io.stderr.write(`${displayPath(file, process.cwd())}: skipped: ${reason}\n`),
  };
  const modules: ExportedModule[] = [];
  for (const root of paths) {
    const found = modulesUnder(root, resolved, reader, io);
    if (!found) return 2;
    modules.push(...found);
  }
  writeExport(io, modules, flags.out);
  return 0;
}

/** The modules under one PATH, named as Python imports them; undefined when the PATH does not exist. */
function modulesUnder(root: string, resolved: ResolvedProject, reader: ModuleReader, io: CliIo): ExportedModule[] | undefined {
  const cwd = process.cwd();
  const collected = collectOrSay([root], resolved.exclude, cwd, {}, io.stderr);
  if (!collected) return undefined;
  for (const s of collected.skipped) io.stderr.write(`${displayPath(s.path, cwd)}: skipped: ${s.reason}\n`);
  return exportedModules(path.resolve(cwd, root), withoutNotebooks(collected.files, cwd, io), cwd, reader);
}

/** Notebooks named on the command line of `export`: said and left out. */
function withoutNotebooks(files: string[], cwd: string, io: CliIo): string[] {
  return files.filter((file) => {
    if (!file.endsWith('.ipynb')) return true;
    io.stderr.write(`${displayPath(file, cwd)}: skipped: notebooks are not exported (they have no importable module name)\n`);
    return false;
  });
}

/** To stdout without --out; to FILE.md; or one file per module under DIR. */
function writeExport(io: CliIo, modules: ExportedModule[], out: string | undefined): void {
  const toDir = out !== undefined && !out.endsWith('.md');
  const files = exportMarkdown(modules, toDir ? { fileOf: (m) => `${m.name}.md` } : {});
  if (out === undefined) {
    io.stdout.write(files[0]!.text);
    return;
  }
  if (!toDir) writeOwnFile(out, files[0]!.text);
  else {
    makeDirectory(out);
    for (const f of files) writeOwnFile(path.join(out, f.name), f.text);
  }
  io.stderr.write(`Documented ${modules.length} modules in ${toDir ? `${files.length} files under ${out}` : out}.\n`);
}
