/**
 * The live server against requests a script or a hostile web page would send: targets that are not paths, DNS
 * rebinding (another site's name in Host and Origin), credentials in the source's name.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LiveServer } from '../src/live/liveServer.js';
import { startLivePage } from '../pipelines/livePage.js';
import { FramewiseError } from '../src/errors.js';
import { redactUrl } from '../src/source/redactUrl.js';
import { CLI } from './helpers/cli.js';
import { randomModel } from './helpers/live.js';
import { rawExchange, rawGet, statusOf, upgradeHeaders } from './helpers/rawHttp.js';

const model = randomModel(0);
let server: LiveServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** Opens a WebSocket with these headers; resolves with the hello message, or rejects with the HTTP status. */
function hello(port: number, headers: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    ws.on('error', () => {});
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('message', (d) => {
      resolve(JSON.parse(String(d)) as Record<string, unknown>);
      ws.close();
    });
  });
}

async function pageServes(s: LiveServer): Promise<void> {
  const res = await fetch(s.url);
  expect(res.status).toBe(200);
  await res.text();
}

describe('live server: request targets that are not paths', () => {
  const targets = ['http://[', 'http://[::1', '//[', '*', 'http://', '/%', 'ftp://x:y@[z]/'];

  it('answers 400 to the page route and keeps serving', async () => {
    server = await startLivePage({ port: 0, model });
    const host = `127.0.0.1:${server.port}`;
    for (const target of targets) {
      expect(await rawGet(server.port, target, { Host: host }), target).toBe(target === '/%' ? 404 : 400);
      await pageServes(server);
    }
  });

  it('answers 400 to a WebSocket upgrade and keeps serving', async () => {
    server = await startLivePage({ port: 0, model });
    const host = `127.0.0.1:${server.port}`;
    for (const target of targets) {
      expect(await rawGet(server.port, target, upgradeHeaders(host)), target).toBe(target === '/%' ? 403 : 400);
      await pageServes(server);
    }
    // A normal WebSocket still gets its hello.
    expect(await hello(server.port, {})).toMatchObject({ type: 'hello' });
  });
});

describe('live server: Host and Origin (DNS rebinding)', () => {
  it('answers only its own address and the allowed names, for the page, /stats and the WebSocket', async () => {
    server = await startLivePage({ port: 0, model, allowedHosts: ['cam.example'], stats: () => ({ frames: 1, labelled: 1, drops: 0, latencyP50: 0, latencyP99: 0, processingP50: 0, processingP99: 0 }) });
    const { port } = server;
    for (const path of ['/', '/stats', '/app.js']) {
      expect(await rawGet(port, path, { Host: `evil.example:${port}` }), path).toBe(403);
      expect(await rawGet(port, path, { Host: `127.0.0.1.evil.example:${port}` }), path).toBe(403);
      expect(await rawGet(port, path, {}), `${path} without Host`).toBe(400);
      expect(await rawGet(port, path, { Host: `127.0.0.1:${port}` }), path).toBe(200);
      expect(await rawGet(port, path, { Host: `localhost:${port}` }), path).toBe(200);
      expect(await rawGet(port, path, { Host: `CAM.example:${port}` }), path).toBe(200);
    }
    // The rebinding page: its own name in Host and Origin.
    await expect(hello(port, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` })).rejects.toThrow(/403/);
    // The right Host with another site's Origin, or the other way round.
    await expect(hello(port, { Host: `127.0.0.1:${port}`, Origin: `http://evil.example:${port}` })).rejects.toThrow(/403/);
    await expect(hello(port, { Host: `evil.example:${port}`, Origin: `http://127.0.0.1:${port}` })).rejects.toThrow(/403/);
    await expect(hello(port, { Host: `127.0.0.1:${port}`, Origin: 'null' })).rejects.toThrow(/403/);
    expect(await hello(port, { Host: `cam.example:${port}`, Origin: `https://cam.example` })).toMatchObject({ type: 'hello' });
    expect(await hello(port, { Host: `localhost:${port}`, Origin: `http://localhost:${port}` })).toMatchObject({ type: 'hello' });
  });

  it('on all interfaces, answers to this machine’s addresses', async () => {
    server = await startLivePage({ port: 0, model, host: '0.0.0.0' });
    expect(await rawGet(server.port, '/', { Host: `127.0.0.1:${server.port}` })).toBe(200);
    expect(await rawGet(server.port, '/', { Host: `evil.example:${server.port}` })).toBe(403);
  });
});

describe('credentials in the source name', () => {
  it('are redacted in the hello message', async () => {
    server = await startLivePage({ port: 0, model, sourceName: 'rtsp://admin:s3cr@t@cam.example:554/stream?x=1' });
    const msg = await hello(server.port, {});
    expect(msg.source).toBe('rtsp://***@cam.example:554/stream?x=1');
    expect(JSON.stringify(msg)).not.toContain('s3cr');
  });

  it('are redacted in every error message and ffmpeg tail', () => {
    const err = new FramewiseError('E_INPUT_MISSING', 'cannot open http://user:s3cret@host/x.mp4: Connection refused');
    expect(err.message).toBe('cannot open http://***@host/x.mp4: Connection refused');
    expect(redactUrl('a rtsp://u:p@h/x and http://h/y@z and srt://k@h:1')).toBe('a rtsp://***@h/x and http://h/y@z and srt://***@h:1');
  });
});

describe('raw status helper', () => {
  it('reads the status line', () => {
    expect(statusOf('HTTP/1.1 403 Forbidden\r\n')).toBe(403);
    expect(statusOf('')).toBeNull();
  });

  it('sees a connection the server closes', async () => {
    server = await startLivePage({ port: 0, model });
    const r = await rawExchange(server.port, 'GARBAGE\r\n\r\n');
    expect(statusOf(r.text)).toBe(400);
    expect(r.closedByServer).toBe(true);
  });
});

/** Runs `framewise live --serve 0 ARGS` until the page is served, calls `whileServing`, then stops it with SIGINT. */
async function liveCli(args: string[], whileServing: (port: number) => Promise<void>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'live', '--serve', '0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const served = new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /page at http:\/\/[^:]+:(\d+)\//.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.once('close', () => reject(new Error(`live exited before serving:\n${stderr}`)));
  });
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  try {
    await whileServing(await served);
  } finally {
    child.kill('SIGINT');
  }
  return { code: await closed, stderr };
}

describe('framewise live --host and --allow-host', () => {
  it('warns that --host 0.0.0.0 exposes the page, and answers to --allow-host names', async () => {
    const r = await liveCli(['--host', '0.0.0.0', '--allow-host', 'cam.example', '--allow-host', 'proxy.example'], async (port) => {
      expect(await rawGet(port, '/', { Host: `cam.example:${port}` })).toBe(200);
      expect(await rawGet(port, '/', { Host: 'proxy.example' })).toBe(200);
      expect(await rawGet(port, '/', { Host: `evil.example:${port}` })).toBe(403);
    });
    expect(r.stderr).toMatch(/warning: --host 0\.0\.0\.0 makes the live page .* reachable from the network/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('does not warn on the default loopback interface', async () => {
    const r = await liveCli([], async (port) => {
      expect(await rawGet(port, '/', { Host: `localhost:${port}` })).toBe(200);
      expect(await rawGet(port, '/', { Host: `cam.example:${port}` })).toBe(403);
    });
    expect(r.stderr).not.toMatch(/warning/);
    expect(r.code).toBe(0);
  }, 60_000);
});
