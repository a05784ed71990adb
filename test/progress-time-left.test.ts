import { describe, expect, it } from 'vitest';
import { timeLeft } from '../src/cli/progressBar.js';

describe('timeLeft', () => {
  it('says nothing before any work is done, rather than a time of zero', () => {
    expect(timeLeft(0, 0, 5000)).toBe('--');
    expect(timeLeft(Number.NaN, 0, 5000)).toBe('--');
  });

  it('extends the rate so far to the rest of the work', () => {
    // A quarter done in 10 s: 30 s to go.
    expect(timeLeft(0.25, 1000, 11000)).toBe('30s');
    // 1 % in 2 s: 198 s to go.
    expect(timeLeft(0.01, 0, 2000)).toBe('3m18s');
    // 1 % in 40 s: 3960 s to go.
    expect(timeLeft(0.01, 0, 40000)).toBe('1h06m');
    expect(timeLeft(1, 0, 40000)).toBe('0s');
    // More than the whole (a file longer than announced) is done, not negative.
    expect(timeLeft(1.2, 0, 40000)).toBe('0s');
  });
});
