/** Raw TCP clients for the live-server tests: requests no well-behaved HTTP library would send. */
import { connect, type Socket } from 'node:net';

/**
 * Sends `data` (or each chunk in turn) on a fresh connection and collects what comes back until the server closes
 * the connection, or `waitMs` passes (then the client closes it). Never rejects: a reset is an answer too.
 */
export function rawExchange(
  port: number,
  data: string | Buffer | Array<string | Buffer>,
  waitMs = 2000,
  stopAtHead = false,
): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closedByServer: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (stopAtHead && Buffer.concat(chunks).includes('\r\n\r\n')) finish(false);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      for (const part of Array.isArray(data) ? data : [data]) socket.write(part);
    });
  });
}

/** The status code of the first response in `text`, or null when there is none. */
export function statusOf(text: string): number | null {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return m ? Number(m[1]) : null;
}

/** A GET with the given headers (`Connection: close` unless given); resolves with the status (null: no answer). */
export async function rawGet(port: number, target: string, headers: Record<string, string>): Promise<number | null> {
  const all = { Connection: 'close', ...headers };
  const lines = [`GET ${target} HTTP/1.1`, ...Object.entries(all).map(([k, v]) => `${k}: ${v}`), '', ''];
  return statusOf((await rawExchange(port, lines.join('\r\n'), 3000, true)).text);
}

/** Headers of a valid WebSocket handshake for `host`. */
export function upgradeHeaders(host: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Host: host,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    ...extra,
  };
}
