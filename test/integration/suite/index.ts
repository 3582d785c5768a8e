// The standard extension-test entry point: mocha inside the extension host. The same suite runs under
// code-server (test/integration/run.mjs) and under @vscode/test-electron (test/integration/run-electron.mjs).
import * as path from 'node:path';
import * as fs from 'node:fs';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: path.join(__dirname, '..', '..', '..', '..', 'test', 'reporter.js'), ...(process.env.HINDSIGHT_TEST_GREP ? { grep: process.env.HINDSIGHT_TEST_GREP } : {}) });
  // In Restricted Mode (run.mjs --restricted) only restricted.test.js runs; in a trusted workspace, all the others.
  const restricted = !vscode.workspace.isTrusted;
  for (const f of fs.readdirSync(__dirname)) if (f.endsWith('.test.js') && (f === 'restricted.test.js') === restricted) mocha.addFile(path.join(__dirname, f));
  // A first start opens the walkthrough (features/welcome) once the first read is done. Let it come and go before
  // the first test, or it takes the front from whatever that test opened (it did, run alone with a grep).
  mocha.suite.beforeAll(async function () {
    this.timeout(30_000);
    const { api, until } = await import('./helpers');
    await api();
    const welcome = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /welcome|get started/i.test(t.label)));
    await until('the first start\'s walkthrough', welcome, 10_000).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
