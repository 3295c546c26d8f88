import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Entry point VS Code calls inside the extension host (extensionTestsPath). */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      const passes = mocha.suite.total() - failures;
      console.log(`e2e: ${passes} passed, ${failures} failed`);
      // For the launcher's total line (this runs in the extension host, on the same machine).
      const results = path.resolve(__dirname, '../../../test-results');
      fs.mkdirSync(results, { recursive: true });
      fs.writeFileSync(path.join(results, 'e2e.json'), JSON.stringify({ passes, failures, pending: 0 }));
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else resolve();
    });
  });
}
