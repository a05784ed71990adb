/**
 * The layout is the architecture (docs/architecture.md): a run is Source → Labeller → Sinks, composed only in
 * pipelines/; the CLI parses, calls a pipeline and prints; one module owns ffmpeg processes. These checks read the
 * imports and calls of the source files, so a change that breaks the structure fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...files(path));
    else if (/\.(ts|js)$/.test(name)) out.push(path);
  }
  return out;
}

/** Value imports (not `import type`) of a file, as written. */
function valueImports(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
}

const code = ['src', 'pipelines', 'fixtures', 'bench'].flatMap(files);

describe('architecture', () => {
  it('the CLI imports pipelines, options, the signal module and formatting only', () => {
    const allowed = [
      /^\.\.\/\.\.\/pipelines\//,
      /^\.\.\/\.\.\/fixtures\//, // `framewise fixtures` runs the generator, a tool of its own
      /^\.\/[\w]+\.js$/, // the CLI's own option parsers, progress bar and command files
      /^\.\.\/process\/interruptible\.js$/,
      /^\.\.\/errors\.js$/,
      /^\.\.\/packageRoot\.js$/,
      // formatting and queries that print
      /^\.\.\/evaluate\/formatEvalReport\.js$/,
      /^\.\.\/live\/LiveStats\.js$/,
      /^\.\.\/decode\/(doctor|listDevices)\.js$/,
      /^\.\.\/sinks\/sinkFormatOf\.js$/,
      /^\.\.\/features\/featureSpec\.js$/,
      /^(commander|node:.*|cli-progress)$/,
      /^zod$/, // applyConfig validates framewise.config.json before the arguments are parsed
    ];
    const offending = files('src/cli').flatMap((f) => valueImports(f).filter((m) => !allowed.some((re) => re.test(m))).map((m) => `${f}: ${m}`));
    expect(offending).toEqual([]);
  });

  it('only pipelines/ composes a run: labeller() is called in labelStream alone, the recurrent chain in src/labeller alone', () => {
    const calls = (re: RegExp): string[] =>
      code.filter((f) => re.test(readFileSync(join(ROOT, f), 'utf8').replace(/^\s*(\*|\/\/).*$/gm, ''))).map((f) => relative('.', f));
    expect(calls(/(?<!function )\blabeller\(model/)).toEqual(['pipelines/labelStream.ts']);
    expect(calls(/(?<!function )\b(recurrentLabel|toLabels)\(/).every((f) => f.startsWith('src/labeller/'))).toBe(true);
    expect(calls(/(?<!function )\bextractFeatures\(/).sort()).toEqual(['bench/nodeStages.ts', 'pipelines/videoFeatures.ts', 'src/labeller/labeller.ts']);
  });

  it('src/ stages and edges never import pipelines/ (only the entry points do: index, api, cli)', () => {
    const offending = files('src')
      .filter((f) => !/^src\/(index\.ts|api\/|cli\/)/.test(f))
      .flatMap((f) => valueImports(f).filter((m) => m.includes('pipelines/')).map((m) => `${f}: ${m}`));
    expect(offending).toEqual([]);
  });

  it('one module owns child processes: child_process appears only in src/ffmpeg/', () => {
    // bench/queue.ts measures workers as separate processes beside a redis-server it starts, as the tests do.
    const starters = (f: string): boolean => f.startsWith('src/ffmpeg/') || f === join('bench', 'queue.ts');
    const offending = code.filter((f) => !starters(f) && /from 'node:child_process'|require\('child_process'\)/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('no code comment points outside the repository', () => {
    const docs = ['README.md', 'fixtures/README.md', 'models/default/README.md', 'examples/README.md', 'docs/architecture.md'];
    const offending = [...code, ...files('test'), ...files('examples'), ...docs].filter(
      (f) => /design\.md/.test(readFileSync(join(ROOT, f), 'utf8')) && !f.endsWith('architecture.test.ts'),
    );
    expect(offending).toEqual([]);
  });
});
