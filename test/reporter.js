// Mocha's spec reporter, plus one plain closing line that CI tools read: "mocha: N passed, N failed, N skipped".
const Mocha = require('mocha');

class HindsightReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const s = runner.stats;
      process.stdout.write(`mocha: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
    });
  }
}
module.exports = HindsightReporter;
