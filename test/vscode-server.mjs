// Starts a real VS Code (code-server: the VS Code workbench and a Node extension host) and a headless chromium.
// Used by the integration tests, the end-to-end test and `npm run demo`. See ../shared/notes/real-vscode.md.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

export const ROOT = resolve(new URL('..', import.meta.url).pathname);

/** Installs (or finds in the cache) chromium, Node 24 and code-server; returns their paths. */
export function ensureVsCode() {
  const out = execFileSync('bash', [join(ROOT, 'scripts', 'setup-vscode.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const cache = out.trim().split('\n').pop();
  return JSON.parse(readFileSync(join(cache, 'env.json'), 'utf8'));
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
    s.on('error', rej);
  });
}

/**
 * Starts code-server on 127.0.0.1 with its own user data, extensions and config folders (nothing under the real
 * home). `trust: false` leaves workspace trust on (Restricted Mode tests); `base`: reuse an earlier server's folders
(its extensions' workspace storage included). Resolves when /healthz answers.
 */
export async function startCodeServer(env, { port, trust = true, installVsix, settings = {}, log = false, base } = {}) {
  if (!port) port = await freePort(); // undefined, or 0 ("any free port"): pick one, so the URL and the health check use it
  base ??= mkdtempSync(join(tmpdir(), 'hindsight-vscode-')); // given: the profile of an earlier server (a later open)
  const dirs = { user: join(base, 'user'), ext: join(base, 'ext'), xdgConfig: join(base, 'xdg-config'), xdgData: join(base, 'xdg-data'), home: join(base, 'home') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  writeFileSync(join(base, 'config.yaml'), 'bind-addr: 127.0.0.1:' + port + '\nauth: none\ncert: false\n');
  mkdirSync(join(dirs.user, 'User'), { recursive: true });
  writeFileSync(join(dirs.user, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'update.mode': 'none', 'security.workspace.trust.enabled': !trust ? true : false,
    'workbench.colorTheme': 'Default Light Modern', 'git.enabled': false, 'window.restoreWindows': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true, 'workbench.welcomePage.walkthroughs.openOnInstall': false, ...settings,
  }, null, 2));
  // code-server reads PORT (and PASSWORD, HASHED_PASSWORD) from its environment over its flags: `PORT=0 npm run demo`
  // made it listen on a port of its own choosing, not the one asked for.
  const { PORT: _port, PASSWORD: _pw, HASHED_PASSWORD: _hpw, ...inherited } = process.env;
  const childEnv = { ...inherited, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, HOME: dirs.home, VSCODE_AGENT_FOLDER: join(base, 'agent') };
  const common = ['--user-data-dir', dirs.user, '--extensions-dir', dirs.ext, '--config', join(base, 'config.yaml')];
  if (installVsix) {
    execFileSync(env.node24, [env.codeServer, ...common, '--install-extension', installVsix, '--force'], { env: childEnv, stdio: log ? 'inherit' : 'pipe' });
  }
  const args = [env.codeServer, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--ignore-last-opened', '--disable-getting-started-override', '--vscode-option', 'enable-smoke-test-driver'];
  if (trust) args.push('--disable-workspace-trust');
  const proc = spawn(env.node24, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; if (log) process.stderr.write(d); });
  proc.stderr.on('data', (d) => { output += d; if (log) process.stderr.write(d); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited (${proc.exitCode}):\n${output}`);
    try { const r = await fetch(`${url}/healthz`); if (r.ok) break; } catch { /* not yet */ }
    if (Date.now() > deadline) { proc.kill(); throw new Error(`code-server did not start:\n${output}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, base, proc, output: () => output, stop: () => new Promise((r) => { if (proc.exitCode !== null) return r(); proc.once('exit', r); proc.kill('SIGTERM'); setTimeout(() => proc.kill('SIGKILL'), 3000); }) };
}

export async function launchChromium(env, { width = 1400, height = 900, colorScheme = 'light' } = {}) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: env.chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  return { browser, context };
}

/** The URL that opens `folder` with the extension under development (and optionally its tests) loaded. */
export function devUrl(server, folder, { extensionPath = ROOT, testsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['skipWelcome', 'true']];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A fresh copy of test/fixtures/acme (the tests' repo, with one deliberate mistake per rule family; tests edit files). */
export function acmeCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-acme-'));
  cpSync(join(ROOT, 'test', 'fixtures', 'acme'), dir, { recursive: true });
  return dir;
}

/** A fresh copy of examples/demo (a realistic team's year: what `npm run demo` opens), named as a team's repo would be. */
export function demoCopy() {
  const dir = join(mkdtempSync(join(tmpdir(), 'hindsight-demo-')), 'northwind-incidents');
  cpSync(join(ROOT, 'examples', 'demo'), dir, { recursive: true });
  return dir;
}

export { existsSync };
