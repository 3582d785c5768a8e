// End to end: package the extension as a .vsix, install it into code-server, open a copy of examples/acme in
// headless chromium, and check what a person sees: the Hindsight views, the Problems panel, an incident with its
// diagnostics and CodeLens. Screenshots go to test-results/ (not committed): look at them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureVsCode, startCodeServer, launchChromium, acmeCopy } from '../vscode-server.mjs';

const out = join(ROOT, 'test-results');
mkdirSync(out, { recursive: true });
const vsix = join(ROOT, 'hindsight.vsix');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
if (!existsSync(vsix)) throw new Error('npm run package made no hindsight.vsix');

const env = ensureVsCode();
const workspace = acmeCopy();
const results = [];
const check = async (name, fn) => {
  try { await fn(); results.push([name, true]); console.log(`  ✔ ${name}`); }
  catch (e) { results.push([name, false]); console.log(`  ✖ ${name}: ${e.message.split('\n')[0]}`); }
};

async function session(theme, shots) {
  const server = await startCodeServer(env, { installVsix: vsix, settings: { 'workbench.colorTheme': theme } });
  const { browser, context } = await launchChromium(env, { width: 1500, height: 950, colorScheme: theme.includes('Dark') ? 'dark' : 'light' });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(2500);
    await shots(page);
  } finally {
    await browser.close();
    await server.stop();
  }
}

console.log(`e2e: installing ${vsix} into code-server; workspace ${workspace}`);
await session('Default Light Modern', async (page) => {
  await check('the Hindsight container is in the activity bar and opens', async () => {
    const tab = page.getByRole('tab', { name: /Hindsight/ }).first();
    await tab.waitFor({ timeout: 30_000 });
    await tab.click();
    await page.getByText('INC-2026-0001', { exact: false }).first().waitFor({ timeout: 30_000 });
  });
  await check('the Incidents view lists the incidents by status with the active badge', async () => {
    for (const t of ['Investigating', 'Mitigated', 'INC-2026-0004', 'INC-2026-0003']) await page.getByText(t, { exact: false }).first().waitFor({ timeout: 10_000 });
  });
  await page.screenshot({ path: join(out, 'e2e-views-light.png') });
  await check('an incident opens with its diagnostics and CodeLens', async () => {
    await page.getByText('INC-2026-0902 DELIBERATE MISTAKES: incident rules', { exact: false }).first().click();
    await page.locator('.codelens-decoration').first().waitFor({ timeout: 20_000 });
    await page.locator('.squiggly-error').first().waitFor({ timeout: 20_000 });
  });
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, 'e2e-incident-light.png') });
  await check('the Problems panel shows the deliberate mistakes', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.getByText("Unknown service 'billing'", { exact: false }).first().waitFor({ timeout: 20_000 });
  });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, 'e2e-problems-light.png') });
});
await session('Default Dark Modern', async (page) => {
  await check('dark theme: the views render', async () => {
    await page.getByRole('tab', { name: /Hindsight/ }).first().click();
    await page.getByText('INC-2026-0001', { exact: false }).first().waitFor({ timeout: 30_000 });
  });
  await page.getByText('INC-2026-0001', { exact: false }).first().hover();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, 'e2e-views-dark.png') });
});

const failed = results.filter(([, ok]) => !ok).length;
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
console.log(`e2e: screenshots in ${out}`);
process.exit(failed ? 1 : 0);
