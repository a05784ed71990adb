import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../src/errors.js';
import { ffmpegInputName } from '../src/decode/ffmpegInputName.js';
import { FrameNumbering, type FrameNumberingOptions } from '../src/decode/FrameNumbering.js';
import { FrameSplitter } from '../src/decode/frameSplitter.js';
import { isUrlInput } from '../src/decode/isUrlInput.js';
import { videoInfoFromProbe } from '../src/decode/probeVideo.js';
import { resolveFfmpeg } from '../src/decode/ffmpegPath.js';
import { showinfoFilter } from '../src/decode/showinfoFilter.js';
import { showinfoTime } from '../src/decode/showinfoLine.js';
import { StreamInfoFromStderr } from '../src/decode/streamInfoFromStderr.js';
import { deviceInput, listDevicesCommand } from '../src/source/deviceInput.js';

describe('FrameSplitter', () => {
  it('cuts arbitrary chunking into exact, independently owned frames', () => {
    const frameSize = 7;
    const stream = Uint8Array.from({ length: frameSize * 5 }, (_, i) => i);
    for (const cut of [1, 3, 7, 8, 20, 35]) {
      const s = new FrameSplitter(frameSize);
      const out: Uint8Array[] = [];
      for (let o = 0; o < stream.length; o += cut) s.push(stream.subarray(o, o + cut), (f) => out.push(f));
      expect(out.length).toBe(5);
      expect(s.pending).toBe(0);
      out.forEach((f, k) => {
        expect(Array.from(f)).toEqual(Array.from(stream.subarray(k * frameSize, (k + 1) * frameSize)));
        expect(f.byteOffset).toBe(0);
        expect(f.buffer.byteLength).toBe(frameSize); // owns a tight buffer, not a view into the chunk
      });
      expect(new Set(out.map((f) => f.buffer)).size).toBe(5);
    }
  });

  it('cuts writes of frames stacked plane by plane back into frames, whatever the chunking', () => {
    // Three frames of planes 6 + 2 + 2 bytes stacked: the stacked picture's first plane holds each frame's first
    // plane in turn, then the second planes, then the third.
    const planes = [6, 2, 2];
    const frames = [0, 1, 2].map((k) => Uint8Array.from({ length: 10 }, (_, i) => 16 * k + i));
    const stacked: number[] = [];
    let at = 0;
    for (const size of planes) {
      for (const f of frames) stacked.push(...f.subarray(at, at + size));
      at += size;
    }
    const stream = Uint8Array.from([...stacked, ...stacked.map((v) => v + 100)]);
    for (const cut of [1, 4, 10, 30, 60]) {
      const s = new FrameSplitter(10, 3, planes);
      const out: Uint8Array[] = [];
      for (let o = 0; o < stream.length; o += cut) s.push(stream.subarray(o, o + cut), (f) => out.push(f));
      expect(s.pending).toBe(0);
      expect(out.map((f) => Array.from(f))).toEqual([...frames, ...frames.map((f) => f.map((v) => v + 100))].map((f) => Array.from(f)));
    }
    expect(() => new FrameSplitter(10, 3, [6, 2])).toThrow(RangeError);
  });

  it('reports an incomplete trailing frame', () => {
    const s = new FrameSplitter(4);
    const out: Uint8Array[] = [];
    s.push(new Uint8Array(10), (f) => out.push(f));
    expect(out.length).toBe(2);
    expect(s.pending).toBe(2);
  });
});

describe('showinfoTime', () => {
  it('reads the microsecond pts, ignores other lines', () => {
    const line = '[Parsed_showinfo_3 @ 0x10ac5f40] n:  12 pts:12345678901 pts_time:12345.7 pos: 48 fmt:rgb24 s:16x9 i:P';
    expect(showinfoTime(line)).toBeCloseTo(12345.678901, 9);
    expect(showinfoTime('[Parsed_showinfo_3 @ 0x1] n:   0 pts:      0 pts_time:0       pos: 48')).toBe(0);
    expect(showinfoTime('[Parsed_showinfo_3 @ 0x1] n:   4 pts:  NOPTS pts_time:NOPTS pos: 48')).toBeNaN();
    expect(showinfoTime('[Parsed_showinfo_3 @ 0x1] config in time_base: 1/1000000, frame_rate: 25/1')).toBeNull();
    expect(showinfoTime('frame=  10 fps=0.0 q=-0.0 size=')).toBeNull();
  });
});

