/**
 * The live page server: one HTTP server on one port serving the static page (src/live/page/) and a
 * WebSocket endpoint (/ws) that (1) broadcasts the label events of the live source, and (2) labels frames
 * sent by the page from the browser's own camera, one recurrent state per connection.
 * It owns every socket it accepts and tears them all down in close().
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { labelRegistry } from '../labels/labelRegistry.js';
import { packageRoot } from '../packageRoot.js';
import type { Model } from '../recurrent/model.js';
import { roundScore, roundScores, roundTime } from '../sinks/formatting.js';
import { redactUrl } from '../source/redactUrl.js';
import type { LabelEvent } from '../types.js';
import { CameraScheduler } from './cameraScheduler.js';
import { CameraSession, FrameFormatError, type CameraLabeller } from './cameraSession.js';
import { hostPolicy } from './hostPolicy.js';
import type { LiveSummary } from './LiveStats.js';

/** WebSocket close codes the server uses (RFC 6455 §7.4.1). */
export const CLOSE = {
  /** Server shutting down. */
  goingAway: 1001,
  /** A text message that is not a known control message. */
  unsupported: 1003,
  /** A binary message that is not exactly one frame at the analysis size. */
  badFrame: 1007,
  /** The page's origin is not this server's (cross-site page). */
  policy: 1008,
  /** Larger than one RGBA frame (enforced by ws's maxPayload). */
  tooBig: 1009,
  /** Too many connections. */
  tryLater: 1013,
} as const;

export interface LiveServerOptions {
  /** TCP port; 0 picks a free one (see LiveServer.port). */
  port: number;
  /** Interface to bind; default 127.0.0.1 so the camera feed is not exposed to the network. */
  host?: string;
  /** The model announced to pages (labels, analysis size, delay). */
  model: Model;
  /** Runs one browser camera's frames through the labeller (composed in pipelines/livePage.ts). */
  labelCamera: CameraLabeller;
  /** Most simultaneous WebSocket connections (default 16). */
  maxConnections?: number;
  /** Live-source statistics sent to pages once a second, if there is a live source. */
  stats?: () => LiveSummary;
  /** Describes the live source on the page (e.g. the URL, shown with its credentials redacted); null when only the browser camera is used. */
  sourceName?: string | null;
  /** Host names (or addresses) the page may be reached under besides the listening address, e.g. a reverse proxy's name. */
  allowedHosts?: readonly string[];
  /** True while the live source has frames waiting for the labeller: browser-camera frames then wait their turn. */
  sourceBusy?: () => boolean;
  /** Time limits (ms) and socket count; the defaults are LIVE_SERVER_LIMITS. */
  limits?: Partial<LiveServerLimits>;
}

/** The live server's limits against slow, idle or too many clients (documented in the README's live section). */
export interface LiveServerLimits {
  /** Open TCP sockets (page requests and WebSockets together); more are refused at once. */
  maxSockets: number;
  /**
   * A connection with no request in progress (just opened, headers still arriving, or answered) is closed after
   * this long: a request, WebSocket handshake included, must be complete within it.
   */
  idleTimeoutMs: number;
  /** A WebSocket is pinged this often and closed when the previous ping got no answer. */
  pingIntervalMs: number;
}

export const LIVE_SERVER_LIMITS: LiveServerLimits = {
  maxSockets: 256,
  idleTimeoutMs: 30_000,
  pingIntervalMs: 30_000,
};

/** Most header bytes of one request (Node's default is 16 KiB; the page needs far less). */
const MAX_HEADER_BYTES = 8192;

export interface LiveServer {
  /** http://host:port/ */
  readonly url: string;
  readonly port: number;
  /** Sends a live-source label event to every connected page. */
  publish(ev: LabelEvent): void;
  /** Closes every connection and the listening socket. */
  close(): Promise<void>;
}

/** Outgoing bytes a slow page may have waiting before further events to it are skipped (not queued). */
const MAX_BUFFERED = 1 << 20;

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

function pageDir(): string {
  // From src/live (tsx) the page sits beside this file; a built copy (dist/) falls back to the package's src/.
  const beside = fileURLToPath(new URL('./page/', import.meta.url));
  return existsSync(join(beside, 'index.html')) ? beside : join(packageRoot, 'src', 'live', 'page');
}

