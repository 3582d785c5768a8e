#!/usr/bin/env node
// Looks for new counterexamples: runs the unit test files that hold properties with random seeds and many cases,
// round after round. CI runs the same properties from one fixed seed (.ci/run), so that the gate answers the same
// twice; this is where new cases are found. A failure prints its seed and shrunk counterexample: keep it as a
// regression test next to the property. Run `npm run compile-tests` first (`npm run test:fuzz` does).
//   node scripts/fuzz.mjs [--runs N (100000)] [--rounds K (1)] [--seed S (random)] [--grep PATTERN]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const runs = arg('runs', '100000');
const rounds = Number(arg('rounds', '1'));
const seed = arg('seed', undefined);
const grep = arg('grep', undefined);

const files = fs.readdirSync(path.join(root, 'test/unit'))
  .filter((f) => f.endsWith('.test.ts') && fs.readFileSync(path.join(root, 'test/unit', f), 'utf8').includes('fc.assert'))
  .map((f) => path.join(root, 'out/test/unit', f.replace(/\.ts$/, '.js')));
const missing = files.filter((f) => !fs.existsSync(f));
if (missing.length) { console.error(`fuzz: ${path.relative(root, missing[0])} is not built: run npm run compile-tests first`); process.exit(2); }

let failed = 0;
for (let r = 1; r <= rounds; r++) {
  console.log(`fuzz: round ${r} of ${rounds}, ${runs} cases per property, seed ${seed ?? 'random (printed on failure)'}`);
  const env = { ...process.env, HINDSIGHT_PROPERTY_RUNS: runs };
  if (seed) env.HINDSIGHT_PROPERTY_SEED = seed; else delete env.HINDSIGHT_PROPERTY_SEED;
  const mocha = path.join(root, 'node_modules/mocha/bin/mocha.js');
  const res = spawnSync(process.execPath, [mocha, '--no-config', '--enable-source-maps', '--reporter', path.join(root, 'test/reporter.js'), '--timeout', '0', ...(grep ? ['--grep', grep] : []), ...files], { cwd: root, env, stdio: 'inherit' });
  if (res.status !== 0) failed++;
}
console.log(`fuzz: ${failed} of ${rounds} rounds failed`);
process.exit(failed ? 1 : 0);
