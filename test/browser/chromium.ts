/**
 * Debian's chromium for the browser tests: found on PATH, else installed with apt-get (as
 * .ci/run does) when this is a Debian machine run as root. No npm package downloads a
 * browser. Null (and the reason) only when chromium is absent and cannot be installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Chromium {
  path: string | null;
  /** Why there is none: the skip message. */
  reason: string;
}

function which(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function findChromium(): Chromium {
  const found = process.env.CHROMIUM_PATH ?? which('chromium') ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null);
  if (found) return { path: found, reason: '' };
  if (!which('apt-get') || process.getuid?.() !== 0) {
    return { path: null, reason: 'chromium is not installed and cannot be installed here (no apt-get, or not root): apt-get install chromium, or set CHROMIUM_PATH' };
  }
  try {
    execFileSync('sh', ['-c', 'apt-get update && apt-get install -y chromium'], { stdio: 'ignore', timeout: 600_000 });
  } catch (e) {
    return { path: null, reason: `chromium is not installed and apt-get install chromium failed (${(e as Error).message.split('\n')[0]})` };
  }
  const installed = which('chromium');
  return installed ? { path: installed, reason: '' } : { path: null, reason: 'apt-get install chromium gave no chromium on PATH' };
}
