import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_MODEL_PATH } from '../packageRoot.js';

/** Commander parsers that turn bad values into usage errors (exit code 2). */
export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0.');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return n;
}

export function fraction(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1.'); // NaN fails too
  return n;
}

/** A name to build file names from: no path separators, nothing hidden. */
export function fileStem(value: string): string {
  if (!/^[\w-][\w.-]*$/.test(value)) throw new InvalidArgumentError('expected letters, digits, ".", "_" or "-" (not a path).');
  return value;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number > 0.');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return n;
}

export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}.`);
    return value as T;
  };
}

export function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number.');
  return n;
}

/**
 * `--cut-sensitivity` and `--gradual-sensitivity`: offsets in logit units added to the point labels' (cut) and the
 * gradual labels' (fades, dissolves, wipes) scores before the softmax. 0, the default, is the model as trained.
 */
export function sensitivityOptions(): Option[] {
  return [
    new Option('--cut-sensitivity <offset>', 'more (> 0) or fewer (< 0) cuts: added to the cut logit; +1 ≈ 2.7× the odds (default 0)').argParser(finiteNumber),
    new Option('--gradual-sensitivity <offset>', 'more (> 0) or fewer (< 0) fades, dissolves and wipes: added to their logits (default 0)').argParser(finiteNumber),
  ];
}

/** How scenes are formed: `--split-gradual` and `--min-scene-length`. */
export function sceneOptions(): Option[] {
  return [
    new Option('--split-gradual', 'split each gradual transition at its middle between the two scenes (default: in neither)'),
    new Option('--min-scene-length <frames>', 'join a scene shorter than this to its neighbour across a cut (default 0)').argParser(nonNegativeInt),
  ];
}

/** `--progress` / `--no-progress`, for commands whose output is files (the bar goes to stderr). */
export function progressOptions(): Option[] {
  return [new Option('--progress', 'show a progress bar even when stderr is not a terminal'), new Option('--no-progress', 'never show a progress bar')];
}

/** Adds groups of options to a command, in order (commander's chain takes them one at a time). */
export function withOptions(command: Command, ...groups: Option[][]): Command {
  for (const option of groups.flat()) command.addOption(option);
  return command;
}

/** The pipelines' `sensitivity` from the parsed options; undefined when neither was given. */
export function sensitivityOf(opts: { cutSensitivity?: number; gradualSensitivity?: number }): { cut?: number; gradual?: number } | undefined {
  if (opts.cutSensitivity === undefined && opts.gradualSensitivity === undefined) return undefined;
  return { cut: opts.cutSensitivity, gradual: opts.gradualSensitivity };
}

/** `-m, --model <path>`, defaulting to a shipped model (named in --help rather than by its absolute path). */
export function modelOption(path: string = DEFAULT_MODEL_PATH, name = 'the shipped default model, models/default/model.safetensors'): Option {
  return new Option('-m, --model <path>', 'model file or folder').default(path, name);
}

/** `--fast-decode`: the decoder shortcuts of FAST_DECODE_ARGS (decodeArgs.ts). */
export function fastDecodeOption(): Option {
  return new Option('--fast-decode', "skip H.264/HEVC's deblocking filter while decoding: faster, a little less accurate (README, \"Speed\")");
}
