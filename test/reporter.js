// Mocha's spec reporter, plus a record of the counts in out/test-results/<label>.json so the
// last step of `npm test` can print one total line ("all: N passed, N failed").
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const label = (options.reporterOptions && options.reporterOptions.label) || 'tests';
    runner.once('end', () => {
      const { passes, failures, pending } = this.stats;
      console.log(`${label}: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
      recordResults(label, { passes, failures, pending });
    });
  }
}

function recordResults(label, counts) {
  const dir = path.resolve(__dirname, '..', 'out', 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${label}.json`), JSON.stringify(counts));
}

module.exports = SpecWithSummary;
module.exports.recordResults = recordResults;
