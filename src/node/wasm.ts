/** The index scanner compiled to WebAssembly (dist/summary-scan.wasm, built by scripts/build-wasm.mjs), for Node. */
import * as fs from 'node:fs';
import { WasmSummaryScanner, type InputText, type SummaryScanExports } from '../core/index';

// Node has WebAssembly; the project's typings (ES2022, @types/node 20) do not declare it.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

/**
 * The scanner from the module at `file`, or why there is none (a missing or broken file: the TypeScript scanner
 * reads everything, only slower). Instantiated synchronously: the module is ~11 KB and compiles in well under 1 ms.
 */
export function loadSummaryScanner(file: string): { scanner?: WasmSummaryScanner; error?: string } {
  try {
    const module = new WebAssembly.Module(fs.readFileSync(file));
    const instance = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('summary-scan.wasm aborted'); } } });
    const exports = instance.exports as unknown as SummaryScanExports;
    // The module's memory never grows (it allocates nothing), so a Buffer over its input stays valid; its
    // utf8Slice (what toString('utf8', s, e) calls after checking its arguments) decodes a value in one call, and
    // latin1Slice one from a file the module found to be all ASCII.
    const text = (input: Uint8Array): InputText => {
      const b = Buffer.from(input.buffer, input.byteOffset, input.length);
      const direct = b as unknown as Partial<InputText>;
      return typeof direct.utf8Slice === 'function' && typeof direct.latin1Slice === 'function' ? (direct as InputText)
        : { utf8Slice: (s, e) => b.toString('utf8', s, e), latin1Slice: (s, e) => b.toString('latin1', s, e) };
    };
    return { scanner: new WasmSummaryScanner(exports, text) };
  } catch (e) {
    return { error: `${file}: ${(e as Error).message}` };
  }
}