describe('showinfoFilter', () => {
  it('drops the checksums where the ffmpeg build has the option, and falls back to plain showinfo', () => {
    // The bundled ffmpeg (4.1) has showinfo's checksum option.
    expect(showinfoFilter(resolveFfmpeg().ffmpeg.path)).toBe('showinfo=checksum=0');
    // A binary that cannot describe the filter gets the filter every ffmpeg accepts.
    expect(showinfoFilter('/bin/false')).toBe('showinfo');
  });
});

describe('StreamInfoFromStderr', () => {
  it('takes the input video stream, not the output one', () => {
    const s = new StreamInfoFromStderr();
    const lines = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'pipe:0':",
      '  Duration: 00:01:02.50, start: 0.000000, bitrate: 87 kb/s',
      '    Stream #0:0(und): Audio: aac (LC), 44100 Hz, mono',
      '    Stream #0:1(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 160x120 [SAR 1:1 DAR 4:3], 87 kb/s, 11.70 fps, 25 tbr, 12800 tbn',
      "Output #0, rawvideo, to 'pipe:1':",
      '    Stream #0:0(und): Video: rawvideo (RGB[24] / 0x18424752), rgb24, 16x9, q=2-31, 25 fps, 25 tbn',
    ];
    const found = lines.map((l) => s.line(l)).filter(Boolean);
    expect(found).toEqual([{ width: 160, height: 120, fps: 11.7, frames: Math.round(62.5 * 11.7), duration: 62.5, codec: 'h264' }]);
  });

  it('gives null duration/frames for live inputs', () => {
    const s = new StreamInfoFromStderr();
    s.line("Input #0, video4linux2,v4l2, from '/dev/video0':");
    s.line('  Duration: N/A, start: 1234.5, bitrate: 147456 kb/s');
    expect(s.line('    Stream #0:0: Video: rawvideo (YUY2 / 0x32595559), yuyv422, 640x480, 147456 kb/s, 30 fps, 30 tbr')).toEqual({
      width: 640, height: 480, fps: 30, constantRate: true, frames: null, duration: null, codec: 'rawvideo',
    });
  });
});

describe('input names', () => {
  it('recognises URLs', () => {
    for (const u of ['rtsp://cam/1', 'udp://@:1234', 'http://x/y.mp4', 'HTTPS://x', 'tcp://127.0.0.1:1', 'srt://h:1']) expect(isUrlInput(u)).toBe(true);
    for (const f of ['a.mp4', '/tmp/a b.mp4', 'C:\\v\\a.mp4', 'c:/v/a.mp4', 'clip 12:30.mp4']) expect(isUrlInput(f)).toBe(false);
  });

  it('protects local paths containing a colon from protocol parsing', () => {
    expect(ffmpegInputName('clip 12:30.mp4')).toBe('file:clip 12:30.mp4');
    expect(ffmpegInputName('/tmp/a.mp4')).toBe('/tmp/a.mp4');
    expect(ffmpegInputName('C:\\v\\a.mp4')).toBe('C:\\v\\a.mp4');
    expect(ffmpegInputName('rtsp://h/1')).toBe('rtsp://h/1');
  });
});

describe('deviceInput', () => {
  it('maps linux to v4l2', () => {
    expect(deviceInput('0', 'linux')).toEqual({ input: '/dev/video0', inputArgs: ['-f', 'v4l2'] });
    expect(deviceInput('2', 'linux').input).toBe('/dev/video2');
    expect(deviceInput('/dev/video1', 'linux')).toEqual({ input: '/dev/video1', inputArgs: ['-f', 'v4l2'] });
  });
  it('maps darwin to avfoundation', () => {
    expect(deviceInput('0', 'darwin')).toEqual({ input: '0', inputArgs: ['-f', 'avfoundation'] });
    expect(deviceInput('FaceTime HD Camera', 'darwin').input).toBe('FaceTime HD Camera');
  });
  it('maps win32 to dshow', () => {
    expect(deviceInput('Integrated Camera', 'win32')).toEqual({ input: 'video=Integrated Camera', inputArgs: ['-f', 'dshow'] });
    expect(deviceInput('video=USB Cam', 'win32').input).toBe('video=USB Cam');
  });
  it('refuses empty names and other platforms with a usage error', () => {
    expect(() => deviceInput('  ', 'linux')).toThrow(UsageError);
    expect(() => deviceInput('0', 'aix')).toThrow(/not supported on aix/);
    expect(() => listDevicesCommand('sunos')).toThrow(UsageError);
  });
  it('builds the device-listing command per platform', () => {
    expect(listDevicesCommand('darwin')).toEqual(['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', '']);
    expect(listDevicesCommand('win32')).toEqual(['-hide_banner', '-f', 'dshow', '-list_devices', 'true', '-i', 'dummy']);
    expect(listDevicesCommand('linux')).toContain('v4l2');
  });
});

