// `npm run demo`: from a fresh clone, installs what it needs, builds and packages the extension, and serves
// VS Code (code-server) with Hindsight on a copy of examples/demo at http://127.0.0.1:PORT (loopback only).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
if (!existsSync(join(ROOT, 'node_modules', 'esbuild'))) {
  console.log('demo: installing npm dependencies (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
}
const { ensureVsCode, startCodeServer, demoCopy } = await import('../test/vscode-server.mjs');
console.log('demo: building and packaging the extension');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
console.log('demo: making sure code-server, Node 24 and chromium are installed (cached after the first run)');
const env = ensureVsCode();
const portArg = process.argv.indexOf('--port');
const asked = portArg > 0 ? process.argv[portArg + 1] : process.env.PORT;
const port = asked === undefined || asked === '' ? 8080 : Number(asked); // 0: any free port
if (!Number.isInteger(port) || port < 0 || port > 65535) { console.error(`demo: --port must be a port number (0 for any free one), not '${asked}'`); process.exit(2); }
const workspace = demoCopy();
const server = await startCodeServer(env, { port, installVsix: join(ROOT, 'hindsight.vsix'), settings: { 'workbench.colorTheme': 'Default Dark Modern', 'files.autoSave': 'off' } }); // as desktop VS Code: an unsaved edit stays unsaved (code-server saves after a delay)
console.log(`\nHindsight demo: open ${server.url}/?folder=${encodeURIComponent(workspace)}`);
console.log(`(a scratch copy of examples/demo in ${workspace}, removed when the demo stops; Ctrl+C stops it)`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  // The scratch copy and the server's profile: nothing of the demo is left in the temporary folder.
  for (const d of [dirname(workspace), server.base]) rmSync(d, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);
// `npm run demo` runs this under a shell that does not pass a SIGTERM on: when the parent goes, stop too (the
// server would otherwise keep the port and its folders).
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) void stop(); }, 1000).unref();
