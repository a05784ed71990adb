import { Redis, type RedisOptions } from 'ioredis';
import { FramewiseError } from '../errors.js';
import { redisDisplayName, redisOptions } from './redisOptions.js';

/** How long the first connection may take before the command gives up with one line. */
const FIRST_CONNECT_MS = 5000;

/**
 * A connected ioredis client for `url`. The first connection is tried once, so an unreachable server is one clear
 * error (E_REDIS) instead of a command that retries forever; after that, the client reconnects by itself (a
 * worker outlives a Redis restart). `maxRetriesPerRequest: null` is what BullMQ requires of its connections.
 */
export async function connectRedis(url: string, extra: RedisOptions = {}): Promise<Redis> {
  const base = redisOptions(url);
  const probe = new Redis({ ...base, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: FIRST_CONNECT_MS });
  let cause: unknown = null;
  probe.on('error', (err) => (cause ??= err)); // says why (ECONNREFUSED …) where connect() says only "closed"
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    const why = cause ?? err;
    throw new FramewiseError('E_REDIS', `cannot reach Redis at ${redisDisplayName(url)}: ${why instanceof Error ? why.message : String(why)}`);
  } finally {
    probe.disconnect();
  }
  const client = new Redis({ ...base, maxRetriesPerRequest: null, ...extra });
  // Connection errors while reconnecting are expected; without a listener ioredis prints each one.
  client.on('error', () => undefined);
  return client;
}
