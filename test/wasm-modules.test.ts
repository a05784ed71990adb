import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WASM_SOURCES, compileWat, wasmModuleSource } from '../src/wasm/buildWasm.js';

describe('WebAssembly modules', () => {
  for (const source of WASM_SOURCES) {
    const name = fileURLToPath(source.module).split('/').at(-1);
    it(`the committed ${name} is its .wat compiled (run \`npm run build:wasm\` after editing a .wat)`, async () => {
      expect(readFileSync(source.module, 'utf8')).toBe(wasmModuleSource(source, await compileWat(source)));
    });
  }
});
