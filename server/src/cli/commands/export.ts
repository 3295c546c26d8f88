import * as path from 'node:path';
import { exportMarkdown, type ExportedModule } from '../../core/report/export';
import { makeDirectory, writeOwnFile } from '../../workspace/fsutil';
import { parseFlags, pathsOf, rejectFlags, CHECK_ONLY_FLAGS, COVERAGE_ONLY_FLAGS } from '../flags';
import type { CliIo } from '../io';
import { modulesOf } from '../modules';

/** `docwright export [PATH...] [--out FILE.md|DIR]`: Markdown API documentation, one file or a directory of them. */
export async function exportDocs(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, ['provider', 'style', 'only', 'dry-run', 'diff', 'check', 'estimate', 'select', 'ignore', 'limit', ...CHECK_ONLY_FLAGS, ...COVERAGE_ONLY_FLAGS], 'export');
  const paths = pathsOf(positionals);
  const modules = await modulesOf(paths, flags, io);
  if (!modules) return 2;
  writeExport(io, modules, flags.out);
  return 0;
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
