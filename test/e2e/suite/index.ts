import * as path from 'node:path';
import Mocha from 'mocha';

/** Entry point VS Code calls inside the extension host (extensionTestsPath). */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      // The plain closing line CI reads, whatever the reporter printed.
      console.log(`e2e: ${mocha.suite.total() - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else resolve();
    });
  });
}
