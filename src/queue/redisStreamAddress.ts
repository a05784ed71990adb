import { UsageError } from '../errors.js';

/** A Redis server and one stream on it. */
export interface RedisStreamAddress {
  /** The server, as a redis:// URL without a path. */
  redis: string;
  stream: string;
}

/** Splits `redis://host:port/STREAM` (the form `framewise live --publish` takes) into the server and the stream name. */
export function redisStreamAddress(url: string): RedisStreamAddress {
  const m = /^(rediss?:\/\/[^/]+)\/(.+)$/.exec(url);
  if (!m) throw new UsageError('E_USAGE', `--publish: expected redis://host:port/STREAM, got ${url}`);
  return { redis: m[1], stream: decodeURIComponent(m[2]) };
}
