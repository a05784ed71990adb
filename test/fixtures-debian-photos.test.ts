import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESERVED_PACKAGES } from '../fixtures/debianPackage.js';
import { DEBIAN_TRAINING_PHOTOS, fetchDebianTrainingPhotos } from '../fixtures/debianTrainingPhotos.js';
import { generateFixtures } from '../fixtures/generateFixtures.js';
import { DEFAULT_LIMITS, planVideo } from '../fixtures/planVideo.js';
import { REAL_CLIPS } from '../fixtures/realClips.js';
import { sourceMix, SPLITS } from '../fixtures/splits.js';
import { runCli } from './helpers/cli.js';

const ALLOWED = ['python3-mecavideo', 'forensics-samples-files', 'gem-doc', 'psychtoolbox-3-common'];

describe('training photos from Debian packages', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fw-debphotos-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('come from allowed packages only and never from a real-val source file', () => {
    expect(DEBIAN_TRAINING_PHOTOS.length).toBeGreaterThan(0);
    const valFiles = REAL_CLIPS.flatMap((c) => (c.origin.kind === 'debian' ? [`${c.origin.pkg}/${c.origin.path}`] : []));
    for (const p of DEBIAN_TRAINING_PHOTOS) {
      expect(ALLOWED).toContain(p.pkg);
      expect(RESERVED_PACKAGES).not.toContain(p.pkg);
      expect(valFiles).not.toContain(`${p.pkg}/${p.path}`);
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // Files, not folders: no photo sits in a folder a real-val clip comes from.
    const valDirs = new Set(valFiles.map((f) => dirname(f)));
    for (const p of DEBIAN_TRAINING_PHOTOS) expect(valDirs.has(dirname(`${p.pkg}/${p.path}`))).toBe(false);
  });

  it('join the training splits\' photos only, and plans use them', () => {
    const extra = ['/deb/a.jpg', '/deb/b.jpg'];
    for (const split of SPLITS) {
      const m = sourceMix(split, null, extra);
      if (split === 'train' || split === 'variety') {
        expect(m.photos).toEqual(extra);
        expect(m.weights.photo).toBeGreaterThan(0);
      } else {
        expect(m.photos).toEqual([]);
        expect(m.weights.photo).toBe(0);
      }
    }
    const used = new Set(
      Array.from({ length: 20 }, (_, i) => planVideo(`p${i}`, i, sourceMix('train', null, extra), DEFAULT_LIMITS))
        .flatMap((p) => p.shots)
        .flatMap((s) => (s.shot.source.type === 'photo' ? [s.shot.source.file] : [])),
    );
    expect(used).toEqual(new Set(extra));
  });

  it('are refused for a split that does not train, before anything is downloaded', async () => {
    await expect(generateFixtures({ out: join(root, 'v'), count: 1, seed: 1, split: 'val', footage: null, debianPhotos: join(root, 'never') })).rejects.toThrow(/train and variety/);
    const r = await runCli(['fixtures', '--out', join(root, 'v'), '--split', 'val', '--debian-photos', '--cache', join(root, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--debian-photos.*--split train or variety/);
    expect(existsSync(join(root, 'never'))).toBe(false);
  }, 60_000);

  it('stop at a file whose hash is not the listed one', async () => {
    // A cache as fetchDebianPackage leaves it (the .deb and its unpacked tree), with one photo changed.
    const cache = join(root, 'cache');
    const first = DEBIAN_TRAINING_PHOTOS[0];
    await mkdir(cache, { recursive: true });
    await writeFile(join(cache, `${first.pkg}_0_all.deb`), '');
    const file = join(cache, first.pkg, first.path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, 'not the photograph');
    await expect(fetchDebianTrainingPhotos(cache)).rejects.toThrow(/sha256 .* training photo list/);
  });
});
