import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findings } from '../../server/src/core/rules/findings';
import { decodePython } from '../../server/src/core/parse/source';
import { DEFAULT_SETTINGS } from '../../server/src/shared/settings';
import { analyze, REPO } from './helpers';
import { ProjectClasses } from '../../server/src/workspace/projectClasses';

/**
 * DW401–DW408 on code other people wrote. Each entry of the fixture is a finding the checks
 * once reported on the CPython standard library or a Debian python3-* package, read against
 * its docstring and labelled as its maintainer would (`tp`: they would fix the docstring;
 * `fp`: they would dismiss it), with whether the lenient checks report it today. A change that
 * reports a dismissed finding again, or stops reporting a real one, fails here: look at the
 * finding, and either fix the change or update the entry with the reason.
 */

interface Label {
  corpus: 'stdlib' | 'debian';
  file: string;
  code: string;
  message: string;
  label: 'tp' | 'fp';
  why: string;
  reported: boolean;
}

/** Debian's own trees: `.ci/run` installs libpython3.11-stdlib and the python3-* packages sampled. */
const ROOTS = { stdlib: '/usr/lib/python3.11', debian: '/usr/lib/python3/dist-packages' };

const labels: Label[] = readFileSync(path.join(REPO, 'test/fixtures/stale/labels.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((line) => JSON.parse(line) as Label);

/** As the hosts do: a raised exception's class is followed into the module that defines it. */
const projectClasses = new ProjectClasses();

async function reportedIn(file: string): Promise<Set<string>> {
  const decoded = decodePython(readFileSync(file));
  if (!decoded.ok) throw new Error(`${file}: ${decoded.reason}`);
  const analysis = await analyze(decoded.text);
  const settings = { ...DEFAULT_SETTINGS, select: ['DW4'] };
  const { foreign } = projectClasses.forFile(file);
  return new Set(findings(analysis, { path: file }, decoded.text, settings, undefined, foreign).map((f) => `${f.code}:${f.message}`));
}

describe('stale-docstring checks on labelled real findings', function () {
  this.timeout(120_000);

  it('report what maintainers would fix and leave alone what they would dismiss, as labelled', async () => {
    const byFile = new Map<string, Label[]>();
    for (const label of labels) {
      const file = path.join(ROOTS[label.corpus], label.file);
      byFile.set(file, [...(byFile.get(file) ?? []), label]);
    }
    const changed: string[] = [];
    const counts = { tp: 0, fp: 0 };
    for (const [file, entries] of byFile) {
      assert.ok(existsSync(file), `${file} is missing: the labelled corpus comes from Debian packages that .ci/run installs`);
      const reported = await reportedIn(file);
      for (const entry of entries) {
        const now = reported.has(`${entry.code}:${entry.message}`);
        if (now) counts[entry.label]++;
        if (now !== entry.reported) changed.push(`${now ? 'now reported' : 'no longer reported'} (${entry.label}): ${entry.file}: ${entry.code} ${entry.message} — ${entry.why}`);
      }
    }
    assert.deepEqual(changed, []);
    // The figures the README gives: labelled precision of what is reported.
    assert.deepEqual(counts, { tp: 4535, fp: 351 });
  });

  it('covers at least 150 labelled findings from both corpora', () => {
    assert.ok(labels.length >= 150);
    assert.ok(labels.some((l) => l.corpus === 'stdlib') && labels.some((l) => l.corpus === 'debian'));
  });
});
