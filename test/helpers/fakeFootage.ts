import type { FootageIndex } from '../../fixtures/footage.js';

/** A footage folder's index that exists only by name (12 photos, 10 clips): for plans, which never open a file. */
export const FAKE_FOOTAGE: FootageIndex = {
  dir: '/f',
  photos: Array.from({ length: 12 }, (_, i) => `/f/photos/p-${String(i).padStart(2, '0')}.jpg`),
  clips: Array.from({ length: 10 }, (_, i) => `/f/clips/asl-${i}.mkv`),
};
