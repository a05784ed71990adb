/**
 * The JSON Schemas shipped in schemas/, compiled with ajv (draft 2020-12), for tests that read framewise's outputs:
 *
 *   expectSchema('label-event', JSON.parse(line));   // throws, naming every violation, unless valid
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export type SchemaName = 'label-event' | 'segments' | 'scene-row' | 'truth';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const compiled = new Map<SchemaName, ValidateFunction>();

export function schemaValidator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', `${name}.schema.json`), 'utf8')) as object);
    compiled.set(name, v);
  }
  return v;
}

/** Throws unless `data` is valid against schemas/NAME.schema.json. */
export function expectSchema(name: SchemaName, data: unknown): void {
  const v = schemaValidator(name);
  if (!v(data)) throw new Error(`not a valid ${name}: ${ajv.errorsText(v.errors)}\n${JSON.stringify(data).slice(0, 300)}`);
}