describe('videoInfoFromProbe', () => {
  it('counts frames by nb_frames, unless it clearly exceeds duration × rate (packets an edit list hides)', () => {
    const probe = (nb: string, duration: string) =>
      videoInfoFromProbe({ streams: [{ codec_type: 'video', width: 64, height: 48, avg_frame_rate: '25/1', r_frame_rate: '25/1', nb_frames: nb, duration }] }, 'a.mp4');
    expect(probe('100', '4.000000')).toMatchObject({ frames: 100, framesCounted: true });
    expect(probe('102', '4.000000')).toMatchObject({ frames: 102, framesCounted: true }); // within the slack
    const edited = probe('456', '15.080000'); // a stream copy from between two keyframes: 377 frames decode
    expect(edited.frames).toBe(377);
    expect(edited.framesCounted).toBeUndefined();
    expect(probe('90', '4.000000')).toMatchObject({ frames: 90, framesCounted: true }); // fewer than the duration's: as counted
  });

  it('ignores cover art and falls back to duration × fps', () => {
    expect(() =>
      videoInfoFromProbe({ streams: [{ codec_type: 'audio' }, { codec_type: 'video', width: 300, height: 300, disposition: { attached_pic: 1 } }] }, 'a.mp3'),
    ).toThrow(InputError);
    const info = videoInfoFromProbe(
      { streams: [{ codec_type: 'video', codec_name: 'vp9', width: 64, height: 48, avg_frame_rate: '0/0', r_frame_rate: '30000/1001' }], format: { duration: '10.010000' } },
      'a.webm',
    );
    expect(info).toEqual({ width: 64, height: 48, fps: 30000 / 1001, frames: 300, duration: 10.01, codec: 'vp9' });
  });

  it('calls a stream constant-rate only when its base and average rates are equal', () => {
    const probe = (avg: string, base: string) =>
      videoInfoFromProbe({ streams: [{ codec_type: 'video', width: 64, height: 48, avg_frame_rate: avg, r_frame_rate: base }] }, 'a.mp4').constantRate;
    expect(probe('25/1', '25/1')).toBe(true);
    expect(probe('30000/1001', '60000/2002')).toBe(true);
    expect(probe('1800000/72071', '25/1')).toBeUndefined(); // variable: 24.98 on average
    expect(probe('0/0', '25/1')).toBeUndefined();
  });
});

describe('FrameNumbering', () => {
  /** Numbers for frames at these times (in frames at 25 fps), in decode order. */
  const numbers = (frameTimes: number[], opts: Partial<FrameNumberingOptions> = {}): number[] => {
    const out: number[] = [];
    const n = new FrameNumbering<number>({ first: () => 0, fps: 25, lookahead: true, ...opts }, (_, index) => out.push(index));
    for (const t of frameTimes) n.push(t, t / 25);
    n.flush();
    return out;
  };

  it('numbers a constant-rate input from its times: frames after a lost stretch keep the source numbers', () => {
    expect(numbers([0, 1, 2, 3, 8, 9, 10])).toEqual([0, 1, 2, 3, 8, 9, 10]);
    expect(numbers([0, 1.02, 1.98, 3.01])).toEqual([0, 1, 2, 3]); // timestamp jitter
  });

  it('never repeats or goes back; a run sharing one timestamp is placed below the frame after it', () => {
    // Near damage, the decoder gave two frames the pts of frame 7.
    expect(numbers([0, 1, 2, 7, 7, 8, 9])).toEqual([0, 1, 2, 6, 7, 8, 9]);
    expect(numbers([0, 1, 7, 7, 7, 8])).toEqual([0, 1, 5, 6, 7, 8]);
    expect(numbers([0, 1, 2, 1, 3])).toEqual([0, 1, 2, 3, 4]); // a late frame cannot step back
    // Without lookahead (a live source), the shared timestamp costs one number from there on.
    expect(numbers([0, 1, 2, 7, 7, 8, 9], { lookahead: false })).toEqual([0, 1, 2, 7, 8, 9, 10]);
  });

  it('numbers a variable-rate input in decode order, from the first number', () => {
    expect(numbers([0, 1, 2, 8, 9], { fps: null })).toEqual([0, 1, 2, 3, 4]);
    expect(numbers([25, 26, 30], { fps: null, first: (t) => Math.round(t * 25) })).toEqual([25, 26, 27]);
    expect(numbers([25, 26, 30], { first: (t) => Math.round(t * 25) })).toEqual([25, 26, 30]);
  });
});
