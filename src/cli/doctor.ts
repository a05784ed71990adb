import type { Command } from 'commander';
import { doctorReport } from '../../pipelines/doctor.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Show which ffmpeg and ffprobe framewise uses, and their versions.')
    .action(() => {
      process.stdout.write(doctorReport() + '\n');
    });
}
