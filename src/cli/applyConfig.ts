import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command, type Option } from 'commander';
import { UsageError } from '../errors.js';
import * as z from '../zod.js';
import { configPath } from './configPath.js';

const configValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const configFile = z.record(z.string(), z.record(z.string(), configValue, { error: 'expected an object of option values' }), {
  error: 'expected an object with one object of options per command',
});

function optionFor(cmd: Command, key: string): Option | undefined {
  return cmd.options.find((o) => o.attributeName() === key || o.long === `--${key}`) ?? cmd.options.find((o) => o.long === `--no-${key}`);
}

/**
 * Applies a config file's option values to the program's commands before the arguments are parsed, so that they
 * stand in for the defaults: an option given on the command line still wins, and a required option may come from
 * the file. The file (`--config PATH`, else framewise.config.json in the working directory if there is one) holds
 * one object per command, keyed by the options' long names (`min-scene-length`) or their camelCase
 * (`minSceneLength`): `{"label": {"format": "segments"}, "live": {"serve": 8080}}`. Values are checked as the
 * command line checks them; a bad one is a UsageError naming the file and the key.
 */
export function applyConfig(program: Command, argv: readonly string[], cwd: string = process.cwd()): string | null {
  const path = configPath(argv, cwd);
  if (path === null) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError('E_USAGE', `config ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError('E_USAGE', `config ${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = configFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new UsageError('E_USAGE', `config ${path}: ${key}: ${issue.path.length === 2 ? 'expected a string, a number, true/false or a list of strings' : issue.message}`);
  }
  for (const [name, values] of Object.entries(parsed.data)) {
    const cmd = program.commands.find((c) => c.name() === name);
    if (!cmd) throw new UsageError('E_USAGE', `config ${path}: ${name}: not a framewise command (${program.commands.map((c) => c.name()).join(', ')})`);
    for (const [key, value] of Object.entries(values)) {
      const where = `config ${path}: ${name}.${key}`;
      const option = optionFor(cmd, key);
      if (!option || option.long === '--config') throw new UsageError('E_USAGE', `${where}: framewise ${name} has no option --${key}`);
      cmd.setOptionValueWithSource(option.attributeName(), optionValue(option, key, value, where), 'config');
    }
  }
  return path;
}

/** A config value as the command line would have produced it. */
function optionValue(option: Option, key: string, value: z.infer<typeof configValue>, where: string): unknown {
  const takesValue = option.required || option.optional;
  if (!takesValue) {
    if (typeof value !== 'boolean') throw new UsageError('E_USAGE', `${where}: expected true or false`);
    // The attribute's value ("video": false), or the flag's own name ("no-video": true).
    return key === option.attributeName() || !option.negate ? value : !value;
  }
  if (typeof value === 'boolean') throw new UsageError('E_USAGE', `${where}: expected a value, not ${value}`);
  const items = Array.isArray(value) ? value : [String(value)];
  try {
    if (option.parseArg) {
      let acc: unknown = Array.isArray(value) ? [] : undefined;
      for (const item of items) acc = option.parseArg(item, acc);
      return acc;
    }
    if (option.argChoices && !items.every((v) => option.argChoices!.includes(v))) throw new InvalidArgumentError(`expected one of ${option.argChoices.join(', ')}.`);
    return Array.isArray(value) ? items : items[0];
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw new UsageError('E_USAGE', `${where}: ${JSON.stringify(value)}: ${err.message}`);
    throw err;
  }
}
