/**
 * zod's small build, with its English messages: its checks are functions, so the CLI bundle keeps only those
 * framewise uses (45 KB) rather than all of zod with every language's messages (755 KB, about 25 ms of every
 * command's start-up to load).
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
