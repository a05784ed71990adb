/**
 * `npm run build:wasm`: compiles products.wat into productsModule.ts (the bytes, base64), which products.ts loads.
 * A development tool (wabt is a dev dependency); test/recurrent-wasm.test.ts checks the module is up to date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

/** The module's bytes, compiled from the text format. */
export async function compileProducts(): Promise<Uint8Array> {
  const text = readFileSync(fileURLToPath(new URL('products.wat', import.meta.url)), 'utf8');
  const parsed = (await wabt()).parseWat('products.wat', text, { simd: true });
  try {
    parsed.validate();
    return parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
}

/** The TypeScript module holding `bytes`. */
export function productsModuleSource(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines = b64.match(/.{1,100}/g) ?? [];
  return [
    '// Generated from products.wat by `npm run build:wasm`: do not edit.',
    'export const PRODUCTS_WASM_BASE64 =',
    lines.map((l) => `  '${l}'`).join(' +\n') + ';',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('productsModule.ts', import.meta.url));
  writeFileSync(out, productsModuleSource(await compileProducts()));
  console.log(`wrote ${out}`);
}
