import { describe, expect, it } from 'vitest';
import { FilesShare } from '../src/cli/FilesShare.js';

describe('FilesShare (the progress of label with several files)', () => {
  it('weighs each file by its size and a running one by its frames against those expected', () => {
    const share = new FilesShare([300, 100]);
    expect(share.done).toBe(0);
    share.expect(0, 10);
    for (let i = 0; i < 5; i++) share.frame(0);
    expect(share.done).toBeCloseTo(150 / 400);
    share.finish(1);
    expect(share.done).toBeCloseTo(250 / 400);
    // More frames than the probe announced count as the whole file, not more.
    for (let i = 0; i < 20; i++) share.frame(0);
    expect(share.done).toBeCloseTo(1);
  });

  it('counts nothing of a running file whose frame count is unknown, until it ends', () => {
    const share = new FilesShare([100, 100]);
    share.expect(0, null);
    share.frame(0);
    expect(share.done).toBe(0);
    share.finish(0);
    expect(share.done).toBeCloseTo(0.5);
  });

  it('gives a URL or an empty file (size 0) the mean weight of the others, and all of them equal weights when none is known', () => {
    const share = new FilesShare([100, 0, 300]);
    share.finish(1);
    expect(share.done).toBeCloseTo(200 / 600);
    const unknown = new FilesShare([0, 0]);
    unknown.finish(0);
    expect(unknown.done).toBeCloseTo(0.5);
  });
});
