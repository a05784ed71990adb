/**
 * Finding ffmpeg and ffprobe. Order, per tool:
 *   1. FRAMEWISE_FFMPEG / FRAMEWISE_FFPROBE environment variables,
 *   2. ffmpeg-static (ffmpeg only; optional dependency whose download may never have happened),
 *   3. @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe,
 *   4. `ffmpeg` / `ffprobe` on PATH.
 * A candidate counts only if its file exists and `-version` runs and names the tool.
 *
 * An env var that points to a missing or non-runnable file is an error, not skipped: the user asked for
 * that binary explicitly, and silently running another one would hide the mistake.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DecodeError } from '../errors.js';
import { runFfmpegSync } from '../ffmpeg/ffmpegProcess.js';

export interface ToolChoice {
  path: string;
  source: 'env' | 'ffmpeg-static' | '@ffmpeg-installer' | '@ffprobe-installer' | 'PATH';
  /** Version token from the first line of `-version`, e.g. "4.1" or "N-47683-g0e8eb07980-static". */
  version: string;
}

/**
 * Paths exported by the npm packages (null: package absent). Normally looked up with require();
 * passed explicitly only to test the fallback order.
 */
export interface PackageCandidates {
  ffmpegStatic: string | null;
  ffmpegInstaller: string | null;
  ffprobeInstaller: string | null;
}

type Tool = 'ffmpeg' | 'ffprobe';

const cache = new Map<string, { ffmpeg: ToolChoice; ffprobe: ToolChoice }>();
let packageCache: PackageCandidates | undefined;

/** Reads a package's exported binary path; the installer packages throw when their binary is missing. */
function packagePath(name: string, pick: (mod: unknown) => unknown): string | null {
  try {
    const req = createRequire(import.meta.url);
    const value = pick(req(name));
    return typeof value === 'string' && value.length > 0 ? value : null;
  } catch {
    return null;
  }
}

function installedPackages(): PackageCandidates {
  packageCache ??= {
    ffmpegStatic: packagePath('ffmpeg-static', (m) => (typeof m === 'object' && m && 'default' in m ? m.default : m)),
    ffmpegInstaller: packagePath('@ffmpeg-installer/ffmpeg', (m) => (m as { path?: unknown }).path),
    ffprobeInstaller: packagePath('@ffprobe-installer/ffprobe', (m) => (m as { path?: unknown }).path),
  };
  return packageCache;
}

/** Returns the version if `file` is a runnable `tool`, else a reason why not. */
function probeTool(file: string, tool: Tool): { version: string } | { reason: string } {
  try {
    if (!statSync(file).isFile()) return { reason: 'not a file' };
  } catch {
    return { reason: 'does not exist' };
  }
  const run = runFfmpegSync(file, ['-version']);
  if (run.failure !== null) return { reason: `does not run (${run.failure})` };
  const out = run.stdout;
  const m = new RegExp(`^${tool} version (\\S+)`).exec(out.trimStart());
  if (!m) return { reason: `-version does not report "${tool} version"` };
  return { version: m[1] };
}

function findOnPath(tool: Tool, env: NodeJS.ProcessEnv): ToolChoice | null {
  const exe = process.platform === 'win32' ? `${tool}.exe` : tool;
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, exe);
    const r = probeTool(file, tool);
    if ('version' in r) return { path: file, source: 'PATH', version: r.version };
  }
  return null;
}

function resolveTool(tool: Tool, env: NodeJS.ProcessEnv, pkgs: PackageCandidates): ToolChoice {
  const envName = tool === 'ffmpeg' ? 'FRAMEWISE_FFMPEG' : 'FRAMEWISE_FFPROBE';
  const fromEnv = env[envName];
  if (fromEnv) {
    const r = probeTool(fromEnv, tool);
    if ('version' in r) return { path: fromEnv, source: 'env', version: r.version };
    throw new DecodeError('E_FFMPEG_NOT_FOUND', `${envName}=${fromEnv} is not a usable ${tool}: it ${r.reason}`);
  }
  const packaged: Array<[string | null, ToolChoice['source']]> =
    tool === 'ffmpeg'
      ? [
          [pkgs.ffmpegStatic, 'ffmpeg-static'],
          [pkgs.ffmpegInstaller, '@ffmpeg-installer'],
        ]
      : [[pkgs.ffprobeInstaller, '@ffprobe-installer']];
  for (const [file, source] of packaged) {
    if (!file) continue;
    const r = probeTool(file, tool);
    if ('version' in r) return { path: file, source, version: r.version };
  }
  const onPath = findOnPath(tool, env);
  if (onPath) return onPath;
  const pkgNames = tool === 'ffmpeg' ? 'ffmpeg-static or @ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
  throw new DecodeError(
    'E_FFMPEG_NOT_FOUND',
    `${tool} not found: set ${envName} to a ${tool} binary, install ${pkgNames}, or put ${tool} on PATH`,
  );
}

/** Chooses ffmpeg and ffprobe; cached per relevant env values. Throws DecodeError E_FFMPEG_NOT_FOUND. */
export function resolveFfmpeg(
  env: NodeJS.ProcessEnv = process.env,
  packages?: PackageCandidates,
): { ffmpeg: ToolChoice; ffprobe: ToolChoice } {
  const pkgs = packages ?? installedPackages();
  const key = JSON.stringify([env.FRAMEWISE_FFMPEG, env.FRAMEWISE_FFPROBE, env.PATH ?? env.Path, pkgs]);
  const hit = cache.get(key);
  if (hit) return hit;
  const choice = { ffmpeg: resolveTool('ffmpeg', env, pkgs), ffprobe: resolveTool('ffprobe', env, pkgs) };
  cache.set(key, choice);
  return choice;
}
