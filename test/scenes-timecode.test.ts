/**
 * Timecodes checked against a reference written here from the drop-frame rule itself (not the module's
 * arithmetic): a counter that steps one label per frame and skips the labels the rule drops.
 */
import { describe, expect, it } from 'vitest';
import { frameRateOf } from '../src/scenes/FrameRate.js';
import { Timecode } from '../src/scenes/Timecode.js';
import { countedLabels } from './helpers/timecodeReference.js';

describe('frameRateOf', () => {
  it('snaps probed rates to the exact rate they stand for', () => {
    expect(frameRateOf(29.97002997)).toEqual({ num: 30000, den: 1001 });
    expect(frameRateOf(29.97)).toEqual({ num: 30000, den: 1001 });
    expect(frameRateOf(23.976)).toEqual({ num: 24000, den: 1001 });
    expect(frameRateOf(59.94)).toEqual({ num: 60000, den: 1001 });
    expect(frameRateOf(25)).toEqual({ num: 25, den: 1 });
    expect(frameRateOf(60.0000001)).toEqual({ num: 60, den: 1 });
    expect(frameRateOf(12.5)).toEqual({ num: 25, den: 2 });
    expect(() => frameRateOf(0)).toThrow(RangeError);
  });
});

describe('Timecode', () => {
  const cases = [
    { name: '29.97 drop-frame', rate: { num: 30000, den: 1001 }, nominal: 30, drop: 2 },
    { name: '59.94 drop-frame', rate: { num: 60000, den: 1001 }, nominal: 60, drop: 4 },
    { name: '23.976', rate: { num: 24000, den: 1001 }, nominal: 24, drop: 0 },
    { name: '25', rate: { num: 25, den: 1 }, nominal: 25, drop: 0 },
    { name: '60', rate: { num: 60, den: 1 }, nominal: 60, drop: 0 },
  ];
  for (const c of cases) {
    it(`${c.name}: every frame of 21 minutes has the counted label, and reads back`, () => {
      const tc = new Timecode(c.rate);
      expect(tc.dropFrame).toBe(c.drop > 0);
      expect(tc.nominal).toBe(c.nominal);
      const n = Math.ceil((21 * 60 * c.rate.num) / c.rate.den);
      const labels = countedLabels(n, c.nominal, c.drop);
      for (let f = 0; f < n; f++) {
        const label = tc.smpte(f);
        if (label !== labels[f]) expect(`${f}: ${label}`).toBe(`${f}: ${labels[f]}`);
        if (tc.frame(label) !== f) expect(`${label} → ${tc.frame(label)}`).toBe(`${label} → ${f}`);
      }
    });
  }

  it('drop-frame keeps up with the clock: one hour of 29.97 is 01:00:00;00 at frame 107892', () => {
    const tc = new Timecode({ num: 30000, den: 1001 });
    expect(tc.smpte(107892)).toBe('01:00:00;00');
    expect(tc.smpte(1800)).toBe('00:01:00;02');
    expect(tc.smpte(17982)).toBe('00:10:00;00');
    expect(tc.clock(107892)).toBe('00:59:59.996');
  });

  it('refuses labels that drop-frame skips and malformed timecodes', () => {
    const tc = new Timecode({ num: 30000, den: 1001 });
    expect(() => tc.frame('00:01:00;01')).toThrow(/does not exist/);
    expect(tc.frame('00:10:00;00')).toBe(17982);
    expect(() => tc.frame('00:00:00;30')).toThrow(/not a timecode at 30 fps/);
    expect(() => tc.frame('1:2:3')).toThrow(/not a timecode/);
  });

  it('clock times are the frame start to the millisecond', () => {
    const tc = new Timecode({ num: 24000, den: 1001 });
    expect(tc.clock(24)).toBe('00:00:01.001');
    expect(tc.seconds(24000)).toBeCloseTo(1001, 9);
  });
});
