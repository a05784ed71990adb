import { describe, expect, it } from 'vitest';
import type { FeatureFrame } from '../src/features/FeatureFrame.js';
import { FeatureLayout } from '../src/features/FeatureLayout.js';
import type { FeatureStage } from '../src/features/FeatureStage.js';
import { FEATURE_VERSIONS, featureNames, featureSpecNamed } from '../src/features/featureSpec.js';
import { FEATURE_LAYOUTS, FW_V2, FW_V3, FW_V4, FW_V5 } from '../src/features/featureVersions.js';
import { appearance } from '../src/features/stages/appearance.js';
import { gridChange } from '../src/features/stages/gridChange.js';
import { logChanges } from '../src/features/stages/logChanges.js';
import { lumaChange } from '../src/features/stages/lumaChange.js';

/** A stage writing constants, for layouts made up in the tests. */
const constant = (id: string, names: string[]): FeatureStage => ({
  id,
  names,
  create: () => (_f: FeatureFrame, out: Float32Array, o: number) => {
    for (let k = 0; k < names.length; k++) out[o + k] = k + 1;
  },
});

describe('feature version declarations', () => {
  it('derive each version: its names are its stages’ names, stage after stage, at the stages’ offsets', () => {
    expect(FEATURE_VERSIONS).toEqual([FW_V2, FW_V3, FW_V4, FW_V5]);
    for (const version of FEATURE_VERSIONS) {
      const layout = FEATURE_LAYOUTS.get(version);
      if (!layout) throw new Error(version);
      expect(layout.names).toEqual(layout.stages.flatMap((s) => s.names));
      expect(featureNames(featureSpecNamed(version))).toEqual(layout.names);
      expect(featureSpecNamed(version).dim).toBe(layout.dim);
      layout.stages.forEach((stage, i) => expect(layout.names.slice(layout.offsets[i], layout.offsets[i] + stage.names.length)).toEqual(stage.names));
    }
  });

  it('each later version extends the one before with stages of its own', () => {
    const versions = [FW_V2, FW_V3, FW_V4, FW_V5].map((v) => FEATURE_LAYOUTS.get(v)?.stages ?? []);
    for (let i = 1; i < versions.length; i++) {
      expect(versions[i].slice(0, versions[i - 1].length)).toEqual(versions[i - 1]);
      expect(versions[i].length).toBeGreaterThan(versions[i - 1].length);
    }
  });

  it('refuses a name written twice', () => {
    expect(() => new FeatureLayout({ name: 'x', stages: [appearance, constant('again', ['white_frac'])] })).toThrow(/again writes "white_frac" again/);
  });

  it('lets a stage read only values a stage before it writes, and a run of them only in order', () => {
    const stages = [appearance, lumaChange, gridChange, logChanges];
    const layout = new FeatureLayout({ name: 'x', stages });
    expect(layout.input('mad_2', logChanges)).toBe(appearance.names.length + 1);
    expect(() => layout.input('luma_mean', appearance)).toThrow(/appearance reads "luma_mean", which no stage before it writes/);
    expect(() => layout.input('mc_mad', logChanges)).toThrow(/no stage before it writes/);
    expect(() => layout.inputRun(['mad_2', 'mad_1'], logChanges)).toThrow(/not in order/);
    expect(layout.inputRun(['mad_1', 'mad_2', 'mad_4'], logChanges)).toBe(appearance.names.length);
    // fw-v3's log stage without the values it reads (mc_mad, corr_1, ...) cannot be made.
    expect(() => logChanges.create(layout, {})).toThrow(/logChanges reads "mad16_1"/);
  });

  it('runs made-up stages at their offsets', () => {
    const layout = new FeatureLayout({ name: 'x', stages: [constant('a', ['a1', 'a2']), constant('b', ['b1', 'b2', 'b3'])] });
    expect(layout.offsets).toEqual([0, 2]);
    const out = new Float32Array(layout.dim);
    layout.stages.forEach((s, i) => s.create(layout, {})({} as FeatureFrame, out, layout.offsets[i]));
    expect([...out]).toEqual([1, 2, 1, 2, 3]);
  });
});
