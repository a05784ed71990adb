import { describe, expect, it } from 'vitest';
import { labelColours } from '../src/report/labelColours.js';
import { filterValue, overlayCommands, overlayFilterGraph, overlayText, TEXT_FILTER } from '../src/report/overlayPlan.js';
import { summarise } from '../src/report/summarise.js';
import { thumbnailFrames, thumbnailSize } from '../src/report/segmentThumbnails.js';
import { timelineSvg } from '../src/report/timelineSvg.js';
import { videoHref } from '../src/report/writeReport.js';
import { segmentsOf } from '../src/labels/segmentsOf.js';
import type { LabelEvent, VideoInfo } from '../src/types.js';

const info: VideoInfo = { width: 640, height: 360, fps: 25, frames: 10, duration: 0.4, codec: 'h264' };
const labels = ['still', 'cut', 'dissolve'];

function ev(frame: number, label: string, score = 0.9, time = frame / 25): LabelEvent {
  return { frame, time, label, score, scores: { still: 0, cut: 0, dissolve: 0, [label]: score } };
}

describe('overlay plan', () => {
  it('changes the text only when it changes, midway between frame times, on the filter clock', () => {
    // Variable frame rate on purpose: frame 2 comes 0.1 s after frame 1.
    const events = [ev(0, 'still', 0.5, 1.0), ev(1, 'still', 0.5, 1.04), ev(2, 'cut', 0.8, 1.14), ev(3, 'still', 0.8, 1.18)];
    const lines = overlayCommands(events, labels, 1.0).trim().split('\n');
    expect(lines).toEqual([
      `0.090000 ${TEXT_FILTER} reinit 'text=cut 0.80:boxcolor=0xe53935@0.85';`,
      `0.160000 ${TEXT_FILTER} reinit 'text=still 0.80:boxcolor=0x9aa5b1@0.85';`,
    ]);
  });

  it('draws a constant text without a (then empty) sendcmd script, and no text without a font', () => {
    const first = ev(0, 'still', 0.5);
    expect(overlayCommands([first, ev(1, 'still', 0.5)], labels)).toBe('');
    const base = { width: 320, height: 180, first, labels, t0: 0, t1: 1 };
    const constant = overlayFilterGraph({ ...base, commandsFile: null, fontFile: '/f.ttf' });
    expect(constant).toContain(`${TEXT_FILTER}=fontfile=/f.ttf:text=still 0.50:`);
    expect(constant).not.toContain('sendcmd');
    const changing = overlayFilterGraph({ ...base, commandsFile: '/c.txt', fontFile: '/f.ttf' });
    expect(changing).toContain(`[0:v]sendcmd=f=/c.txt,${TEXT_FILTER}=`);
    const bare = overlayFilterGraph({ ...base, commandsFile: '/c.txt', fontFile: null });
    expect(bare).not.toMatch(/drawtext|sendcmd/);
    expect(bare).toContain('[0:v][1:v]overlay=');
  });

  it('keeps label text free of ffmpeg syntax', () => {
    expect(overlayText("it's:a;b,[c]\\%{n}", 0.256)).toBe('it?s?a?b??c????n? 0.26');
    expect(overlayText('fade_in', 1)).toBe('fade_in 1.00');
    expect(filterValue("C:\\a b'[x],y;z")).toBe("C\\\\:\\\\\\\\a b\\\\\\'\\[x\\]\\,y\\;z");
  });
});

describe('report pieces', () => {
  // A cut opens a shot, a dissolve ends one (the segment stage keeps to that succession).
  const events = ['still', 'still', 'cut', 'still', 'still', 'dissolve', 'dissolve', 'dissolve', 'dissolve', 'dissolve'].map((l, i) => ev(i, l));
  const segments = segmentsOf(events);

  it('summarises segments per label, in label order, with times from frame spans', () => {
    expect(segments.map((s) => [s.label, s.start, s.end])).toEqual([['still', 0, 1], ['cut', 2, 2], ['still', 3, 4], ['dissolve', 5, 9]]);
    const rows = summarise({ labels, events, segments, info });
    expect(rows.map((r) => [r.label, r.segments, r.frames])).toEqual([['still', 2, 4], ['cut', 1, 1], ['dissolve', 1, 5]]);
    expect(rows[0].seconds).toBeCloseTo(0.16, 6);
    expect(rows.reduce((a, r) => a + r.seconds, 0)).toBeCloseTo(10 / 25, 6);
  });

  it('draws one strip rectangle per segment, at least a pixel wide, in its label colour', () => {
    const { svg, x0, stripWidth } = timelineSvg({ labels, events, segments, info }, { width: 720 });
    const rects = [...svg.matchAll(/<rect class="seg" data-seg="(\d+)" data-t="([\d.]+)" x="([\d.]+)" y="\d+" width="([\d.]+)" height="\d+" fill="(#[0-9a-f]{6})">/g)];
    expect(rects).toHaveLength(4);
    const colours = labelColours(labels);
    rects.forEach((r, i) => {
      expect(r[5]).toBe(colours[segments[i].label]);
      expect(Number(r[3])).toBeCloseTo(x0 + (segments[i].start / events.length) * stripWidth, 1);
      expect(Number(r[4])).toBeGreaterThanOrEqual(1);
    });
    expect(svg).toMatch(/<text[^>]*>dissolve<\/text>/); // legend
  });

  it('escapes label names in markup', () => {
    const odd = ['<b>&"x"'];
    const { svg } = timelineSvg({ labels: odd, events: [ev(0, odd[0])], segments: segmentsOf([ev(0, odd[0])]), info }, { width: 300 });
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;&amp;&quot;x&quot;');
  });

  it('gives distinct colours to labels of other models', () => {
    const many = Array.from({ length: 12 }, (_, i) => `class${i}`);
    expect(new Set(Object.values(labelColours(many))).size).toBe(12);
  });

  it('picks first/middle/last thumbnails and even thumbnail sizes', () => {
    expect(thumbnailFrames({ start: 10, end: 20 })).toEqual([10, 15, 20]);
    expect(thumbnailFrames({ start: 4, end: 5 })).toEqual([4, 5]);
    expect(thumbnailFrames({ start: 7, end: 7 })).toEqual([7]);
    expect(thumbnailSize({ width: 1920, height: 1080 })).toEqual({ width: 160, height: 90 });
    expect(thumbnailSize({ width: 720, height: 576 }, 161)).toEqual({ width: 162, height: 130 });
  });

  it('links the video relative to the report', () => {
    expect(videoHref('/data/clips/my clip#1.mp4', '/data/reports/r.html')).toBe('../clips/my%20clip%231.mp4');
    expect(videoHref('https://example.org/a.mp4', '/tmp/r.html')).toBe('https://example.org/a.mp4');
  });
});
