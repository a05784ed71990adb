#!/usr/bin/env node
/** The framewise command: a thin shell that parses arguments and hands over to a pipeline. */
import { Command, CommanderError } from 'commander';
import { FramewiseError, UsageError } from '../errors.js';
import { installSignalHandlers } from '../process/interruptible.js';
import { packageVersion } from './packageVersion.js';
import { configPath } from './configPath.js';

type Register = (program: Command) => void;

/**
 * Each command's module, in the order help lists them. Loaded only for the command that runs (help and a config file,
 * which may hold any command's options, load them all): most of a start-up is loading modules, and each command
 * brings its own (training, the live server, reports).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  label: async () => (await import('./label.js')).registerLabel,
  live: async () => (await import('./live.js')).registerLive,
  report: async () => (await import('./report.js')).registerReport,
  split: async () => (await import('./split.js')).registerSplit,
  images: async () => (await import('./images.js')).registerImages,
  train: async () => (await import('./train.js')).registerTrain,
  ensemble: async () => (await import('./ensemble.js')).registerEnsemble,
  eval: async () => (await import('./eval.js')).registerEval,
  fixtures: async () => (await import('./fixtures.js')).registerFixtures,
  demo: async () => (await import('./demo.js')).registerDemo,
  doctor: async () => (await import('./doctor.js')).registerDoctor,
  'import-torch': async () => (await import('./importTorch.js')).registerImportTorch,
  queue: async () => (await import('./queue.js')).registerQueue,
  worker: async () => (await import('./worker.js')).registerWorker,
};

/**
 * The commands to load for these arguments: the one they name (the first word that is not an option or the value of
 * `--config`); none for the version alone; otherwise all (help lists them, an unknown command is matched to them).
 */
function commandsFor(argv: readonly string[]): string[] {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config') i++;
    else if (!argv[i].startsWith('-')) return Object.hasOwn(COMMANDS, argv[i]) ? [argv[i]] : Object.keys(COMMANDS);
  }
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V') ? [] : Object.keys(COMMANDS);
}

/** The program with these commands (default: all). */
export async function buildProgram(names: readonly string[] = Object.keys(COMMANDS)): Promise<Command> {
  const program = new Command('framewise')
    .description('Label every frame of a video with the event happening at that point (cuts, fades, dissolves, wipes, black, freeze, still, motion).')
    .version(packageVersion())
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .option('--config <path>', 'option values per command from this JSON file (default: ./framewise.config.json if present)');
  for (const register of await Promise.all(names.map((name) => COMMANDS[name]()))) register(program);
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
    const argv = process.argv.slice(2);
    const config = configPath(argv) !== null;
    const program = await buildProgram(config ? undefined : commandsFor(argv));
    if (config) (await import('./applyConfig.js')).applyConfig(program, argv);
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
