// framewise live page: shows label events from the server's live source, or labels the browser's own
// camera by sending small frames (RGBA at the model's analysis size) over the same WebSocket.
// Plain ES module, no build step, nothing loaded from elsewhere.

const HISTORY = 300; // frames kept on the timeline

const $ = (id) => document.getElementById(id);
const state = {
  labels: [], colors: {}, width: 0, height: 0, delay: 0,
  history: [], // {label, score}
  count: 0, lastLabel: null, latencies: [],
  camera: null, // {video, canvas, ctx, seq, sentAt: Map, acked}
  mode: 'source',
};
// Read by tests and handy in the console.
window.framewise = state;

const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
ws.binaryType = 'arraybuffer';

ws.addEventListener('open', () => setStatus('connected', 'connected'));
ws.addEventListener('close', (e) => setStatus(`disconnected (${e.code}${e.reason ? ': ' + e.reason : ''})`, 'closed'));
ws.addEventListener('message', (e) => {
  if (typeof e.data !== 'string') return;
  const msg = JSON.parse(e.data);
  if (msg.type === 'hello') onHello(msg);
  else if (msg.type === 'label') onLabel(msg);
  else if (msg.type === 'stats' && state.mode === 'source') $('drops').textContent = String(msg.drops);
});

function setStatus(text, s) {
  $('status').textContent = text;
  document.body.dataset.state = s;
}

function onHello(msg) {
  state.labels = msg.labels;
  state.width = msg.width;
  state.height = msg.height;
  state.delay = msg.delay;
  // The model's label colours, the same as in the report and the overlay video.
  state.colors = { ...msg.colours };
  $('source').textContent = msg.source ?? 'none (use your camera)';
  $('legend').replaceChildren(...msg.labels.map((l) => {
    const li = document.createElement('li');
    li.textContent = l;
    li.style.setProperty('--c', state.colors[l]);
    return li;
  }));
  setStatus('connected', 'ready');
  if (new window.URL(location.href).searchParams.has('camera')) startCamera();
}

function onLabel(msg) {
  // While the camera runs, the page shows the camera's labels only.
  if ((state.mode === 'camera') !== (msg.origin === 'camera')) return;
  let latency = msg.latency;
  if (msg.origin === 'camera' && state.camera) {
    const sent = state.camera.sentAt.get(msg.frame);
    if (sent !== undefined) latency = performance.now() - sent; // round trip: capture → label drawn
    for (const k of state.camera.sentAt.keys()) if (k <= msg.frame) state.camera.sentAt.delete(k);
    state.camera.acked = Math.max(state.camera.acked, msg.frame);
  }
  state.count++;
  state.lastLabel = msg.label;
  state.history.push({ label: msg.label, score: msg.score });
  if (state.history.length > HISTORY) state.history.shift();
  if (latency !== null && latency !== undefined) {
    state.latencies.push(latency);
    if (state.latencies.length > 100) state.latencies.shift();
  }
  const labelEl = $('label');
  labelEl.textContent = msg.label;
  labelEl.style.color = state.colors[msg.label] ?? '#eee';
  $('score').textContent = `${(msg.score * 100).toFixed(0)}%`;
  $('frame').textContent = `${msg.frame} (${msg.time.toFixed(2)} s)`;
  $('count').textContent = String(state.count);
  if (msg.drops !== undefined) $('drops').textContent = String(msg.drops);
  if (state.latencies.length) {
    const sorted = [...state.latencies].sort((a, b) => a - b);
    $('latency').textContent = `${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms (median of last ${sorted.length})`;
  }
  scheduleDraw();
}

let drawPending = false;
function scheduleDraw() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => { drawPending = false; drawTimeline(); });
}

// One column per frame, newest on the right; the bar height is the winning score.
function drawTimeline() {
  const c = $('timeline');
  const ctx = c.getContext('2d');
  const w = c.width, h = c.height, col = w / HISTORY;
  ctx.clearRect(0, 0, w, h);
  const start = HISTORY - state.history.length;
  state.history.forEach((e, i) => {
    ctx.fillStyle = state.colors[e.label] ?? '#eee';
    const bh = Math.max(2, e.score * (h - 20));
    ctx.fillRect((start + i) * col, h - bh, Math.ceil(col), bh);
  });
  ctx.fillStyle = '#888';
  ctx.font = '12px system-ui';
  ctx.fillText('score', 4, 12);
}

async function startCamera() {
  if (state.camera || !state.width) return;
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: false });
    const video = $('video');
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const canvas = document.createElement('canvas');
    canvas.width = state.width;
    canvas.height = state.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.imageSmoothingQuality = 'high';
    state.camera = { video, canvas, ctx, seq: 0, sentAt: new Map(), acked: -1 };
    state.mode = 'camera';
    state.history = [];
    ws.send(JSON.stringify({ type: 'reset' }));
    $('source').textContent = 'your camera';
    $('camera').disabled = true;
    setStatus('camera running', 'camera');
    const tick = () => { sendFrame(); video.requestVideoFrameCallback(tick); };
    video.requestVideoFrameCallback(tick);
  } catch (err) {
    setStatus(`camera unavailable: ${err.message}`, 'error');
  }
}

// Sends the current video frame unless too many are unanswered (the model's delay D holds D of them).
// After a quiet 250 ms it sends anyway: frames the server dropped are never answered, and a model with
// delay D answers only when D more frames arrive.
function sendFrame() {
  const cam = state.camera;
  if (ws.readyState !== WebSocket.OPEN) return;
  const now = performance.now();
  if (cam.seq - 1 - cam.acked > state.delay + 2 && now - (cam.lastSend ?? 0) < 250) return;
  cam.lastSend = now;
  cam.ctx.drawImage(cam.video, 0, 0, state.width, state.height);
  const img = cam.ctx.getImageData(0, 0, state.width, state.height);
  cam.sentAt.set(cam.seq, now);
  cam.seq++;
  ws.send(img.data.buffer);
}

$('camera').addEventListener('click', startCamera);
