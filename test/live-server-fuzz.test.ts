/**
 * Seeded fuzzing of a running live server: malformed HTTP requests and upgrades, malformed and fragmented WebSocket
 * frames, 1,000 rapid connections, slow and silent clients. After each batch a normal client must still get the
 * page, a WebSocket hello and a label for a frame; the heap after everything stays near the heap before.
 */
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LiveServer } from '../src/live/liveServer.js';
import { startLivePage } from '../pipelines/livePage.js';
import { randomModel } from './helpers/live.js';
import { rawExchange, statusOf } from './helpers/rawHttp.js';

const model = randomModel(0);
const { width: W, height: H } = model.meta.feature;
const FRAME_BYTES = W * H * 4;
const LIMITS = { idleTimeoutMs: 1500, pingIntervalMs: 300 };

/** A small seeded generator (mulberry32): the same cases on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(30);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(0, 255)));

/** A function that runs the collector, if it can be had (heap figures after collection are comparable). */
function collector(): (() => void) | null {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('typeof gc === "function" ? gc : null') as (() => void) | null;
  return gc;
}

let server: LiveServer;
let port: number;
let host: string;
let checks = 0;

/** A normal client: the page, a WebSocket hello, and a label for one frame. */
async function serving(): Promise<void> {
  const page = await fetch(server.url);
  expect(page.status).toBe(200);
  await page.text();
  const ws = new WebSocket(`ws://${host}/ws`);
  ws.on('error', () => {});
  const label = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no label within 10 s')), 10_000);
    ws.on('message', (d) => {
      const msg = JSON.parse(String(d)) as { type: string };
      if (msg.type === 'hello') ws.send(Buffer.alloc(FRAME_BYTES, 77));
      if (msg.type === 'label') {
        clearTimeout(timer);
        resolve();
      }
    });
    ws.once('unexpected-response', (_q, r) => reject(new Error(`HTTP ${r.statusCode}`)));
  });
  await label;
  ws.close();
  checks++;
}

/** Runs `jobs` with at most `n` at a time. */
async function pool<T>(jobs: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

/** One WebSocket frame as a client sends it (masked unless told otherwise). */
function wsFrame(opcode: number, payload: Buffer, opts: { fin?: boolean; rsv?: number; mask?: boolean; declaredLength?: bigint } = {}): Buffer {
  const fin = opts.fin ?? true;
  const mask = opts.mask ?? true;
  const len = opts.declaredLength ?? BigInt(payload.length);
  const head: number[] = [(fin ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | (opcode & 0x0f)];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126n) head.push(m | Number(len));
  else if (len < 65536n) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(len));
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(len);
  }
  const key = mask ? bytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (mask) for (let i = 0; i < body.length; i++) body[i] ^= key[i % 4];
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

