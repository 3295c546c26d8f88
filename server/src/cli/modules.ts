import * as path from 'node:path';
import { PythonAnalyzer } from '../core/analysis/analyzer';
import { loadPythonGrammar } from '../core/parse/python';
import type { ExportedModule } from '../core/report/export';
import { exportedModules, type ModuleReader } from '../workspace/exportModules';
import { grammarFilesIn } from '../workspace/grammar';
import type { Flags } from './flags';
import type { CliIo } from './io';
import { collectOrSay, displayPath } from './paths';
import { resolveProject, type ResolvedProject } from './project';

/**
 * The modules of `export` and `search`: the files `check` walks (same excludes), notebooks left
 * out, each read, parsed and named as Python imports it. Undefined when a PATH does not exist.
 */
export async function modulesOf(paths: string[], flags: Flags, io: CliIo): Promise<ExportedModule[] | undefined> {
  const resolved = resolveProject(paths, flags);
  const grammar = await loadPythonGrammar(grammarFilesIn(io.distDir));
  const reader: ModuleReader = {
    parser: grammar.newParser(), analyzer: new PythonAnalyzer(grammar.language, 'full'), maxFileSizeKb: resolved.settings.maxFileSizeKb,
    skip: (file, reason) => io.stderr.write(`${displayPath(file, process.cwd())}: skipped: ${reason}\n`),
  };
  const modules: ExportedModule[] = [];
  try {
    for (const root of paths) {
      const found = modulesUnder(root, resolved, reader, io);
      if (!found) return undefined;
      modules.push(...found);
    }
  } finally {
    reader.parser.delete();
  }
  return modules;
}

/** The modules under one PATH, named as Python imports them; undefined when the PATH does not exist. */
function modulesUnder(root: string, resolved: ResolvedProject, reader: ModuleReader, io: CliIo): ExportedModule[] | undefined {
  const cwd = process.cwd();
  const collected = collectOrSay([root], resolved.exclude, cwd, {}, io.stderr);
  if (!collected) return undefined;
  for (const s of collected.skipped) io.stderr.write(`${displayPath(s.path, cwd)}: skipped: ${s.reason}\n`);
  return exportedModules(path.resolve(cwd, root), withoutNotebooks(collected.files, cwd, io), cwd, reader);
}

/** Notebooks named on the command line: said and left out (they have no importable module name). */
function withoutNotebooks(files: string[], cwd: string, io: CliIo): string[] {
  return files.filter((file) => {
    if (!file.endsWith('.ipynb')) return true;
    io.stderr.write(`${displayPath(file, cwd)}: skipped: notebooks are not exported (they have no importable module name)\n`);
    return false;
  });
}
