import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { entriesOf } from '../../server/src/core/search/entries';
import { DocumentationIndex } from '../../server/src/core/search/index';
import { exportedModules, type ModuleReader } from '../../server/src/workspace/exportModules';
import { collectFiles } from '../../server/src/workspace/files';
import { setup } from './helpers';

/**
 * Ranking on the CPython standard library: each query is written from what the wanted
 * definition's docstring says, in other words than its name, and the definition must be in the
 * top 3 among the whole corpus (every top-level module and the re, json, urllib and collections
 * packages: about 190 files and 8 400 modules, classes and functions that compete).
 */

const STDLIB = '/usr/lib/python3.11';

const QUERIES: [query: string, wanted: string][] = [
  ['remove common leading whitespace from every line', 'textwrap.dedent'],
  ['shell-style wildcard pattern match a filename', 'fnmatch.fnmatch'],
  ['temporary directory removed on exiting the context', 'tempfile.TemporaryDirectory'],
  ['divide a pathname into head and tail after the final slash', 'posixpath.split'],
  ['compare two sequences of lines and generate the delta', 'difflib.unified_diff'],
  ['number of days in a month', 'calendar.monthrange'],
  ['pick a random element from a non-empty sequence', 'random.Random.choice'],
  ['best good enough candidates among possibilities for a word', 'difflib.get_close_matches'],
  ['insert an item into a sorted list keeping it sorted', 'bisect.insort_right'],
  ['special characters in a string', 're.escape'],
  ['each part of a URL has a different set of reserved characters', 'urllib.parse.quote'],
  ['dictionary that remembers insertion order', 'collections.OrderedDict'],
  ['counting hashable items', 'collections.Counter'],
  ['data and mode bits like cp src dst', 'shutil.copy'],
  ['command on the PATH that conforms to the given mode', 'shutil.which'],
];

describe('ranking on the standard library', function () {
  this.timeout(300000);
  const index = new DocumentationIndex();

  before(async function () {
    if (!existsSync(STDLIB)) this.skip();
    const { grammar, analyzer } = await setup();
    const reader: ModuleReader = { parser: grammar.newParser(), analyzer, maxFileSizeKb: 1024, skip: () => undefined };
    const topLevel = readdirSync(STDLIB).filter((f) => f.endsWith('.py')).map((f) => path.join(STDLIB, f));
    const packages = collectFiles(['re', 'json', 'urllib', 'collections'], [], STDLIB).files;
    for (const file of [...topLevel, ...packages]) {
      const [module] = exportedModules(STDLIB, [file], STDLIB, reader);
      if (module) index.setFile(file, entriesOf({ name: module.name, file, analysis: module.analysis }));
    }
    reader.parser.delete();
  });

  it('indexes the corpus', () => {
    assert.ok(index.fileCount > 180 && index.size > 8000, `${index.fileCount} files, ${index.size} entries`);
  });

  for (const [query, wanted] of QUERIES) {
    it(`"${query}" finds ${wanted} in the top 3`, () => {
      const top = index.search(query, 3).map((h) => h.entry.qualname);
      assert.ok(top.includes(wanted), `top 3: ${top.join(', ')}`);
      assert.ok(!wanted.split('.').pop()!.split('_').some((part) => part.length > 3 && query.toLowerCase().includes(part.toLowerCase())),
        'the query does not simply name it');
    });
  }
});