/** A compact event for the wire: times in ms precision, scores to 4 decimals. */
function wireEvent(ev: LabelEvent, origin: 'source' | 'camera', drops?: number): string {
  const latency = ev.emittedAt !== undefined && ev.decodedAt !== undefined ? ev.emittedAt - ev.decodedAt : null;
  return JSON.stringify({
    type: 'label',
    origin,
    frame: ev.frame,
    time: roundTime(ev.time),
    label: ev.label,
    score: roundScore(ev.score),
    scores: roundScores(ev.scores),
    latency: latency === null ? null : roundTime(latency),
    ...(drops === undefined ? {} : { drops }),
  });
}

function sendIfRoom(ws: WebSocket, text: string): void {
  // A page that cannot keep up loses events rather than growing the server's memory.
  if (ws.readyState === WebSocket.OPEN && ws.bufferedAmount < MAX_BUFFERED) ws.send(text);
}

/** The path of a request target, or null when it is not a path (`http://[`, `*`, garbage). */
function requestPath(target: string | undefined): string | null {
  if (target === undefined || !target.startsWith('/')) return null;
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return null;
  }
}

/** Ends a raw socket (before or instead of a WebSocket handshake) with a bodiless HTTP status. */
function refuseSocket(socket: Duplex, status: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  // A client that never reads its answer must not keep the socket: destroy it shortly after.
  setTimeout(() => socket.destroy(), 1000).unref();
}

