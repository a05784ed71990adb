import type { Command } from 'commander';
import { DEFAULT_JOBS } from '../../pipelines/defaultJobs.js';
import { interruptible } from '../process/interruptible.js';
import { positiveInt } from './options.js';
import { queueNameOption, redisOption } from './queueOptions.js';

interface WorkerOptions {
  redis: string;
  queue: string;
  concurrency: number;
  jobTimeout: number;
  lockDuration?: number;
  stalledInterval?: number;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Take label jobs from the Redis queue (`framewise queue add`) and run them until stopped; SIGTERM or Ctrl-C lets running jobs finish.')
    .addOption(redisOption())
    .addOption(queueNameOption())
    .option('--concurrency <n>', 'jobs run at once (one per core, at most four)', positiveInt, DEFAULT_JOBS)
    .option('--job-timeout <seconds>', 'fail (and retry) a job that labels no frame for this long', positiveInt, 300)
    .option('--lock-duration <ms>', "a job's lock without renewal; a killed worker's jobs are taken up again after about this plus --stalled-interval (default 30000)", positiveInt)
    .option('--stalled-interval <ms>', 'how often to look for jobs of workers that died (default 30000)', positiveInt)
    .action(async (opts: WorkerOptions) => {
      let name = '';
      const log = (line: string): boolean => process.stderr.write(`framewise worker ${name}: ${line}\n`);
      const { value } = await interruptible(async (signal) => {
        // BullMQ loads only when a worker starts: every other command starts faster without it.
        const { startWorker } = await import('../../pipelines/startWorker.js');
        const worker = await startWorker({
          redis: opts.redis,
          queue: opts.queue,
          concurrency: opts.concurrency,
          noProgressTimeoutMs: opts.jobTimeout * 1000,
          lockDurationMs: opts.lockDuration,
          stalledIntervalMs: opts.stalledInterval,
          onJob: (e) => {
            if (e.type === 'active') log(`started ${e.id} (attempt ${e.attempt})`);
            if (e.type === 'completed') log(`completed ${e.id}`);
            if (e.type === 'failed') log(`failed ${e.id}${e.willRetry ? ' (will retry)' : ''}: ${e.reason}`);
          },
        });
        name = worker.name;
        log(`waiting for jobs on queue ${opts.queue}`);
        await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
        log('stopping: finishing the running jobs (a second signal exits at once; its jobs are then taken up again elsewhere)');
        await worker.close();
        return worker.counts();
      });
      if (value) log(`stopped; ${value.completed} completed, ${value.failed} failed`);
      process.exitCode = 0;
    });
}
