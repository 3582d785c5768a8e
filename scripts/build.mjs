// Bundles the CLI (and later the extension) with esbuild.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outdir: 'dist',
  sourcemap: !production,
  minify: production,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
  define: { HINDSIGHT_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
});
