// The views in a real VS Code: code-server (the VS Code workbench, its extension host under Node 24) and headless
// chromium open the 10,000-record workspace of bench/index-bench afresh (a new profile: no saved index), and this
// measures, from the start of the extension's read of the workspace, when the workbench shows rows in the
// Incidents view and in all four views, against when the index was ready in the extension host. The extension
// writes those moments to HINDSIGHT_TRACE_FILE; the page is polled every ~40 ms.
// `--warm`: each round opens the workspace twice with one profile and measures the second open, which starts
// from the index the first one saved.
// Usage: node bench/vscode-paint.mjs [--rounds N] [--dir DIR] [--warm] (after `npm run build -- --production`;
// skipped, saying so, when code-server is not installed: scripts/setup-vscode.sh installs it, `npm test` runs that).
import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { homedir, tmpdir } from 'node:os';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const rounds = Number(opt('--rounds', '3'));
const dir = resolve(opt('--dir', join(tmpdir(), 'hindsight-bench-10000')));
const envFile = join(process.env.HINDSIGHT_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'hindsight'), 'env.json');
if (!existsSync(envFile)) { console.log(`vscode-paint: skipped: code-server is not installed (${envFile}; scripts/setup-vscode.sh installs it)`); process.exit(0); }
if (!args.includes('--dir')) createRequire(import.meta.url)('./dataset.cjs').ensureDataset({ n: 10000, dir });
else if (!existsSync(dir)) { console.log(`vscode-paint: no workspace at ${dir}`); process.exit(1); }
const { startCodeServer, launchChromium, devUrl } = await import('../test/vscode-server.mjs');
const env = JSON.parse(readFileSync(envFile, 'utf8'));
const VIEWS = ['Incidents', 'Runbooks', 'Reviews', 'Action Items'];

const warm = args.includes('--warm');
/** Opens the workspace (in the profile `base`, or a new one) and measures; `linger`: ms to stay open after. */
async function round({ base, port, linger = 0 } = {}) {
  const trace = join(mkdtempSync(join(tmpdir(), 'hindsight-trace-')), 'trace.txt');
  process.env.HINDSIGHT_TRACE_FILE = trace; // passed on to code-server and its extension host
  // The same port as well: code-server's workspace storage is keyed by the folder's URI, host and port included.
  const server = await startCodeServer(env, { base, port });
  const { browser, context } = await launchChromium(env, { width: 1400, height: 900 });
  const shown = {};
  try {
    const page = await context.newPage();
    await page.goto(devUrl(server, dir));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const tab = page.getByRole('tab', { name: /Hindsight/ }).first();
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && VIEWS.some((v) => shown[v] === undefined)) {
      const rows = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.pane')].map((p) => [p.querySelector('.pane-header .title')?.textContent ?? '', p.querySelectorAll('.pane-body .monaco-list-row').length])));
      const now = Date.now();
      for (const v of VIEWS) if (shown[v] === undefined && rows[v] > 0) shown[v] = now;
      await page.waitForTimeout(40);
    }
    if (linger) await page.waitForTimeout(linger);
  } finally { await browser.close(); await server.stop(); delete process.env.HINDSIGHT_TRACE_FILE; }
  const t = Object.fromEntries(readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]));
  rmSync(trace, { force: true });
  if (!t['load-start'] || VIEWS.some((v) => shown[v] === undefined)) throw new Error(`vscode-paint: incomplete round: ${JSON.stringify({ t, shown })}`);
  const rel = (x) => x - t['load-start'];
  return { base: server.base, port: server.port, indexReadyMs: rel(t['index-ready']), incidentsReadMs: t['incidents-read'] ? rel(t['incidents-read']) : null, incidentsShownMs: rel(shown.Incidents), allViewsShownMs: Math.max(...VIEWS.map((v) => rel(shown[v]))) };
}

const runs = [];
for (let i = 0; i < rounds; i++) {
  // Warm: the first open saves the index (a few seconds after its read), the second starts from it.
  const first = warm ? await round({ linger: 6000 }) : undefined;
  const r = first ? await round({ base: first.base, port: first.port }) : await round();
  rmSync(r.base, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }); // code-server may still be writing its logs
  delete r.base; delete r.port;
  if (warm && r.incidentsReadMs !== null) throw new Error('vscode-paint: the second open read the workspace instead of starting from the saved index');
  runs.push(r);
}
const median = (k) => { const v = runs.map((r) => r[k]).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
console.log(JSON.stringify({ vscodePaint: { workspace: dir, rounds, start: warm ? 'warm (saved index)' : 'cold (new profile)', runs, median: { indexReadyMs: median('indexReadyMs'), incidentsShownMs: median('incidentsShownMs'), allViewsShownMs: median('allViewsShownMs') } } }, null, 2));
