/** `framewise eval --sweep` on the demo video (truth file beside it) with the shipped default model. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../fixtures/generateDemo.js';
import type { SweepReport } from '../pipelines/sweepSensitivity.js';
import type { EvalReport } from '../pipelines/evaluate.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/ffmpeg.js';

let dir: string;
let cache: string;
beforeAll(async () => {
  dir = tempDir('fw-sweep');
  cache = tempDir('fw-sweep-cache');
  await generateDemo(dir);
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

it('scores every cut and gradual offset from -2 to +2; the 0/0 row is what plain eval reports; the table prints', { timeout: 240_000 }, async () => {
  const plain = await runCli(['eval', '--data', dir, '--json', '--cache', cache, '--no-progress'], { timeoutMs: 120_000 });
  expect(plain.code, plain.stderr).toBe(0);
  const report = JSON.parse(plain.stdout) as EvalReport;
  const swept = await runCli(['eval', '--data', dir, '--sweep', '--json', '--cache', cache, '--no-progress'], { timeoutMs: 180_000 });
  expect(swept.code, swept.stderr).toBe(0);
  const sweep = JSON.parse(swept.stdout) as SweepReport;
  expect(sweep.videos).toBe(1);
  const offsets = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];
  expect(sweep.rows.map((r) => [r.cut, r.gradual])).toEqual([...offsets.map((c) => [c, 0]), ...offsets.filter((g) => g !== 0).map((g) => [0, g])]);
  const zero = sweep.rows.find((r) => r.cut === 0 && r.gradual === 0)!;
  expect(zero.overall).toEqual(report.model.transitions.overall);
  expect(zero.cuts).toEqual(report.model.transitions.perKind.cut);
  expect(zero.falseCutsPer5Min).toBe(report.model.falseCutsPer5Min);
  // More eager settings never predict fewer events here than the most reluctant ones.
  const at = (cut: number, gradual: number) => sweep.rows.find((r) => r.cut === cut && r.gradual === gradual)!;
  expect(at(2, 0).cuts.predictions).toBeGreaterThanOrEqual(at(-2, 0).cuts.predictions);
  expect(at(0, 2).graduals.predictions).toBeGreaterThanOrEqual(at(0, -2).graduals.predictions);

  const table = await runCli(['eval', '--data', dir, '--sweep', '--cache', cache, '--no-progress'], { timeoutMs: 180_000 });
  expect(table.code, table.stderr).toBe(0);
  const lines = table.stdout.trimEnd().split('\n');
  expect(lines[1]).toMatch(/^\s*cut\s+gradual\s+cut P\s+cut R\s+cut F1\s+grad P\s+grad R\s+grad F1\s+all P\s+all R\s+all F1\s+false cuts\/5min$/);
  expect(lines).toHaveLength(2 + 17);
});
