import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportHtml } from '../../core/report/html';
import { exportMarkdown, type ExportedModule } from '../../core/report/export';
import { makeDirectory, writeOwnFile } from '../../workspace/fsutil';
import { choice, parseFlags, pathsOf, rejectFlags, UsageError, CHECK_ONLY_FLAGS, COVERAGE_ONLY_FLAGS } from '../flags';
import type { CliIo } from '../io';
import { modulesOf } from '../modules';

/**
 * `docwright export [PATH...] [--format markdown|html] [--out FILE.md|DIR]`: Markdown API
 * documentation, one file or a directory of them, or a static HTML site with in-page search.
 */
export async function exportDocs(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, ['provider', 'style', 'only', 'dry-run', 'diff', 'check', 'estimate', 'select', 'ignore', 'limit', ...CHECK_ONLY_FLAGS, ...COVERAGE_ONLY_FLAGS], 'export');
  const paths = pathsOf(positionals);
  const format = choice('--format', flags.format, ['markdown', 'html'] as const) ?? 'markdown';
  if (format === 'html' && (flags.out === undefined || flags.out.endsWith('.md'))) throw new UsageError('--format html needs --out DIR (a site is a folder of pages)');
  const modules = await modulesOf(paths, flags, io);
  if (!modules) return 2;
  if (format === 'html') writeSite(io, modules, flags.out!);
  else writeExport(io, modules, flags.out);
  return 0;
}

/** The static site: its pages, the index and the search script (dist/site-search.js) under DIR. */
function writeSite(io: CliIo, modules: ExportedModule[], out: string): void {
  const files = exportHtml(modules, readFileSync(path.join(io.distDir, 'site-search.js'), 'utf8'));
  makeDirectory(out);
  for (const f of files) writeOwnFile(path.join(out, f.name), f.text);
  io.stderr.write(`Documented ${modules.length} modules in a site of ${files.length} files under ${out} (open ${path.join(out, 'index.html')}).\n`);
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
