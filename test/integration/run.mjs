// Runs the integration suite (mocha inside the real VS Code extension host, code-server + headless chromium).
// Exit code: the suite's. Usage: node test/integration/run.mjs [--restricted]
import { join } from 'node:path';
import { format } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
const consoleLog = [];
import { ROOT, ensureVsCode, startCodeServer, launchChromium, devUrl, acmeCopy } from '../vscode-server.mjs';

const restricted = process.argv.includes('--restricted');
const env = ensureVsCode();
const workspace = acmeCopy();
// VS Code in a browser saves after a delay by default (files.autoSave: afterDelay on the web): a test's edit of a
// record, meant to be undone or put back, would otherwise reach the disk when the timer fires, sometimes after
// the test's own save (a record grown past 2 MB was once left on disk so, and three later tests read it).
const server = await startCodeServer(env, { trust: !restricted, settings: { 'files.autoSave': 'off' } });
const { browser, context } = await launchChromium(env);
const page = await context.newPage();
let exitCode;
const done = new Promise((resolve) => {
  page.exposeFunction('codeAutomationLog', (type, args) => {
    // The extension host's console arrives here together with the workbench's own logging: keep the test
    // reporter's lines on stdout, the rest in test-results/integration-console.log.
    const parts = Array.isArray(args) ? args : [args];
    const text = typeof parts[0] === 'string' && parts[0].includes('%') ? format(...parts) : parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    consoleLog.push(`[${type}] ${text}`);
    if (/^(\[|Creating a socket|Resolv|Updating additional|getaddrinfo|\s+at )/.test(text) || /open-vsx\.org|workbench\.js/.test(text)) return;
    process.stdout.write(text + '\n');
  });
  page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; resolve(); });
});
const timeout = setTimeout(() => { console.error('integration: timed out after 10 minutes'); exitCode = 1; process.exitCode = 1; void shutdown(); }, 10 * 60_000);
async function shutdown() {
  clearTimeout(timeout);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results', `integration${restricted ? '-restricted' : ''}-console.log`), consoleLog.join('\n') + '\n');
  await browser.close().catch(() => {});
  await server.stop();
}

console.log(`integration: VS Code at ${server.url}, workspace ${workspace}${restricted ? ' (Restricted Mode)' : ''}`);
await page.goto(devUrl(server, workspace, { testsPath: join(ROOT, 'out', 'test', 'integration', 'suite') }));
await done;
await shutdown();
if (exitCode !== 0) console.error(`integration: failed (exit ${exitCode}); code-server log:\n${server.output().slice(-4000)}`);
process.exit(exitCode);
