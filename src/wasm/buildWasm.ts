/**
 * `npm run build:wasm`: compiles each WebAssembly text module of framewise into a TypeScript module holding its bytes
 * (base64), which the code that runs it loads. A development tool (wabt is a dev dependency); the tests check that
 * every committed module is its .wat compiled (test/wasm-modules.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

export interface WasmSource {
  /** The .wat file, and the .ts module generated from it. */
  readonly wat: URL;
  readonly module: URL;
  /** The name the generated module exports its base64 bytes under. */
  readonly constant: string;
}

export const WASM_SOURCES: readonly WasmSource[] = [
  {
    wat: new URL('../recurrent/wasm/products.wat', import.meta.url),
    module: new URL('../recurrent/wasm/productsModule.ts', import.meta.url),
    constant: 'PRODUCTS_WASM_BASE64',
  },
  {
    wat: new URL('../recurrent/wasm/gru.wat', import.meta.url),
    module: new URL('../recurrent/wasm/gruModule.ts', import.meta.url),
    constant: 'GRU_WASM_BASE64',
  },
  {
    wat: new URL('../features/wasm/frameKernels.wat', import.meta.url),
    module: new URL('../features/wasm/frameKernelsModule.ts', import.meta.url),
    constant: 'FRAME_KERNELS_WASM_BASE64',
  },
  {
    wat: new URL('../../fixtures/wasm/sensorNoise.wat', import.meta.url),
    module: new URL('../../fixtures/wasm/sensorNoiseModule.ts', import.meta.url),
    constant: 'SENSOR_NOISE_WASM_BASE64',
  },
  {
    wat: new URL('../../fixtures/wasm/sampleView.wat', import.meta.url),
    module: new URL('../../fixtures/wasm/sampleViewModule.ts', import.meta.url),
    constant: 'SAMPLE_VIEW_WASM_BASE64',
  },
];

/** The module's bytes, compiled from the text format. */
export async function compileWat(source: WasmSource): Promise<Uint8Array> {
  const name = fileURLToPath(source.wat);
  const parsed = (await wabt()).parseWat(name, readFileSync(name, 'utf8'), { simd: true });
  try {
    parsed.validate();
    return parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
}

/** The TypeScript module holding `bytes`. */
export function wasmModuleSource(source: WasmSource, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines = b64.match(/.{1,100}/g) ?? [];
  const wat = fileURLToPath(source.wat).split('/').at(-1);
  return [
    `// Generated from ${wat} by \`npm run build:wasm\`: do not edit.`,
    `export const ${source.constant} =`,
    lines.map((l) => `  '${l}'`).join(' +\n') + ';',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const source of WASM_SOURCES) {
    writeFileSync(source.module, wasmModuleSource(source, await compileWat(source)));
    console.log(`wrote ${fileURLToPath(source.module)}`);
  }
}
