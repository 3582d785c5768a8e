// Bundles the CLI and the extension with esbuild (one file each; vscode stays external).
import { build } from 'esbuild';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
// The built-in templates and starter policy go into the bundles: dist/cli.js copied alone still runs `new` and `init`.
const builtins = Object.fromEntries(readdirSync('templates').filter((f) => /\.(md|yaml)$/.test(f)).map((f) => [f, readFileSync(join('templates', f), 'utf8')]));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { HINDSIGHT_VERSION: JSON.stringify(version), HINDSIGHT_BUILTINS: JSON.stringify(builtins) },
};

// The extension loads `yaml` and `mustache` only on first use (a policy outside the fast parser's subset, a new
// record), so they are not in its bundle: each is a file of its own next to it, required when needed. The
// bundle VS Code loads at activation stays small. remark (remark-parse + remark-gfm, behind src/core/remark.ts,
// required as './remark' by src/core/mdast.ts) likewise: only the runbook panel, timeline import and export read
// Markdown with it. The CLI bundles all three (dist/cli.js runs on its own, copied anywhere); esbuild evaluates
// a bundled module only when it is first required, so validation (the fast heading scan) never loads remark.
const LAZY = { yaml: './vendor-yaml.js', mustache: './vendor-mustache.js', './remark': './vendor-remark.js' };
const lazyVendors = {
  name: 'lazy-vendors',
  setup(b) { b.onResolve({ filter: /^(yaml|mustache|\.\/remark)$/ }, (a) => ({ path: LAZY[a.path], external: true })); },
};

await Promise.all([
  build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'], plugins: [lazyVendors] }),
  build({ ...common, entryPoints: { 'vendor-yaml': 'node_modules/yaml/dist/index.js', 'vendor-mustache': 'node_modules/mustache/mustache.js', 'vendor-remark': 'src/core/remark.ts' }, outdir: 'dist' }),
  // The webview's script: browser code, one file, served from media/ (the only local resource root).
  build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { timeline: 'src/webview/timeline.ts', runbook: 'src/webview/runbook.ts', dashboard: 'src/webview/dashboard.ts' }, outdir: 'media/dist' }),
]);
