#!/usr/bin/env node
// In a source checkout with its dev dependencies, run the TypeScript CLI through tsx (never a stale dist/); an
// installed package ships only the compiled dist/ and does not depend on tsx, so without tsx the build runs.
// Until the CLI has loaded and installed its own handlers, Ctrl-C or SIGTERM ends the process with 130 (not by the
// default action, which skips exit hooks and prints nothing).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
// ps and top show `framewise label clip.mp4` rather than `node /…/bin/framewise.js label clip.mp4` (set once the
// handlers above are in place, so the name also marks the moment from which a signal is handled).
process.title = ['framewise', ...process.argv.slice(2)].join(' ');

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
const tsx = existsSync(fileURLToPath(source)) ? await import('tsx/esm/api').catch(() => null) : null;
if (tsx) {
  tsx.register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
}
