import { ModelError } from '../errors.js';
import { oneLine } from '../oneLine.js';

/**
 * The safetensors container: 8-byte little-endian header length N, N bytes of JSON header
 * ({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}), then the tensor bytes
 * (offsets relative to the end of the header), little-endian.
 */

/** Headers beyond this are refused before parsing (a real model header is a few KiB). */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

const DTYPE_BYTES: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };

export interface RawTensor {
  dtype: string;
  shape: number[];
  /** The tensor's bytes (a view into the file). */
  bytes: Uint8Array;
}

export interface SafetensorsFile {
  metadata: Record<string, string>;
  tensors: Map<string, RawTensor>;
}

function fail(name: string, problem: string): never {
  throw new ModelError('E_MODEL_INVALID', oneLine(`invalid model file ${name}: ${problem}`));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Parse and validate the container; tensor values are not looked at (see toFloat32). */
export function parseSafetensors(bytes: Uint8Array, name: string): SafetensorsFile {
  if (bytes.length === 0) fail(name, 'the file is empty');
  if (bytes.length < 8) fail(name, `the file is ${bytes.length} bytes, too short for a safetensors header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = dv.getUint32(0, true);
  const hi = dv.getUint32(4, true);
  const headerLen = hi * 2 ** 32 + lo;
  if (headerLen > MAX_HEADER_BYTES) fail(name, `header length ${headerLen} exceeds the ${MAX_HEADER_BYTES}-byte cap`);
  if (headerLen < 2) fail(name, `header length ${headerLen} is too small`);
  if (8 + headerLen > bytes.length) fail(name, `header length ${headerLen} exceeds the file size ${bytes.length} (truncated file?)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch {
    fail(name, 'the header is not valid UTF-8 JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail(name, 'the header is not a JSON object');
  const data = bytes.subarray(8 + headerLen);
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, RawTensor>();
  const spans: Array<[number, number, string]> = [];
  for (const [key, value] of Object.entries(header as Record<string, unknown>)) {
    if (key === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(name, '__metadata__ is not an object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(name, `__metadata__.${k} is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) fail(name, `tensor ${key}: entry is not an object`);
    const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
    if (typeof dtype !== 'string') fail(name, `tensor ${key}: missing dtype`);
    const width = DTYPE_BYTES[dtype];
    if (width === undefined) fail(name, `tensor ${key}: unsupported dtype ${dtype} (expected F32)`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(name, `tensor ${key}: shape is not a list of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(name, `tensor ${key}: data_offsets is not [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end > data.length) fail(name, `tensor ${key}: data_offsets [${begin}, ${end}] fall outside the ${data.length} data bytes (truncated file?)`);
    if (end - begin !== count * width) fail(name, `tensor ${key}: shape [${(shape as number[]).join(', ')}] needs ${count * width} bytes but data_offsets span ${end - begin}`);
    spans.push([begin, end, key]);
    tensors.set(key, { dtype, shape: shape as number[], bytes: data.subarray(begin, end) });
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) fail(name, `tensors ${spans[i - 1][2]} and ${spans[i][2]} overlap`);
  }
  return { metadata, tensors };
}

/** The values of a tensor as a new Float32Array (F64, F16 and BF16 are converted, for imports). */
export function toFloat32(t: RawTensor): Float32Array {
  const { bytes } = t;
  if (t.dtype === 'F32' && LITTLE_ENDIAN) return new Float32Array(bytes.slice().buffer);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = DTYPE_BYTES[t.dtype];
  const out = new Float32Array(bytes.length / w);
  for (let i = 0; i < out.length; i++) {
    if (t.dtype === 'F32') out[i] = dv.getFloat32(i * 4, true);
    else if (t.dtype === 'F64') out[i] = dv.getFloat64(i * 8, true);
    else if (t.dtype === 'BF16') out[i] = new Float32Array(new Uint32Array([dv.getUint16(i * 2, true) << 16]).buffer)[0];
    else out[i] = halfToFloat(dv.getUint16(i * 2, true));
  }
  return out;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f === 0 ? s * Infinity : NaN;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Serialise F32 tensors (in the given order) and string metadata. */
export function encodeSafetensors(tensors: Array<{ name: string; shape: number[]; data: Float32Array }>, metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned (as the reference writer does).
  json += ' '.repeat((8 - ((Buffer.byteLength(json) + 8) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, head.length, true);
  dv.setUint32(4, 0, true);
  out.set(head, 8);
  let p = 8 + head.length;
  for (const t of tensors) {
    if (LITTLE_ENDIAN) out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), p);
    else for (let i = 0; i < t.data.length; i++) dv.setFloat32(p + i * 4, t.data[i], true);
    p += t.data.length * 4;
  }
  return out;
}
