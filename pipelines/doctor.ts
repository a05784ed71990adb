/** `framewise doctor`: which ffmpeg and ffprobe framewise runs, and what they can do. */
export { doctorReport } from '../src/decode/doctor.js';
