import { InvalidArgumentError, Option } from 'commander';
import type { SinkFormat } from '../../pipelines/withLabelQueue.js';

export const QUEUE_FORMATS = ['jsonl', 'csv', 'vtt', 'srt', 'segments'] as const satisfies readonly SinkFormat[];

/** `--redis <url>`: the Redis every queue command and worker shares; FRAMEWISE_REDIS, else the local default. */
export function redisOption(): Option {
  return new Option('--redis <url>', 'Redis server, redis://[user:password@]host:port[/db] (env FRAMEWISE_REDIS)').default(
    process.env.FRAMEWISE_REDIS ?? 'redis://127.0.0.1:6379',
  );
}

export function queueNameOption(): Option {
  return new Option('--queue <name>', 'queue name').default('framewise');
}

/** A comma-separated list of output formats, e.g. `segments,vtt`. */
export function formatList(value: string): SinkFormat[] {
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  const bad = formats.filter((f) => !(QUEUE_FORMATS as readonly string[]).includes(f));
  if (formats.length === 0 || bad.length > 0) throw new InvalidArgumentError(`expected a comma-separated list of ${QUEUE_FORMATS.join(', ')}.`);
  return formats as SinkFormat[];
}
