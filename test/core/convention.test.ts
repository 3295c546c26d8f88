import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DOCSTRING_STYLES } from '../../server/src/core/docstring/model';
import { parseAnswer } from '../../server/src/core/llm/output';
import { documentSource, py } from './helpers';
import { CONVENTION, newFindings, pydocstyle, type RuffFinding } from './ruff';

/**
 * Invariant 9: what `document` writes passes ruff's pydocstyle rules under the convention
 * that matches the style (google → google, numpy → numpy, sphinx → pep257). `npm run verify`
 * checks the whole standard library; these modules are the part that runs with the tests.
 */

/**
 * The codes about how a docstring is written (D1xx count missing ones, which we add): blank
 * lines around it (D2xx), quotes (D3xx), content and sections (D4xx). Each convention leaves
 * some of them off.
 */
const OWNED = [
  'D200', 'D201', 'D202', 'D203', 'D204', 'D205', 'D206', 'D207', 'D208', 'D209', 'D210', 'D211', 'D212', 'D213',
  'D214', 'D215', 'D300', 'D301', 'D400', 'D401', 'D402', 'D403', 'D404', 'D405', 'D406', 'D407', 'D408', 'D409',
  'D410', 'D411', 'D412', 'D413', 'D414', 'D415', 'D416', 'D417', 'D418', 'D419',
];

/**
 * Chosen for what they hold: classes whose body starts at once (D204), functions whose body
 * starts with a blank line (D202), Google docstrings that an update extends, nested
 * definitions, one-line bodies, descriptors, positional-only and keyword-only parameters.
 */
const MODULES = [
  'argparse.py', 'codecs.py', 'ftplib.py', 'concurrent/futures/process.py', 'concurrent/futures/thread.py',
  'asynchat.py', 'fractions.py', 'textwrap.py', 'shlex.py', 'sched.py', 'queue.py', 'graphlib.py', 'selectors.py',
  'contextlib.py', 'functools.py', 'json/decoder.py', 'json/encoder.py', 'cmd.py', 'bisect.py', 'heapq.py',
];

const stdlib = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).stdout.trim();

const show = (findings: RuffFinding[], text: string) => findings.map((f) => `${f.line + 1}: ${f.code} ${f.message}\n${text.split('\n').slice(f.line, f.line + 8).join('\n')}`).join('\n\n');

describe('what document writes passes the matching ruff convention', () => {
  for (const style of DOCSTRING_STYLES) {
    it(`${style} → ruff's ${CONVENTION[style]}: no new finding of ${OWNED.length} codes on ${MODULES.length} standard-library modules`, async () => {
      let written = 0;
      for (const module of MODULES) {
        const before = readFileSync(path.join(stdlib, module), 'utf8');
        const result = await documentSource(before, { style, path: module });
        written += result.edits.length;
        const { fresh } = await newFindings(before, result.text, style);
        const ours = fresh.filter((f) => OWNED.includes(f.code));
        assert.deepEqual(ours.map((f) => `${f.line + 1}:${f.code}`), [], `${module}:\n${show(ours, result.text)}`);
      }
      assert.ok(written > 150, `only ${written} docstrings written`);
    });
  }
});

describe('new docstrings pass every rule of the convention', () => {
  // Every definition is public and undocumented, so every docstring after is one we wrote.
  const source = py`
    """Module."""


    class Descriptor:
        def __get__(self, instance, cls=None):
            return self

        def markers(self, /, a, *, b):
            return a + b

        @staticmethod
        def static(x):
            return x

        @classmethod
        def build(klass, y):
            return klass(y)

        def renamed(this, z):

            return z

        def spread(self, *args, **kwargs):
            yield args


    def walk(top: str, key: "Callable[[str], int] | None" = None) -> Iterator[str]:
        if key is None:
            raise ValueError(top)
        yield top
  `;

  for (const style of DOCSTRING_STYLES) {
    it(`${style}: self/cls only as the first parameter, markers, stars, a yield and a raise (D417 under google)`, async () => {
      const result = await documentSource(source, { style });
      assert.equal(result.edits.length, 8);
      const findings = pydocstyle(result.text, CONVENTION[style]).filter((f) => OWNED.includes(f.code));
      assert.deepEqual(findings, [], show(findings, result.text));
    });
  }

  it('a summary the LLM made too long is cut short with a period (D400, D415)', () => {
    const answer = parseAnswer(JSON.stringify({ summary: `Compute ${'the total of every line '.repeat(12)}`, description: '' }));
    assert.ok(!(answer instanceof Error));
    assert.match(answer.summary, /^Compute the total of every line .{150,}line\.\.\.$/);
    const text = `def f():\n    """${answer.summary}"""\n`;
    for (const convention of ['google', 'numpy', 'pep257']) {
      assert.deepEqual(pydocstyle(text, convention).filter((f) => f.code !== 'D100' && f.code !== 'D103'), [], convention);
    }
  });
});
