import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';

let zod: typeof Zod | null = null;

/**
 * zod, loaded on first use: it validates config and targets files, which most runs do not
 * have, and importing it costs ~100 ms of start-up (a cron job on 10k tickets takes 0.3 s).
 */
export function loadZod(): typeof Zod {
  if (zod === null) zod = (createRequire(import.meta.url)('zod') as { z: typeof Zod }).z;
  return zod;
}
