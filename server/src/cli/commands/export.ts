import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { PythonAnalyzer } from '../../core/analysis/analyzer';
import { loadPythonGrammar } from '../../core/parse/python';
import { grammarFilesIn } from '../../workspace/grammar';
import { decodePython } from '../../core/parse/source';
import { exportMarkdown, type ExportedModule } from '../../core/report/export';
import { makeDirectory, writeOwnFile } from '../../workspace/fsutil';
import { readRegularFile } from '../../workspace/read';
import { parseFlags, pathsOf, rejectFlags, type Flags } from '../flags';
import type { CliIo } from '../io';
import { collectOrSay, displayPath } from '../paths';
import { excludeRules, resolveProject, type ResolvedProject } from '../project';

/** `docwright export [PATH...] [--out FILE.md|DIR]`: Markdown API documentation, one file or a directory of them. */
export async function exportDocs(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, ['provider', 'style', 'only', 'dry-run', 'diff', 'check', 'estimate', 'select', 'ignore'], 'export');
  const paths = pathsOf(positionals);
  const resolved = resolveProject(paths, flags);
  const grammar = await loadPythonGrammar(grammarFilesIn(io.distDir));
  const reader: ModuleReader = { parser: grammar.newParser(), analyzer: new PythonAnalyzer(grammar.language, 'full'), cwd: process.cwd(), io };
  const modules: ExportedModule[] = [];
  for (const root of paths) {
    const found = modulesUnder(root, resolved, flags, reader);
    if (!found) return 2;
    modules.push(...found);
  }
  writeExport(io, modules, flags.out);
  return 0;
}

interface ModuleReader {
  parser: Parser;
  analyzer: PythonAnalyzer;
  cwd: string;
  io: CliIo;
}

/** The modules under one PATH, named as Python imports them; undefined when the PATH does not exist. */
function modulesUnder(root: string, resolved: ResolvedProject, flags: Flags, reader: ModuleReader): ExportedModule[] | undefined {
  const { cwd, io } = reader;
  const collected = collectOrSay([root], excludeRules(resolved, flags, cwd), cwd, {}, io.stderr);
  if (!collected) return undefined;
  for (const s of collected.skipped) io.stderr.write(`${displayPath(s.path, cwd)}: skipped: ${s.reason}\n`);
  const files = withoutNotebooks(collected.files, cwd, io);
  const base = packageBase(root);
  const modules: ExportedModule[] = [];
  for (const file of files) {
    const module = readModule(file, dottedName(path.relative(base, file)), resolved.settings.maxFileSizeKb, reader);
    if (module) modules.push(module);
  }
  return modules;
}

/** Module names start above the outermost package, as Python imports them. */
function packageBase(root: string): string {
  let base = statSync(root).isDirectory() ? path.resolve(root) : path.dirname(path.resolve(root));
  while (existsSync(path.join(base, '__init__.py')) && path.dirname(base) !== base) base = path.dirname(base);
  return base;
}

function readModule(file: string, name: string, maxFileSizeKb: number, reader: ModuleReader): ExportedModule | undefined {
  const { cwd, io } = reader;
  const read = readRegularFile(file, maxFileSizeKb);
  const decoded = read.ok ? decodePython(read.bytes) : read;
  if (!decoded.ok) {
    io.stderr.write(`${displayPath(file, cwd)}: skipped: ${decoded.reason}\n`);
    return undefined;
  }
  const tree = reader.parser.parse(decoded.text);
  if (!tree) return undefined;
  try {
    return { name, path: displayPath(file, cwd), source: decoded.text, analysis: reader.analyzer.analyze(tree, decoded.text) };
  } finally {
    tree.delete();
  }
}

/** Notebooks named on the command line of `export`: said and left out. */
function withoutNotebooks(files: string[], cwd: string, io: CliIo): string[] {
  return files.filter((file) => {
    if (!file.endsWith('.ipynb')) return true;
    io.stderr.write(`${displayPath(file, cwd)}: skipped: notebooks are not exported (they have no importable module name)\n`);
    return false;
  });
}

/** `shop/cart.py` → `shop.cart`; `shop/__init__.py` → `shop`. */
function dottedName(relative: string): string {
  const parts = relative.replace(/\.pyi?$/, '').split(/[\\/]/).filter((p) => p && p !== '.');
  if (parts[parts.length - 1] === '__init__' && parts.length > 1) parts.pop();
  return parts.join('.');
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
