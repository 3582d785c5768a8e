// Bundles the CLI and the extension with esbuild (one file each; vscode stays external).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { HINDSIGHT_VERSION: JSON.stringify(version) },
};

await Promise.all([
  build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  // The webview's script: browser code, one file, served from media/ (the only local resource root).
  build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { timeline: 'src/webview/timeline.ts', runbook: 'src/webview/runbook.ts', dashboard: 'src/webview/dashboard.ts' }, outdir: 'media/dist' }),
]);
