/**
 * What a command touches outside itself. The CLI passes the real process streams; tests
 * pass fakes and read what was written, without spawning processes.
 */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  /** A terminal's width in columns (process.stdout.columns). */
  columns?: number;
}

/** Standard input: a stream of bytes and, for a real process, its file descriptor. */
export interface Input extends AsyncIterable<Uint8Array | string> {
  fd?: number;
}

export interface Context {
  /** Read only when a file is given as `-`. */
  stdin?: Input;
  stdout: Output;
  stderr: Output;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock (epoch ms) relative windows start from; Date.now when absent. Tests fix it. */
  now?: () => number;
}

/** Colour only for a terminal, never when NO_COLOR is set (https://no-color.org) or --no-color is given. */
export function useColor(ctx: Context, requested: boolean): boolean {
  if (!requested) return false;
  if (ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '') return false;
  if (ctx.env.FORCE_COLOR !== undefined && ctx.env.FORCE_COLOR !== '0') return true;
  return ctx.stdout.isTTY === true;
}