export async function startLiveServer(opts: LiveServerOptions): Promise<LiveServer> {
  const host = opts.host ?? '127.0.0.1';
  const { model } = opts;
  const { width, height } = model.meta.feature;
  const rgbaBytes = width * height * 4;
  const dir = pageDir();
  const files = new Map<string, Buffer>();
  for (const { file } of Object.values(STATIC)) files.set(file, readFileSync(join(dir, file)));

  const limits: LiveServerLimits = { ...LIVE_SERVER_LIMITS, ...opts.limits };
  const hosts = hostPolicy(host, opts.allowedHosts);
  const sourceName = opts.sourceName == null ? null : redactUrl(opts.sourceName);

  // A socket between requests (just connected, headers still coming, or answered) is closed after idleTimeoutMs.
  // Node's own timeouts are checked only every 30 s, and its socket timeout is refreshed by that check, so a
  // silent or one-byte-at-a-time client is timed here.
  const idleTimers = new WeakMap<Socket, NodeJS.Timeout>();
  const idle = (socket: Socket): void => {
    clearTimeout(idleTimers.get(socket));
    idleTimers.set(socket, setTimeout(() => socket.destroy(), limits.idleTimeoutMs).unref());
  };
  const busy = (socket: Socket): void => clearTimeout(idleTimers.get(socket));

  const http = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: limits.idleTimeoutMs,
      requestTimeout: limits.idleTimeoutMs * 2,
      keepAliveTimeout: Math.min(5000, limits.idleTimeoutMs),
    },
    (req: IncomingMessage, res: ServerResponse) => {
    busy(req.socket);
    res.once('finish', () => idle(req.socket));
    const path = requestPath(req.url);
    if (path === null) {
      res.writeHead(400, { 'content-type': 'text/plain', connection: 'close' }).end('bad request target\n');
      return;
    }
    if (!hosts.host(req.headers.host)) {
      // DNS rebinding: a page of another site reaching this server under its own name.
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' }).end('host not allowed\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(opts.stats ? opts.stats() : null));
      return;
    }
    const entry = STATIC[path];
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': entry.type,
      'cache-control': 'no-store',
      // The page loads nothing from elsewhere; the WebSocket goes back to this server.
      'content-security-policy': "default-src 'self'; connect-src 'self'; media-src 'self' blob: mediastream:; img-src 'self' data:",
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : files.get(entry.file));
    },
  );
  http.maxConnections = limits.maxSockets;
  // A request Node cannot parse (bad method, huge headers, bad framing) or a socket error: answer if possible,
  // never throw: one client must not stop the server.
  http.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (err.code === 'ECONNRESET' || !socket.writable) socket.destroy();
    else refuseSocket(socket, status);
  });
  http.on('connection', (socket: Socket) => {
    socket.on('error', () => socket.destroy());
    idle(socket);
    socket.once('close', () => busy(socket));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: rgbaBytes, perMessageDeflate: false });
  const sessions = new Map<WebSocket, CameraSession | null>();
  const maxConnections = opts.maxConnections ?? 16;
  const scheduler = new CameraScheduler(opts.sourceBusy);
  const alive = new WeakSet<WebSocket>();

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // From here the WebSocket heartbeat watches the connection (a refused one is destroyed by refuseSocket).
    busy(req.socket);
    socket.on('error', () => socket.destroy());
    const path = requestPath(req.url);
    if (path === null) return refuseSocket(socket, '400 Bad Request');
    if (path !== '/ws' || !hosts.host(req.headers.host) || !hosts.origin(req.headers.origin)) {
      return refuseSocket(socket, '403 Forbidden');
    }
    // ws answers a bad handshake (key, version, method) with 400 itself.
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  wss.on('error', () => {
    // Errors belong to single connections (handled there); the server keeps serving.
  });
  wss.on('wsClientError', (_err, socket) => refuseSocket(socket, '400 Bad Request'));

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => {
      // 'close' follows (ws closes with 1009 on an oversized message itself).
    });
    if (sessions.size >= maxConnections) {
      ws.close(CLOSE.tryLater, 'too many connections');
      setTimeout(() => ws.terminate(), 1000).unref();
      return;
    }
    sessions.set(ws, null);
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.send(
      JSON.stringify({
        type: 'hello',
        labels: model.meta.labels,
        colours: labelRegistry(model.meta).colours(),
        width,
        height,
        delay: model.meta.delay,
        frameBytes: { rgba: rgbaBytes, rgb: width * height * 3 },
        source: sourceName,
      }),
    );
    const endSession = (): void => {
      const s = sessions.get(ws);
      if (s) {
        scheduler.remove(s);
        s.close();
      }
      if (sessions.has(ws)) sessions.set(ws, null);
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        let msg: unknown;
        try {
          msg = JSON.parse(String(data));
        } catch {
          msg = null;
        }
        if (typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'reset') {
          endSession(); // the next frame starts a fresh recurrent state
          return;
        }
        ws.close(CLOSE.unsupported, 'expected binary frames or {"type":"reset"}');
        return;
      }
      let session = sessions.get(ws) ?? null;
      if (session === null) {
        const s: CameraSession = new CameraSession(
          width,
          height,
          opts.labelCamera,
          (ev) => sendIfRoom(ws, wireEvent(ev, 'camera', s.stats.drops)),
          (err) => ws.close(1011, err instanceof Error ? err.message.slice(0, 120) : 'internal error'),
        );
        session = s;
        sessions.set(ws, s);
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      try {
        session.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch (err) {
        if (!(err instanceof FrameFormatError)) throw err;
        ws.close(CLOSE.badFrame, err.message.slice(0, 120));
        return;
      }
      // Nothing more is read from this client until its frame has had its turn (TCP holds the rest back).
      ws.pause();
      scheduler.offer(session, () => ws.resume());
    });
    ws.on('close', () => {
      endSession();
      sessions.delete(ws);
    });
  });

  // Heartbeat: a WebSocket whose peer vanished (no close, no answer to the last ping) is cut.
  const pingTimer = setInterval(() => {
    for (const ws of sessions.keys()) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, limits.pingIntervalMs);
  pingTimer.unref();

  const statsTimer = opts.stats
    ? setInterval(() => {
        const text = JSON.stringify({ type: 'stats', ...opts.stats!() });
        for (const ws of sessions.keys()) sendIfRoom(ws, text);
      }, 1000)
    : null;
  statsTimer?.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    publish(ev: LabelEvent): void {
      if (sessions.size === 0) return;
      const text = wireEvent(ev, 'source');
      for (const ws of sessions.keys()) sendIfRoom(ws, text);
    },
    close(): Promise<void> {
      closing ??= (async () => {
        if (statsTimer) clearInterval(statsTimer);
        clearInterval(pingTimer);
        scheduler.close();
        for (const [ws, session] of sessions) {
          session?.close();
          ws.close(CLOSE.goingAway, 'server stopping');
        }
        // Give clients a moment to answer the close handshake, then cut whatever is left.
        await new Promise((r) => setTimeout(r, 50));
        for (const ws of sessions.keys()) ws.terminate();
        sessions.clear();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      })();
      return closing;
    },
  };
}
