import type { Context } from '../context.js';
import { checkFiles, spoolUnseekable, STDIN_NAME } from '../input/input-files.js';
import type { NamedOutput } from '../input/input-files.js';
import { DEFAULT_CONFIG, setupInputs } from '../settings/input-settings.js';
import type { InputCliOptions, InputSetup } from '../settings/input-settings.js';

export interface PreparedInputs extends InputSetup {
  /** Removes the temporary copies of standard input and pipes: call it when the run ends, however it ends. */
  cleanup(): void;
}

/**
 * The inputs of compute, validate and columns: checked against each other and against the
 * outputs before anything is read (no file twice, no output overwriting an input), set up
 * from the flags, config and preset, then `-` and pipes copied to temporary files that
 * the reader can read like any other (input-files.ts).
 */
export async function prepareInputs(
  ctx: Context,
  positional: string[],
  o: InputCliOptions,
  outputs: NamedOutput[] = [],
  otherInputs: (string | undefined)[] = [],
): Promise<PreparedInputs> {
  const names = [...positional, ...(o.tickets ?? []), ...(o.surveys ?? []), ...(o.customers ?? [])];
  const others = [o.config ?? DEFAULT_CONFIG, ...otherInputs].filter((n): n is string => n !== undefined);
  checkFiles(
    ctx,
    names.map((name) => ({ name })),
    others.map((name) => ({ name })),
    outputs,
  );
  const setup = setupInputs(ctx, positional, o);
  const spooled = await spoolUnseekable(ctx, names);
  const files = setup.files.map((f) => {
    const copy = spooled.paths.get(f.name);
    return copy === undefined ? f : { ...f, path: copy, name: f.name === '-' ? STDIN_NAME : f.name };
  });
  return { ...setup, files, cleanup: spooled.cleanup };
}
