import type { RedisOptions } from 'ioredis';
import { UsageError } from '../errors.js';

/**
 * ioredis connection options from a `redis://[user:password@]host[:port][/db]` URL (`rediss://` for TLS). A URL
 * that is not one is a UsageError naming it, so a typo fails at once rather than as a hang while connecting.
 */
export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError('E_USAGE', `not a Redis URL: ${url} (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UsageError('E_USAGE', `not a Redis URL: ${url} (expected redis://host:port)`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new UsageError('E_USAGE', `${url}: the path of a Redis URL is a database number`);
  const options: RedisOptions = {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
  };
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  if (db !== '') options.db = Number(db);
  if (parsed.protocol === 'rediss:') options.tls = {};
  return options;
}

/** The URL as messages may show it: without a password. */
export function redisDisplayName(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
