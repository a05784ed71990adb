import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE, type LiveServer } from '../src/live/liveServer.js';
import { startLivePage as startLiveServer } from '../pipelines/livePage.js';
import { labelColours } from '../src/report/labelColours.js';
import { randomModel } from './helpers/live.js';
import { randomModel as randomWeights } from './helpers/randomModel.js';

const model = randomModel(0);
const { width: W, height: H } = model.meta.feature;
let server: LiveServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

interface Client {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
}

function connect(url: string, headers: Record<string, string> = {}): Client {
  const ws = new WebSocket(url.replace('http', 'ws') + 'ws', { headers });
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (d, isBinary) => {
    if (!isBinary) messages.push(JSON.parse(String(d)) as Record<string, unknown>);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  ws.on('error', () => {});
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return { ws, messages, closed, opened };
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A frame of noise, RGBA (4 channels) or RGB (3). */
function frame(channels: 3 | 4, seed: number): Buffer {
  const b = Buffer.alloc(W * H * channels);
  let x = seed * 2654435761;
  for (let i = 0; i < b.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('live server', () => {
  it('serves the page on 127.0.0.1 by default, and nothing else', async () => {
    server = await startLiveServer({ port: 0, model });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<canvas id="timeline"');
    expect((await fetch(server.url + 'app.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(server.url + '../package.json')).status).toBe(404);
    expect((await fetch(server.url + 'nope')).status).toBe(404);
  });

  it('labels camera frames sent over the WebSocket, RGBA and RGB, in order', async () => {
    server = await startLiveServer({ port: 0, model });
    const c = connect(server.url);
    await c.opened;
    await waitFor(() => c.messages.length > 0);
    expect(c.messages[0]).toMatchObject({ type: 'hello', labels: model.meta.labels, width: W, height: H });
    // The page draws each label in the colour the report uses.
    expect(c.messages[0].colours).toEqual(labelColours(model.meta.labels));
    for (let i = 0; i < 10; i++) {
      c.ws.send(frame(i % 2 === 0 ? 4 : 3, i));
      await waitFor(() => c.messages.filter((m) => m.type === 'label').length === i + 1);
    }
    // A burst meets the per-connection keep-newest queue: the newest frame is labelled, old ones dropped.
    for (let i = 10; i < 40; i++) c.ws.send(frame(4, i));
    await waitFor(() => c.messages.some((m) => m.type === 'label' && m.frame === 39));
    const labels = c.messages.filter((m) => m.type === 'label');
    expect(labels.slice(0, 10).map((m) => m.frame)).toEqual([...Array(10).keys()]);
    const frames = labels.map((m) => m.frame as number);
    for (let i = 1; i < frames.length; i++) expect(frames[i]).toBeGreaterThan(frames[i - 1]);
    for (const m of labels) {
      expect(m.origin).toBe('camera');
      expect(model.meta.labels).toContain(m.label);
      expect(Object.keys(m.scores as object)).toEqual(model.meta.labels);
    }
    c.ws.close();
  });

  it('sends the score of every label, whatever its name (__proto__, constructor)', async () => {
    const odd = randomWeights(0, 7, 16, ['__proto__', 'constructor', 'calm']);
    server = await startLiveServer({ port: 0, model: odd });
    const c = connect(server.url);
    await c.opened;
    c.ws.send(frame(4, 0));
    await waitFor(() => c.messages.some((m) => m.type === 'label'));
    const label = c.messages.find((m) => m.type === 'label')!;
    expect(Object.keys(label.scores as object)).toEqual(['__proto__', 'constructor', 'calm']);
    c.ws.close();
  });

  it('keeps one recurrent state per connection: the same frames give the same labels on two sockets', async () => {
    server = await startLiveServer({ port: 0, model });
    const a = connect(server.url);
    const b = connect(server.url);
    await Promise.all([a.opened, b.opened]);
    for (let i = 0; i < 6; i++) {
      a.ws.send(frame(4, i));
      await waitFor(() => a.messages.filter((m) => m.type === 'label').length === i + 1);
    }
    // One at a time: a burst would meet the per-connection keep-newest queue (2 frames) and lose frames.
    const sendB = async (f: Buffer): Promise<void> => {
      const n = b.messages.filter((m) => m.type === 'label').length;
      b.ws.send(f);
      await waitFor(() => b.messages.filter((m) => m.type === 'label').length === n + 1);
    };
    await sendB(frame(4, 99)); // b's state diverges first, then sees a's frames
    for (let i = 0; i < 6; i++) await sendB(frame(4, i));
    const sa = a.messages.filter((m) => m.type === 'label').map((m) => JSON.stringify(m.scores));
    const sb = b.messages.filter((m) => m.type === 'label').slice(1).map((m) => JSON.stringify(m.scores));
    expect(sb).not.toEqual(sa); // different history, different state
    b.ws.send(JSON.stringify({ type: 'reset' }));
    for (let i = 0; i < 6; i++) await sendB(frame(4, i));
    const sb2 = b.messages.filter((m) => m.type === 'label').slice(7).map((m) => JSON.stringify(m.scores));
    expect(sb2).toEqual(sa); // after a reset: a fresh state, same as a's
  });

  it('closes with 1009 on an oversized message, 1007 on a wrong-size frame, 1003 on unknown text', async () => {
    server = await startLiveServer({ port: 0, model });
    const big = connect(server.url);
    await big.opened;
    big.ws.send(Buffer.alloc(W * H * 4 + 1));
    expect((await big.closed).code).toBe(CLOSE.tooBig);

    const odd = connect(server.url);
    await odd.opened;
    odd.ws.send(Buffer.alloc(W * H * 2));
    const c = await odd.closed;
    expect(c.code).toBe(CLOSE.badFrame);
    expect(c.reason).toMatch(/RGBA/);

    const text = connect(server.url);
    await text.opened;
    text.ws.send('hello?');
    expect((await text.closed).code).toBe(CLOSE.unsupported);
  });

  it('refuses a page from another origin and too many connections', async () => {
    server = await startLiveServer({ port: 0, model, maxConnections: 2 });
    const evil = connect(server.url, { origin: 'http://evil.example' });
    await expect(evil.opened).rejects.toThrow(/403/);
    const ok = connect(server.url, { origin: `http://127.0.0.1:${server.port}` });
    await ok.opened;
    const second = connect(server.url);
    await second.opened;
    const third = connect(server.url);
    expect((await third.closed).code).toBe(CLOSE.tryLater);
  });

  it('broadcasts live-source events and stats, and close() ends every connection', async () => {
    let frames = 0;
    server = await startLiveServer({
      port: 0,
      model,
      sourceName: 'udp://test',
      stats: () => ({ frames, labelled: frames, drops: 0, latencyP50: 1, latencyP99: 2, processingP50: 0.5, processingP99: 1 }),
    });
    const c = connect(server.url);
    await c.opened;
    await waitFor(() => c.messages.length > 0);
    expect(c.messages[0].source).toBe('udp://test');
    const scores = Object.fromEntries(model.meta.labels.map((l, i) => [l, i === 1 ? 0.9 : 0.1 / 8]));
    for (let i = 0; i < 3; i++) {
      frames++;
      server.publish({ frame: i, time: i / 30, label: 'motion', score: 0.9, scores, decodedAt: 10, emittedAt: 12.5 });
    }
    await waitFor(() => c.messages.filter((m) => m.type === 'label').length === 3);
    expect(c.messages.filter((m) => m.type === 'label')[2]).toMatchObject({ origin: 'source', frame: 2, label: 'motion', latency: 2.5 });
    await waitFor(() => c.messages.some((m) => m.type === 'stats'), 3000);
    expect(await (await fetch(server.url + 'stats')).json()).toMatchObject({ frames: 3, drops: 0 });
    await server.close();
    expect((await c.closed).code).toBe(CLOSE.goingAway);
    await expect(fetch(server.url)).rejects.toThrow();
    server = null;
  });
});
