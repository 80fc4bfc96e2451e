import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CsmError } from '../errors.js';

/**
 * Writes text to path atomically: a temporary file beside it, synced, then renamed over
 * it, so a reader (or a cron job that died half-way) never sees a half-written report.
 */
export function writeFileAtomic(path: string, text: string | Iterable<string>): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      // A large report comes in pieces (see to-json.ts): each is written as it is made.
      for (const piece of typeof text === 'string' ? [text] : text) writeSync(fd, piece);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CsmError('CSM_OUTPUT_FAILED', `${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}
