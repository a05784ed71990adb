import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live ffmpeg/ffprobe processes (any parent) whose command line mentions `needle` (e.g. a test's temp folder) and each of `also`. */
export function processesMentioning(needle: string, ...also: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue; // a zombie holds no resources
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(needle) && also.every((s) => cmd.includes(s)) && /ff(mpeg|probe)/.test(cmd)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
