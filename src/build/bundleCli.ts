/**
 * The last step of `npm run build`: bundles the compiled CLI (dist/src/cli/main.js, made by tsc just before) into
 * dist/cli/, one chunk per command as main.ts loads them. Node finds and reads every module file on its own: rxjs,
 * zod and framewise's modules made `framewise label --help` open 555 files (53 bundled), and finding and reading them
 * was half of the CLI's start-up CPU. The library (dist/src) stays unbundled, with its declarations.
 *
 * Packages with native code, optional native add-ons or binaries located from their own folder stay outside the
 * bundle and are loaded from node_modules as before.
 */
import { build, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../packageRoot.js';

const EXTERNAL = ['sharp', 'bullmq', 'ioredis', 'ws', '@ffmpeg-installer/*', '@ffprobe-installer/*', 'ffmpeg-static'];

/**
 * rxjs as ES modules: for Node its package points at its CommonJS build, which the bundle would carry whole (223
 * modules); its ES build keeps only the operators framewise uses.
 */
const rxjsModules: Plugin = {
  name: 'rxjs-es-modules',
  setup(b) {
    const esm = join(dirname(createRequire(import.meta.url).resolve('rxjs/package.json')), 'dist', 'esm', 'index.js');
    b.onResolve({ filter: /^rxjs$/ }, () => ({ path: esm }));
  },
};

export async function bundleCli(): Promise<void> {
  const outdir = join(packageRoot, 'dist', 'cli');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [join(packageRoot, 'dist', 'src', 'cli', 'main.js')],
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: EXTERNAL,
    // The bundled CommonJS packages (commander, cli-progress) call require() for Node's own modules.
    banner: { js: "import { createRequire as __framewiseRequire } from 'node:module'; const require = __framewiseRequire(import.meta.url);" },
    logLevel: 'warning',
    plugins: [rxjsModules],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleCli();
