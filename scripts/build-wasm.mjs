// Compiles the index scanner's WebAssembly twin (src/wasm/summaryScan.ts, AssemblyScript) to dist/summary-scan.wasm.
// Run by `npm run build` and `npm run compile-tests` (the unit tests compare it with the TypeScript scanner).
import asc from 'assemblyscript/asc';
import { mkdirSync } from 'node:fs';

export async function buildWasm() {
  mkdirSync('dist', { recursive: true });
  const { error, stderr } = await asc.main([
    'src/wasm/summaryScan.ts', '--outFile', 'dist/summary-scan.wasm',
    '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd',
  ]);
  if (error) { console.error(stderr.toString()); throw error; }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWasm();
