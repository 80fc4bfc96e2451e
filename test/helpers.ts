import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../src/cli.js';
import type { Context } from '../src/context.js';
import type { TicketFacts } from '../src/metrics/facts.js';

export const ROOT = resolve(import.meta.dirname, '..');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with fake streams (cwd: the repository root unless given). */
export async function cli(args: string[], opts: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const ctx: Context = {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s) },
    env: opts.env ?? {},
    cwd: opts.cwd ?? ROOT,
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

export function ticket(over: Partial<TicketFacts> = {}): TicketFacts {
  return {
    createdAt: 0,
    firstResponseSeconds: null,
    resolutionSeconds: null,
    resolved: false,
    customerId: null,
    contacts: null,
    reopened: false,
    handleSeconds: null,
    selfService: false,
    ...over,
  };
}