const HANDSHAKE = (h: string): string =>
  `GET /ws HTTP/1.1\r\nHost: ${h}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** Opens a raw WebSocket, sends `frames` after the handshake, and reports what came back before the server closed it (or `waitMs`). */
function rawWs(frames: Buffer[], waitMs = 1500): Promise<{ text: string; closedByServer: boolean }> {
  return rawExchange(port, [HANDSHAKE(host), ...frames], waitMs);
}

beforeAll(async () => {
  server = await startLivePage({ port: 0, model, limits: LIMITS, maxConnections: 16 });
  port = server.port;
  host = `127.0.0.1:${port}`;
});
afterAll(async () => server?.close());

describe('live server under fuzzing (seeded)', () => {
  const gc = collector();
  let heapBefore = 0;
  let sent = 0;

  it('serves a normal client before anything', async () => {
    await serving();
    await serving();
    gc?.();
    heapBefore = process.memoryUsage().heapUsed;
  });

  it('answers 100 malformed HTTP requests with an error status or a closed connection', async () => {
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'get', 'G\u00e9T', 'CONNECT', 'TRACE', 'X'.repeat(300), '', 'GET GET'];
    const targets = ['http://[', '//[', '*', '/\u0000', '/%zz', '/../../etc/passwd', '/ws?x=%', 'http://', '/' + 'a'.repeat(9000), 'javascript:alert(1)', '\\\\x', '/stats#', '/\r'];
    const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', 'HTTP/1', '', 'HTTPS/1.1'];
    const jobs = Array.from({ length: 100 }, (_, i) => {
      const headers: string[] = [];
      const kind = i % 5;
      if (kind !== 1) headers.push(`Host: ${pick([host, 'evil.example', '', host + host, '[', 'localhost:' + port])}`);
      if (kind === 2) headers.push(`X-Big: ${'b'.repeat(int(4000, 40000))}`);
      if (kind === 3) headers.push('no colon here', `${bytes(8).toString('latin1')}: ${bytes(16).toString('latin1')}`);
      if (kind === 4) headers.push('Content-Length: ' + pick(['-1', '99999999999', 'abc', '5\r\nContent-Length: 6']), 'Transfer-Encoding: ' + pick(['chunked', 'gzip, chunked', 'x']));
      const eol = pick(['\r\n', '\r\n', '\n']);
      const text = `${pick(methods)} ${pick(targets)} ${pick(versions)}${eol}${headers.join(eol)}${eol}${eol}${kind === 4 ? bytes(int(0, 64)).toString('latin1') : ''}`;
      return async () => {
        const r = await rawExchange(port, Buffer.from(text, 'latin1'), 3000);
        return { status: statusOf(r.text), closed: r.closedByServer };
      };
    });
    const results = await pool(jobs, 10);
    sent += results.length;
    for (const r of results) {
      // Either an answer with a status, or the server hung up (never a silent open connection past the timeouts).
      expect(r.status !== null || r.closed).toBe(true);
    }
    await serving();
  }, 60_000);

  it('refuses 60 malformed WebSocket handshakes', async () => {
    const variants: Array<() => string> = [
      () => HANDSHAKE(host).replace('dGhlIHNhbXBsZSBub25jZQ==', pick(['', 'short', 'x'.repeat(200), '!!!!!!!!!!!!!!!!!!!!!!==', bytes(16).toString('base64') + 'AA'])),
      () => HANDSHAKE(host).replace('Version: 13', `Version: ${pick(['7', '99', '', 'x'])}`), // ws speaks 8 and 13
      () => HANDSHAKE(host).replace('Upgrade: websocket', `Upgrade: ${pick(['h2c', 'websocket2', ''])}`),
      () => HANDSHAKE(host).replace('GET /ws', pick(['POST /ws', 'GET /ws/../ws2', 'GET http://[', 'GET /nope'])),
      () => HANDSHAKE(pick(['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`])),
      () => HANDSHAKE(host).replace('\r\n\r\n', `\r\nOrigin: ${pick(['http://evil.example', 'null', 'file://', `http://${host}.evil.example`, 'ht!tp://x'])}\r\n\r\n`),
    ];
    const jobs = Array.from({ length: 60 }, (_, i) => {
      const text = variants[i % variants.length]();
      return async () => statusOf((await rawExchange(port, Buffer.from(text, 'latin1'), 3000, true)).text);
    });
    const statuses = await pool(jobs, 8);
    sent += statuses.length;
    for (const s of statuses) expect(s === null || (s >= 400 && s < 500)).toBe(true);
    expect(statuses.filter((s) => s === 403).length).toBeGreaterThanOrEqual(19);
    await serving();
  }, 60_000);

  it('survives 120 malformed, oversized and fragmented WebSocket frames', async () => {
    const frame = Buffer.alloc(FRAME_BYTES, 9);
    const cases: Array<() => Buffer[]> = [
      () => [wsFrame(pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), bytes(int(0, 50)))], // reserved opcodes
      () => [wsFrame(2, bytes(int(0, 50)), { rsv: int(1, 7) })], // reserved bits, no extension agreed
      () => [wsFrame(2, bytes(int(1, 50)), { mask: false })], // clients must mask
      () => [wsFrame(2, bytes(16), { declaredLength: BigInt(pick([FRAME_BYTES + 1, 1 << 30, Number.MAX_SAFE_INTEGER])) })], // oversized
      () => [wsFrame(9, bytes(int(126, 300)))], // control frame over 125 bytes
      () => [wsFrame(9, bytes(10), { fin: false })], // fragmented control frame
      () => [wsFrame(0, bytes(20))], // continuation with nothing to continue
      () => [wsFrame(2, bytes(20), { fin: false }), wsFrame(1, bytes(20))], // new message inside a fragmented one
      () => [wsFrame(1, Buffer.from([0xff, 0xfe, 0xc0, 0x80]))], // invalid UTF-8 text
      () => [wsFrame(1, Buffer.from(pick(['{"type":"reset"', '{"type":"nope"}', 'null', '[]', '{"__proto__":{"type":"reset"}}'])))],
      () => [wsFrame(8, Buffer.from([0x03, 0xe7 /* 999: reserved close code */]))],
      () => [wsFrame(2, bytes(int(1, FRAME_BYTES - 1)))], // wrong frame size
      () => Array.from({ length: 3 }, (_, k) => wsFrame(k === 0 ? 2 : 0, frame.subarray(k * (FRAME_BYTES / 4), (k + 1) * (FRAME_BYTES / 4)), { fin: false })).concat(wsFrame(0, frame.subarray((3 * FRAME_BYTES) / 4))), // a valid frame in 4 fragments
      () => Array.from({ length: 40 }, () => wsFrame(2, bytes(8), { fin: false })).concat(wsFrame(0, bytes(FRAME_BYTES))), // fragments adding up past the limit
      () => [wsFrame(2, frame).subarray(0, int(1, 100))], // a frame cut short (then silence)
    ];
    const jobs = Array.from({ length: 120 }, (_, i) => {
      const c = i % cases.length;
      const frames = cases[c]();
      return async () => ({ c, frames: frames.length, ...(await rawWs(frames, c === 14 ? 800 : 1500)) });
    });
    const results = await pool(jobs, 4);
    sent += results.reduce((n, r) => n + r.frames, 0);
    for (const r of results) {
      expect(statusOf(r.text)).toBe(101);
      if (r.c === 12) expect(r.text).toContain('"type":"label"'); // fragments reassembled into one frame
      else if (r.c !== 9 && r.c !== 14) expect(r.closedByServer).toBe(true); // a protocol error ends the connection
    }
    await serving();
  }, 120_000);

  it('takes 1,000 rapid connections that vanish, half-sent or empty', async () => {
    const jobs = Array.from({ length: 1000 }, (_, i) => () =>
      new Promise<void>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.on('connect', () => {
          if (i % 3 === 1) s.write(`GET / HTTP/1.1\r\nHost: ${host}\r\n`);
          if (i % 3 === 2) s.write(HANDSHAKE(host).slice(0, int(1, 80)));
          s.destroy();
        });
      }),
    );
    await pool(jobs, 100);
    sent += jobs.length;
    await serving();
  }, 60_000);

  it('closes slow (one byte at a time) and silent clients within its timeouts', async () => {
    const slow = (text: string): Promise<boolean> =>
      new Promise((resolve) => {
        const s: Socket = connect(port, '127.0.0.1');
        let i = 0;
        const timer = setInterval(() => {
          if (i < text.length && s.writable) s.write(text[i++]);
        }, 100);
        const give = setTimeout(() => finish(false), 8000);
        const finish = (byServer: boolean): void => {
          clearInterval(timer);
          clearTimeout(give);
          s.destroy();
          resolve(byServer);
        };
        s.on('error', () => finish(true));
        s.on('close', () => finish(true));
      });
    const slowHeaders = Array.from({ length: 10 }, () => slow(`GET / HTTP/1.1\r\nHost: ${host}\r\nX-Slow: ${'s'.repeat(200)}\r\n\r\n`));
    const slowUpgrades = Array.from({ length: 5 }, () => slow(HANDSHAKE(host) + 'x'.repeat(200)));
    const idle = Array.from({ length: 5 }, () => slow('')); // connects, says nothing
    // A WebSocket that never answers a ping (a raw socket does not): cut after a missed ping.
    const silentWs = Array.from({ length: 3 }, () => rawWs([], 8000).then((r) => r.closedByServer));
    const during = serving(); // a normal client meanwhile
    const closed = await Promise.all([...slowHeaders, ...slowUpgrades, ...idle, ...silentWs]);
    await during;
    sent += closed.length;
    expect(closed.every((c) => c)).toBe(true);
    await serving();
  }, 60_000);

  it('keeps its heap: within 32 MB of where it started, after collection', async () => {
    expect(sent).toBeGreaterThanOrEqual(200);
    expect(checks).toBeGreaterThanOrEqual(6);
    await new Promise((r) => setTimeout(r, 500));
    gc?.();
    const grown = process.memoryUsage().heapUsed - heapBefore;
    console.log(`fuzz: ${sent} requests, frames and connections; heap ${(grown / 1048576).toFixed(1)} MB over the start${gc ? ' (after gc)' : ''}`);
    expect(grown).toBeLessThan(32 * 1048576);
  });
});
