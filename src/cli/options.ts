import { InvalidArgumentError, Option } from 'commander';
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

/** The pipelines' `sensitivity` from the parsed options; undefined when neither was given. */
export function sensitivityOf(opts: { cutSensitivity?: number; gradualSensitivity?: number }): { cut?: number; gradual?: number } | undefined {
  if (opts.cutSensitivity === undefined && opts.gradualSensitivity === undefined) return undefined;
  return { cut: opts.cutSensitivity, gradual: opts.gradualSensitivity };
}

/** `-m, --model <path>`, defaulting to a shipped model (named in --help rather than by its absolute path). */
export function modelOption(path: string = DEFAULT_MODEL_PATH, name = 'the shipped default model, models/default/model.safetensors'): Option {
  return new Option('-m, --model <path>', 'model file or folder').default(path, name);
}
