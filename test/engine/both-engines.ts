/**
 * Both engines over the same files, for the DuckDB engine's tests: the same report, or the same
 * refusal (duckdb-reads.test.ts, duckdb-survivors.test.ts).
 */
import { expect } from 'vitest';
import { cli, scratch } from '../helpers.js';
import type { Run } from '../helpers.js';
import { expectSameReport } from './sql-parity.js';

export type Files = Record<string, string | Buffer>;

const args = (given: string[]) => [...given, ...(given.includes('--tz') ? [] : ['--tz', 'UTC']), '--format', 'json'];

/** compute in dir with the JavaScript engine (--tz UTC unless given, JSON). */
export const runJs = (dir: string, given: string[]) => cli(['compute', ...args(given)], { cwd: dir });
/** compute in dir with the DuckDB engine (--tz UTC unless given, JSON). */
export const runDuckdb = (dir: string, given: string[]) => cli(['compute', ...args(given), '--engine', 'duckdb'], { cwd: dir });

/** The JavaScript engine's run and the DuckDB engine's, over the same files. */
export async function runBoth(files: Files, given: string[]): Promise<[Run, Run]> {
  const dir = scratch(files);
  return [await runJs(dir, given), await runDuckdb(dir, given)];
}

/** Both engines give a report, the same one, with the same notes on stderr; the JavaScript engine's report. */
export async function sameReport(files: Files, given: string[]) {
  const [a, b] = await runBoth(files, given);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  const report = JSON.parse(a.stdout);
  expectSameReport(report, JSON.parse(b.stdout));
  expect(b.stderr).toBe(a.stderr);
  return { report, stderr: a.stderr };
}

/** Both engines refuse with the same first line (the DuckDB engine prefixes it with csm-kpi:, and stops there). */
export async function refusedAlike(files: Files, given: string[], message: string) {
  const [a, b] = await runBoth(files, given);
  expect(a.code).toBe(2);
  expect(a.stderr.split('\n')[0]).toBe(message);
  expect(b.code).toBe(2);
  expect(b.stdout).toBe('');
  expect(b.stderr).toBe(`csm-kpi: ${message}\n`);
}
