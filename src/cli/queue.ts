import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
// BullMQ and ioredis load only when a queue command runs: every other command starts faster without them.
const enqueueVideos: typeof import('../../pipelines/enqueueVideos.js').enqueueVideos = async (...a) =>
  (await import('../../pipelines/enqueueVideos.js')).enqueueVideos(...a);
const withLabelQueue: typeof import('../../pipelines/withLabelQueue.js').withLabelQueue = async (...a) =>
  (await import('../../pipelines/withLabelQueue.js')).withLabelQueue(...a);
import type { QueueStatus, SinkFormat } from '../../pipelines/withLabelQueue.js';
import { modelOption, positiveInt } from './options.js';
import { formatList, queueNameOption, redisOption } from './queueOptions.js';

interface QueueCommon {
  redis: string;
  queue: string;
}

interface AddOptions extends QueueCommon {
  model: string;
  format: SinkFormat[];
  outDir: string;
  eventsOnly?: boolean;
  attempts: number;
}

export function registerQueue(program: Command): void {
  const queue = program.command('queue').description('Spread labelling over machines: a job queue on Redis (run `framewise worker` on each machine).');

  queue
    .command('add')
    .description('Add one label job per video; a video already queued with the same options is not added again.')
    .argument('<inputs...>', 'video files, folders (searched for videos) or quoted glob patterns')
    .addOption(redisOption())
    .addOption(queueNameOption())
    .addOption(modelOption())
    .option('-f, --format <list>', 'outputs per video, comma-separated: jsonl, csv, vtt, srt, segments', formatList, ['segments'] as SinkFormat[])
    .requiredOption('--out-dir <dir>', 'folder the workers write the outputs to (every worker must reach it)')
    .option('--events-only', 'only transition and frame events, not still/motion')
    .option('--attempts <n>', 'tries per job for failures that may pass (a bad input is never retried)', positiveInt, 3)
    .action(async (inputs: string[], opts: AddOptions) => {
      const { added, existing } = await enqueueVideos(inputs, {
        redis: opts.redis,
        queue: opts.queue,
        model: opts.model,
        formats: opts.format,
        outDir: opts.outDir,
        eventsOnly: opts.eventsOnly,
        retry: { attempts: opts.attempts, backoffMs: 2000 },
      });
      process.stdout.write(`${added.length} added, ${existing.length} already queued\n`);
    });

  queue
    .command('status')
    .description('Counts of waiting, active, completed and failed jobs, progress, throughput, and why jobs failed.')
    .addOption(redisOption())
    .addOption(queueNameOption())
    .option('--json', 'print the status as one JSON object')
    .action(async (opts: QueueCommon & { json?: boolean }) => {
      const status = await withLabelQueue(opts.redis, opts.queue, (q) => q.status());
      process.stdout.write(opts.json ? JSON.stringify(status) + '\n' : formatStatus(status));
    });

  queue
    .command('results')
    .description("Every completed job's result (input, frames, fps, segments per label, output paths) as JSON lines.")
    .addOption(redisOption())
    .addOption(queueNameOption())
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (opts: QueueCommon & { out?: string }) => {
      const results = await withLabelQueue(opts.redis, opts.queue, (q) => q.results());
      const text = results.map((r) => JSON.stringify(r) + '\n').join('');
      if (opts.out) {
        writeFileSync(opts.out, text);
        process.stderr.write(`${results.length} results written to ${opts.out}\n`);
      } else process.stdout.write(text);
    });

  queue
    .command('retry-failed')
    .description('Put every failed job back in the queue.')
    .addOption(redisOption())
    .addOption(queueNameOption())
    .action(async (opts: QueueCommon) => {
      const n = await withLabelQueue(opts.redis, opts.queue, (q) => q.retryFailed());
      process.stdout.write(`${n} failed job${n === 1 ? '' : 's'} back in the queue\n`);
    });

  queue
    .command('clean')
    .description('Remove completed and failed jobs (and their results); waiting and active jobs stay.')
    .addOption(redisOption())
    .addOption(queueNameOption())
    .action(async (opts: QueueCommon) => {
      const { completed, failed } = await withLabelQueue(opts.redis, opts.queue, (q) => q.clean());
      process.stdout.write(`removed ${completed} completed and ${failed} failed jobs\n`);
    });
}

function formatStatus(s: QueueStatus): string {
  const lines = [`waiting ${s.waiting}  active ${s.active}  delayed ${s.delayed}  completed ${s.completed}  failed ${s.failed}`];
  if (s.framesTotal > 0) lines.push(`frames ${s.framesDone} of ${s.framesTotal} (${((100 * s.framesDone) / s.framesTotal).toFixed(1)}%) in started jobs`);
  if (s.jobsPerMinute !== null && s.framesPerSecond !== null) lines.push(`throughput ${s.jobsPerMinute.toFixed(1)} jobs/min, ${s.framesPerSecond.toFixed(0)} frames/s`);
  for (const f of s.failedJobs) lines.push(`failed ${f.input} (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}): ${f.reason}`);
  return lines.join('\n') + '\n';
}
