/** examples/README.md shows each example file verbatim: a code block after `<!-- example: NAME.ts -->`. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('../examples/', import.meta.url));

it('embeds every example file, unchanged', () => {
  const readme = readFileSync(`${DIR}README.md`, 'utf8');
  const shown = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- example: ([\w.-]+\.ts) -->\n```ts\n([\s\S]*?)```\n/g)) shown.set(m[1], m[2]);
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort();
  expect([...shown.keys()].sort()).toEqual(files);
  for (const f of files) expect(shown.get(f), f).toBe(readFileSync(`${DIR}${f}`, 'utf8'));
});
