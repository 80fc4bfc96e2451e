import type { Context } from '../context.js';

export const DEFAULT_TABLE_WIDTH = 80;
export const DEFAULT_TOP = 20;

/**
 * Columns the table may use: the terminal's (when the table goes to it), else $COLUMNS
 * (what a shell sets, and what a user sets for a file or a pipe), else 80.
 */
export function tableWidth(ctx: Context, toTerminal = true): number {
  const tty = toTerminal && ctx.stdout.isTTY ? ctx.stdout.columns : undefined;
  if (tty !== undefined && tty > 0) return tty;
  const env = ctx.env.COLUMNS;
  if (env !== undefined && /^[1-9]\d*$/.test(env.trim())) return Number(env.trim());
  return DEFAULT_TABLE_WIDTH;
}

/** --top N: groups listed per --by level (default 20); 0 or "all" lists every group (null). */
export function parseTop(text: string | number): number | null {
  const t = String(text).trim().toLowerCase();
  if (t === 'all' || t === '0') return null;
  if (!/^[1-9]\d*$/.test(t)) throw new Error(`must be a whole number, or all ("${text}")`);
  return Number(t);
}
