import { describe, expect, it } from 'vitest';
import { FilesShare } from '../src/cli/FilesShare.js';

describe('FilesShare (the progress of label with several files)', () => {
  it('weighs each file by its size and a running one by its frames against those expected', () => {
    const share = new FilesShare([['a.mp4', 300], ['b.mp4', 100]]);
    expect(share.done).toBe(0);
    share.expect('a.mp4', 10);
    for (let i = 0; i < 5; i++) share.frame('a.mp4');
    expect(share.done).toBeCloseTo(150 / 400);
    share.finish('b.mp4');
    expect(share.done).toBeCloseTo(250 / 400);
    // More frames than the probe announced count as the whole file, not more.
    for (let i = 0; i < 20; i++) share.frame('a.mp4');
    expect(share.done).toBeCloseTo(1);
  });

  it('counts nothing of a running file whose frame count is unknown, until it ends', () => {
    const share = new FilesShare([['a.mp4', 100], ['b.mp4', 100]]);
    share.expect('a.mp4', null);
    share.frame('a.mp4');
    expect(share.done).toBe(0);
    share.finish('a.mp4');
    expect(share.done).toBeCloseTo(0.5);
  });

  it('gives a URL or an empty file (size 0) the mean weight of the others, and all of them equal weights when none is known', () => {
    const share = new FilesShare([['a.mp4', 100], ['rtsp://camera/1', 0], ['c.mp4', 300]]);
    share.finish('rtsp://camera/1');
    expect(share.done).toBeCloseTo(200 / 600);
    const unknown = new FilesShare([['x', 0], ['y', 0]]);
    unknown.finish('x');
    expect(unknown.done).toBeCloseTo(0.5);
  });

  it('refuses a file it was not given', () => {
    expect(() => new FilesShare([['a.mp4', 1]]).frame('b.mp4')).toThrow(/b\.mp4 is not one of the files/);
  });
});
