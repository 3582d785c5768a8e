// Architecture rules: src/core must stay platform-free (no vscode, no Node built-ins) so that it
// also runs in a web extension host; the extension's activation must not load what it does not use
// (`node:child_process` costs ~2.5 ms to load: only through childProcess() in src/node/repo.ts, on first use);
// no feature of the extension imports another feature (what they share lives in src/extension/services or util).
// Fails the build with the offending file and line.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { builtinModules } from 'node:module';

const forbidden = new Set(['vscode', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const importRe = /(?:import\s[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|export\s[^'"]*?from\s*|import\s*)['"]([^'"]+)['"]/g;
const rules = [
  { dir: 'src/core', check: (spec) => forbidden.has(spec) || forbidden.has(spec.split('/')[0]) ? 'src/core must not import platform module' : null },
  { dir: 'src/core', check: (spec) => /^\.\.\/(node|cli|extension|webview)\b|^\.\.\/\.\.\//.test(spec) ? 'src/core must not import outside src/core' : null },
  { dir: 'src/node', check: (spec) => spec === 'vscode' ? 'src/node is shared with the CLI and must not import vscode' : null },
  { dir: 'src/cli', check: (spec) => spec === 'vscode' ? 'the CLI must not import vscode' : null },
  ...['src/extension', 'src/node'].map((dir) => ({ dir, check: (spec, how) => /child_process$/.test(spec) && !how.startsWith('require') && !/^import\s+type\b/.test(how) ? 'load node:child_process on first use (childProcess() in src/node/repo.ts), not at activation' : null })),
  { dir: 'src/extension/features', check: (spec, how, file) => {
    if (!spec.startsWith('.')) return null;
    const feature = (p) => { const parts = relative('src/extension/features', p).split(sep); return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined; };
    const from = feature(file), to = feature(resolve(dirname(file), spec).slice(process.cwd().length + 1));
    return to !== undefined && to !== from ? `a feature must not import another feature (${from} imports ${to}): move what they share to src/extension/services or util` : null;
  } },
];

function* walk(dir) {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

let failures = 0;
for (const rule of rules) {
  for (const file of walk(rule.dir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(importRe)) {
        const why = rule.check(m[1], m[0], file);
        if (why) { failures++; console.error(`${file}:${i + 1}: ${why}: '${m[1]}'`); }
      }
    });
  }
}
if (failures) { console.error(`architecture lint: ${failures} problem(s)`); process.exit(1); }
console.log('architecture lint: ok');
