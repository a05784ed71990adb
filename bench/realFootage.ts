/**
 * Real footage for the benchmark: camera noise, real motion and an H.264 stream from a real encoder decode
 * differently from lavfi test patterns. Builds, once (cached under .cache/bench/):
 *   - real360.mp4: about 4 minutes of 640x360, 25 fps, libx264 -preset medium -crf 23, made of real camera clips and
 *     photographs under a slow zoom, each scaled and cropped to 640x360 and concatenated (looped, alternately
 *     forwards and backwards through the list, until 4 minutes are reached);
 *   - real1080.mp4: its first minute re-encoded at 1920x1080 with the same settings.
 * Sources, each used when present and skipped with a message when not:
 *   - the clips and photographs of the shared footage folder (FRAMEWISE_FOOTAGE, default ../shared/footage beside
 *     the repository): clips/*.mkv|gif|…, photos/*.jpg|png;
 *   - the phone videos of Debian's forensics-samples-files and the fixed-camera clips of python3-mecavideo, fetched
 *     with `apt-get download` + `dpkg-deb -x` into .cache/bench/deb (never committed).
 *
 *   npx tsx bench/realFootage.ts          (prints the two paths; BENCH_REBUILD=1 makes them again)
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fetchDebianPackage } from '../fixtures/debianPackage.js';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { probeVideo } from '../src/decode/probeVideo.js';
import { runFfmpeg } from '../src/ffmpeg/runFfmpeg.js';
import { packageRoot } from '../src/packageRoot.js';
import { requireSuccess } from './runProgram.js';

const CACHE = join(packageRoot, '.cache', 'bench');
const SECONDS = 240;
const FPS = 25;
/** A photograph is held this long under its zoom. */
const PHOTO_SECONDS = 5;
/** No single clip may dominate the mix (some Debian clips are long). */
const MAX_CLIP_SECONDS = 20;
const VIDEO = /\.(mkv|mp4|mov|avi|webm|ogv|gif|mpg|3gp)$/i;
const PHOTO = /\.(jpe?g|png)$/i;
const ENCODE = ['-c:v', 'libx264', '-preset', 'medium', '-crf', '23', '-pix_fmt', 'yuv420p'];
/** Debian packages and the folder inside each that holds the videos wanted. */
const DEBIAN: ReadonlyArray<{ pkg: string; dir: string; only?: RegExp }> = [
  { pkg: 'forensics-samples-files', dir: 'usr/share/forensics-samples/original-files', only: /\.mp4$/i },
  { pkg: 'python3-mecavideo', dir: 'usr/share/pymecavideo/data/video' },
];

export interface RealFootage {
  file360: string;
  file1080: string;
}

const FIT = 'scale=640:360:force_original_aspect_ratio=increase:flags=bicubic,crop=640:360,setsar=1';

function footageDir(): string {
  return resolve(packageRoot, process.env.FRAMEWISE_FOOTAGE ?? join('..', 'shared', 'footage'));
}

