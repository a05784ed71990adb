/**
 * framewise as a user gets it: `npm pack` (whose prepack builds dist/), `npm install` of the tarball into a new
 * TypeScript project, every example type-checked there against the published declarations, and one example run
 * with plain Node; then the installed `framewise label` on a clip and a bare `import('framewise')`. One pack, one
 * install, one tsc, one example: this is the slowest test of the suite, kept lean.
 *
 * The pack runs in a staged copy of the package sources, so the build never writes dist/ into the working tree
 * (bin/framewise.js would otherwise run that build instead of the sources the other tests exercise).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { saveModel } from '../src/recurrent/modelFile.js';
import { makeVideo, tempDir } from './helpers/ffmpeg.js';
import { randomModel } from './helpers/randomModel.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** What the build and the tarball need from the working tree. */
const PACKAGE_SOURCES = ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'src', 'pipelines', 'fixtures', 'models', 'examples'];

let work: string | undefined;

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

it('packs, installs into a new TypeScript project, type-checks the examples and runs one', { timeout: 300_000 }, async () => {
  work = tempDir('pack');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

  // 1. Stage and pack. The staged copy borrows the repo's node_modules for the build (tsc, @types).
  const stage = path.join(work, 'framewise');
  mkdirSync(stage);
  for (const entry of PACKAGE_SOURCES) {
    if (!existsSync(path.join(ROOT, entry))) continue;
    cpSync(path.join(ROOT, entry), path.join(stage, entry), { recursive: true, filter: (src) => !/[\\/](node_modules|\.cache)$/.test(src) });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  const packed = run(NPM, ['pack', '--json', '--pack-destination', work], stage);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const files = info.files.map((f) => f.path);
  expect(files).toEqual(
    expect.arrayContaining([
      'package.json',
      'bin/framewise.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/cli/main.js',
      'dist/pipelines/labelFile.js',
      'src/live/page/index.html',
      'examples/logSegments.ts',
    ]),
  );
  if (existsSync(path.join(ROOT, 'models/default/model.safetensors'))) expect(files).toContain('models/default/model.safetensors');
  // Sources, tests and maps stay home: only the live page's static files ship from src/.
  expect(files.filter((f) => /^(test|bench)\//.test(f) || /\.map$/.test(f) || (f.startsWith('src/') && !f.startsWith('src/live/page/')))).toEqual([]);
  // The declarations carry the TSDoc of the shared types.
  expect(readFileSync(path.join(stage, 'dist/src/types.d.ts'), 'utf8')).toMatch(/\/\*\* One labelled frame/);

  // 2. A new project installs the tarball as a user would (install scripts included: the ffprobe package needs its chmod).
  const app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'framewise-consumer', private: true, type: 'module' }));
  run(NPM, ['install', path.join(work, info.filename), '--prefer-offline', '--no-audit', '--no-fund'], app);
  const installed = JSON.parse(readFileSync(path.join(app, 'node_modules', pkg.name, 'package.json'), 'utf8')) as { version: string };
  expect(installed.version).toBe(pkg.version);

  // 3. The examples, unchanged, type-check against the published types (library files too: skipLibCheck off),
  //    with the repo's TypeScript and @types/node standing in for the project's own.
  for (const f of readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ts'))) cpSync(path.join(ROOT, 'examples', f), path.join(app, f));
  writeFileSync(
    path.join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        outDir: 'out',
        rootDir: '.',
        types: ['node'],
        typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      },
      include: ['*.ts'],
    }),
  );
  run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);

  // 4. One example, compiled by that tsc, under plain Node: the package's ESM and its own ffmpeg lookup.
  const video = makeVideo(path.join(work, 'clip.mp4'), ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25,trim=end_frame=40']);
  const model = path.join(work, 'still.safetensors');
  await saveModel(model, randomModel(1, 5, 4, ['still']));
  const env = { ...process.env };
  delete env.FRAMEWISE_FFMPEG;
  delete env.FRAMEWISE_FFPROBE;
  const example = run(process.execPath, [path.join(app, 'out', 'logSegments.js'), video, model], app, env);
  expect(example.stderr).toBe('');
  expect(example.stdout.trim()).toMatch(/^still\s+frames 0-39\s+0\.00-1\.56s\s+score 1\.00$/);

  // Only runtime dependencies were installed: the TypeScript runner and its bundler stay in the repository.
  expect(existsSync(path.join(app, 'node_modules', 'tsx'))).toBe(false);
  expect(existsSync(path.join(app, 'node_modules', 'esbuild'))).toBe(false);

  // The installed command line runs the built CLI, and labels a clip.
  const bin = path.join(app, 'node_modules', '.bin', 'framewise');
  expect(run(bin, ['--version'], app, env).stdout.trim()).toBe(pkg.version);
  // The bundled CLI (dist/cli): the top-level help loads every command's chunk.
  const help = run(bin, ['--help'], app, env).stdout;
  for (const command of ['label', 'live', 'report', 'train', 'queue', 'worker']) expect(help).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  const labelled = run(bin, ['label', video, '--model', model, '--format', 'segments', '--no-progress'], app, env);
  const doc = JSON.parse(labelled.stdout) as { segments: Array<{ label: string; start: number; end: number }> };
  expect(doc.segments.map((s) => [s.label, s.start, s.end])).toEqual([['still', 0, 39]]);

  // The library imports by its package name from plain ESM, without the examples' compile step.
  const imported = run(process.execPath, ['--input-type=module', '-e', "const m = await import('framewise'); console.log(typeof m.labelVideo, typeof m.labelSegments);"], app, env);
  expect(imported.stdout.trim()).toBe('function function');
});
