import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../src/cli.js';
import type { Context } from '../src/context.js';
import { emptyTicketFacts } from '../src/metrics/facts.js';

export const ROOT = resolve(import.meta.dirname, '..');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with fake streams (cwd: the repository root unless given). */
export async function cli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; tty?: boolean; now?: number; stdin?: string | Buffer; columns?: number; stderrTty?: boolean } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const ctx: Context = {
    // Standard input as a stream of chunks (read only when a file is given as `-`).
    stdin: opts.stdin === undefined ? undefined : Readable.from([Buffer.from(opts.stdin)]),
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false, columns: opts.columns },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.stderrTty ?? false },
    env: opts.env ?? {},
    cwd: opts.cwd ?? ROOT,
    now: opts.now === undefined ? undefined : () => opts.now!,
  };
  const code = await runCli(ctx, args);
  return { code, stdout, stderr };
}

/** A scratch directory with the given files written into it. */
export function scratch(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'csm-kpi-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A ticket's facts for metric tests: nothing known unless given. */
export const ticket = emptyTicketFacts;
