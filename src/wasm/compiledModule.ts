/** Compiled modules by their base64 bytes: each compiled once per process. */
const compiled = new Map<string, WebAssembly.Module | null>();

/**
 * The WebAssembly module whose bytes `base64` holds (a generated module's constant, see buildWasm.ts), compiled once
 * per process; null where the runtime lacks WebAssembly or an instruction the module uses (SIMD), so that the caller
 * runs its JavaScript instead.
 */
export function compiledModule(base64: string): WebAssembly.Module | null {
  let module = compiled.get(base64);
  if (module === undefined) {
    const bytes = Buffer.from(base64, 'base64');
    module = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    compiled.set(base64, module);
  }
  return module;
}
