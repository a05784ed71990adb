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

/** Imports of a file, as written: value imports, or every import (types too) with `types`. */
function importsOf(path: string, types = false): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const re = types ? /^import\s+[^;]*?from\s+'([^']+)'/gms : /^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms;
  return [...text.matchAll(re)].map((m) => m[1]);
}

const code = ['src', 'pipelines', 'fixtures', 'bench'].flatMap(files);

describe('architecture', () => {
  it('the CLI imports pipelines, its own option files and the signal module only (types too)', () => {
    const allowed = [
      /^\.\.\/\.\.\/pipelines\//,
      /^\.\.\/\.\.\/fixtures\//, // `framewise fixtures` runs the generator, a tool of its own
      /^\.\/[\w]+\.js$/, // the CLI's own option parsers, progress bar and command files
      /^\.\.\/process\/interruptible\.js$/,
      /^\.\.\/errors\.js$/,
      /^\.\.\/packageRoot\.js$/,
      /^(commander|node:.*|cli-progress)$/,
      /^\.\.\/zod\.js$/, // applyConfig validates framewise.config.json before the arguments are parsed
    ];
    const offending = files('src/cli').flatMap((f) => importsOf(f, true).filter((m) => !allowed.some((re) => re.test(m))).map((m) => `${f}: ${m}`));
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
      .flatMap((f) => importsOf(f).filter((m) => m.includes('pipelines/')).map((m) => `${f}: ${m}`));
    expect(offending).toEqual([]);
  });

  it('one module owns child processes: child_process appears only in src/ffmpeg/ffmpegProcess.ts', () => {
    const offending = code.filter(
      (f) => f !== join('src', 'ffmpeg', 'ffmpegProcess.ts') && /from 'node:child_process'|require\('child_process'\)/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
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
