import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

// A module hook that records every framewise CLI module the process loads, to see what a command pulls in.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  const m = /\\/src\\/cli\\/(\\w+)\\.[jt]s$/.exec(url);
  if (m) appendFileSync(process.env.FW_LOADED_LOG, m[1] + '\\n');
  return next(url, context);
}
`;

describe('the CLI loads the modules of the command it runs', () => {
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-lazy-'));
    await writeFile(join(dir, 'hooks.mjs'), HOOKS);
    await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The CLI modules that `framewise …args` loaded, and its output. */
  async function loaded(args: string[], cwd?: string): Promise<{ modules: Set<string>; stdout: string; stderr: string; code: number | null }> {
    const log = join(dir, `loaded-${n++}.txt`);
    await writeFile(log, '');
    const r = await runCli(args, { cwd, timeoutMs: 60_000, env: { FW_LOADED_LOG: log, NODE_OPTIONS: `--import=${pathToFileURL(join(dir, 'register.mjs')).href}` } });
    return { modules: new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean)), stdout: r.stdout, stderr: r.stderr, code: r.code };
  }

  it('label loads label\'s modules and not those of training, the live server or the queue', async () => {
    const r = await loaded(['label', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: framewise label');
    expect(r.modules).toContain('label');
    for (const other of ['train', 'live', 'queue', 'worker', 'fixtures', 'report', 'eval']) expect(r.modules).not.toContain(other);
  });

  it('--config (after which the command is named) still finds the command', async () => {
    const config = join(dir, 'only-eval.json');
    await writeFile(config, JSON.stringify({ eval: { errors: true } }));
    const r = await loaded(['--config', config, 'doctor', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: framewise doctor');
    // A config file may set any command's options, and each is checked: every command is loaded.
    expect(r.modules).toContain('eval');
  });

  it('--version loads no command', async () => {
    const r = await loaded(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect([...r.modules].filter((m) => m !== 'main' && m !== 'configPath' && m !== 'packageVersion')).toEqual([]);
  });

  it('help lists every command, and an unknown command gets the usual error', async () => {
    const help = await loaded(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['label', 'live', 'report', 'train', 'eval', 'fixtures', 'queue', 'worker', 'import-torch']) expect(help.stdout).toContain(`  ${name}`);
    const unknown = await loaded(['lable', 'a.mp4']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'lable'[\s\S]*label/);
  });
});
