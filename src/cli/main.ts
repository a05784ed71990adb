#!/usr/bin/env node
/** The framewise command: a thin shell that parses arguments and hands over to a pipeline. */
import { Command, CommanderError } from 'commander';
import { FramewiseError, UsageError } from '../errors.js';
import { installSignalHandlers } from '../process/interruptible.js';
import { registerDemo } from './demo.js';
import { registerDoctor } from './doctor.js';
import { registerEnsemble } from './ensemble.js';
import { registerEval } from './eval.js';
import { registerFixtures } from './fixtures.js';
import { registerImages } from './images.js';
import { registerImportTorch } from './importTorch.js';
import { registerLabel } from './label.js';
import { registerLive } from './live.js';
import { registerQueue } from './queue.js';
import { registerReport } from './report.js';
import { registerSplit } from './split.js';
import { registerTrain } from './train.js';
import { registerWorker } from './worker.js';
import { packageVersion } from './packageVersion.js';
import { applyConfig } from './applyConfig.js';

export function buildProgram(): Command {
  const program = new Command('framewise')
    .description('Label every frame of a video with the event happening at that point (cuts, fades, dissolves, wipes, black, freeze, still, motion).')
    .version(packageVersion())
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .option('--config <path>', 'option values per command from this JSON file (default: ./framewise.config.json if present)');
  for (const register of [registerLabel, registerLive, registerReport, registerSplit, registerImages, registerTrain, registerEnsemble, registerEval, registerFixtures, registerDemo, registerDoctor, registerImportTorch, registerQueue, registerWorker]) {
    register(program);
  }
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

/** Maps an error to an exit code, printing one line for user errors and the stack for bugs. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its message (or the help/version text).
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof FramewiseError) {
    process.stderr.write(`framewise: ${err.message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
  process.stderr.write(`framewise: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}

async function main(): Promise<void> {
  installSignalHandlers();
  try {
    const program = buildProgram();
    applyConfig(program, process.argv.slice(2));
    await program.parseAsync(process.argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

await main();
// End explicitly once stdout and stderr are flushed: a process that ends by running out of work first closes its
// signal handlers, and a Ctrl-C in that last moment would kill it by the default action instead of exiting with 130.
// (A reader that went away makes the flush fail with EPIPE: nothing is left to say to it.)
await Promise.all(
  [process.stdout, process.stderr].map((out) => new Promise<void>((resolve) => out.on('error', () => resolve()).write('', () => resolve()))),
);
process.exit();