function filesIn(dir: string, re: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesIn(path, re));
    else if (re.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** The Debian packages' videos, downloaded and unpacked once; a package that cannot be had is skipped. */
async function debianVideos(log: (line: string) => void): Promise<string[]> {
  const out: string[] = [];
  for (const { pkg, dir, only } of DEBIAN) {
    const unpacked = await fetchDebianPackage(pkg, join(CACHE, 'deb')).catch((err: unknown) => {
      log(`real footage: ${pkg} skipped (${err instanceof Error ? err.message : String(err)})`);
      return null;
    });
    if (unpacked === null) continue;
    const videos = filesIn(join(unpacked.root, dir), only ?? VIDEO);
    if (videos.length === 0) log(`real footage: ${pkg} has no videos under ${dir}`);
    out.push(...videos);
  }
  return out;
}

async function ffmpeg(what: string, args: string[]): Promise<void> {
  const run = await runFfmpeg('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { tailLines: 50 });
  requireSuccess(`ffmpeg (${what})`, run);
}

/** One piece of the mix at 640x360, 25 fps, nearly lossless (the final encode sets the quality). */
async function piece(source: string, out: string, photo: boolean): Promise<void> {
  const lossless = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '12', '-pix_fmt', 'yuv420p', '-an'];
  if (photo) {
    // zoompan makes d frames per input frame: with d=1 and a looped still, each input frame is one output frame,
    // and the zoom follows the output frame number `on`; -frames:v sets the length.
    const zoom = `zoompan=z='1+0.0015*on':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=640x360:fps=${FPS}`;
    await ffmpeg(basename(source), [
      '-loop', '1', '-framerate', String(FPS), '-i', source,
      '-vf', `scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,${zoom},setsar=1`,
      '-frames:v', String(PHOTO_SECONDS * FPS), ...lossless, out,
    ]);
    return;
  }
  await ffmpeg(basename(source), ['-t', String(MAX_CLIP_SECONDS), '-i', source, '-map', '0:v:0', '-vf', `${FIT},fps=${FPS}`, ...lossless, out]);
}

/** Builds (or finds) the two files; null when no real source is available at all. */
export async function realFootage(log: (line: string) => void = console.log): Promise<RealFootage | null> {
  const file360 = join(CACHE, 'real360.mp4');
  const file1080 = join(CACHE, 'real1080.mp4');
  const rebuild = process.env.BENCH_REBUILD === '1';
  if (!rebuild && existsSync(file360) && existsSync(file1080)) return { file360, file1080 };

  const footage = footageDir();
  const clips = filesIn(join(footage, 'clips'), VIDEO);
  const photos = filesIn(join(footage, 'photos'), PHOTO);
  if (clips.length + photos.length === 0) log(`real footage: no clips or photos in ${footage} (set FRAMEWISE_FOOTAGE)`);
  const debian = await debianVideos(log);
  const sources = [...clips.map((f) => ({ f, photo: false })), ...debian.map((f) => ({ f, photo: false })), ...photos.map((f) => ({ f, photo: true }))];
  if (sources.length === 0) {
    log('real footage: no source available; the bench measures generated files only');
    return null;
  }
  // Interleave photographs with clips so that the first minute (the 1080p file) holds both kinds.
  const videos = sources.filter((s) => !s.photo);
  const stills = sources.filter((s) => s.photo);
  const order: typeof sources = [];
  let placed = 0;
  for (const [i, v] of videos.entries()) {
    order.push(v);
    while (placed < stills.length && placed < ((i + 1) * stills.length) / videos.length) order.push(stills[placed++]);
  }
  order.push(...stills.slice(placed));

  const work = join(CACHE, 'real-pieces');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const pieces: Array<{ file: string; seconds: number }> = [];
  for (const [i, s] of order.entries()) {
    const out = join(work, `${String(i).padStart(3, '0')}-${basename(s.f, extname(s.f))}.mp4`);
    try {
      await piece(s.f, out, s.photo);
      const info = await probeVideo(out);
      pieces.push({ file: out, seconds: info.duration ?? (info.frames ?? 0) / FPS });
    } catch (err) {
      log(`real footage: ${s.f} skipped (${(err as Error).message.split('\n')[0]})`);
    }
  }
  const unique = pieces.reduce((t, p) => t + p.seconds, 0);
  if (unique <= 0) return null;
  log(`real footage: ${pieces.length} pieces (${clips.length} shared clips, ${debian.length} Debian videos, ${photos.length} photographs), ${unique.toFixed(0)} s before looping`);

  // Forwards, then backwards, … through the list until the length is reached (-t cuts the last pass).
  const lines: string[] = [];
  for (let total = 0, pass = 0; total < SECONDS; pass++) {
    for (const p of pass % 2 === 0 ? pieces : [...pieces].reverse()) {
      lines.push(`file '${p.file.replace(/'/g, "'\\''")}'`);
      total += p.seconds;
    }
  }
  const list = join(work, 'list.txt');
  writeFileSync(list, lines.join('\n') + '\n');
  mkdirSync(dirname(file360), { recursive: true });
  await ffmpeg('real360', ['-f', 'concat', '-safe', '0', '-i', list, '-t', String(SECONDS), '-r', String(FPS), ...ENCODE, '-an', `${file360}.tmp.mp4`]);
  renameSync(`${file360}.tmp.mp4`, file360);
  await ffmpeg('real1080', ['-i', file360, '-t', '60', '-vf', 'scale=1920:1080:flags=bicubic', ...ENCODE, '-an', `${file1080}.tmp.mp4`]);
  renameSync(`${file1080}.tmp.mp4`, file1080);
  rmSync(work, { recursive: true, force: true });
  return { file360, file1080 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await realFootage();
  console.log(r ? `${r.file360}\n${r.file1080}` : 'no real footage');
}
