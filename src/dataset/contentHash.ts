import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InputError } from '../errors.js';

/** sha256 of a file's bytes, hex. A file that cannot be read is an InputError naming it. */
export async function contentHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError('E_INPUT_MISSING', code === 'ENOENT' ? `${path}: no such file` : `cannot read ${path}: ${(err as Error).message}`);
  }
  return hash.digest('hex');
}
