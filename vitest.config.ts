import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A temporary folder per run, removed at its end (test/globalSetup.ts).
    globalSetup: ['test/globalSetup.ts'],
    // After every test file: no ffmpeg, ffprobe or redis-server child of the test process is left running.
    setupFiles: ['test/setup/noOrphans.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Tests spawn real ffmpeg processes; two cores are all CI has.
    maxWorkers: 2,
  },
});
