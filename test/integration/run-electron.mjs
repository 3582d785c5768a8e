// The same integration suite under @vscode/test-electron, for machines that can download VS Code
// (this one cannot: use `npm run test:integration`, which runs it in code-server).
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT, acmeCopy } from '../vscode-server.mjs';

try {
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'test', 'integration', 'suite'),
    launchArgs: [acmeCopy(), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`test:electron failed: ${e.message}`);
  process.exit(1);
}
