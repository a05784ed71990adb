/**
 * A hostile browser-camera client, run as its own process (so its sending costs the server nothing): opens
 * `count` WebSockets to the live page at argv[2] and sends frames on each as fast as the socket takes them.
 * Prints `ready` once every socket has had a label back, and on `stop` (a line on stdin) prints the labels each
 * socket received as JSON, then exits.
 */
import WebSocket from 'ws';

const url = process.argv[2];
const count = Number(process.argv[3]);
const labels: number[] = new Array<number>(count).fill(0);
const sockets: WebSocket[] = [];
let ready = false;
let stopped = false;

for (let i = 0; i < count; i++) {
  const ws = new WebSocket(url);
  sockets.push(ws);
  let frame: Buffer | null = null;
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const msg = JSON.parse(String(data)) as { type: string; frameBytes?: { rgba: number } };
    if (msg.type === 'hello') {
      frame = Buffer.alloc(msg.frameBytes!.rgba, 40 + i);
      const flood = (): void => {
        if (stopped || ws.readyState !== WebSocket.OPEN) return;
        while (ws.bufferedAmount < 4 * frame!.length) ws.send(frame!);
        setImmediate(flood);
      };
      flood();
    } else if (msg.type === 'label') {
      labels[i]++;
      if (!ready && labels.every((n) => n > 0)) {
        ready = true;
        process.stdout.write('ready\n');
      }
    }
  });
}

process.stdin.on('data', (d: Buffer) => {
  if (!String(d).includes('stop')) return;
  stopped = true;
  process.stdout.write(JSON.stringify(labels) + '\n', () => {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  });
});
