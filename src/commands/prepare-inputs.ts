import type { Context } from '../context.js';
import { checkFiles, spoolUnseekable, STDIN_NAME } from '../input/input-files.js';
import type { NamedOutput } from '../input/input-files.js';
import { DEFAULT_CONFIG } from '../settings/settings.js';
import type { InputFlags, InputSettings } from '../settings/settings.js';

export type Prepared<S extends InputSettings> = S & {
  /** Removes the temporary copies of standard input and pipes: call it when the run ends, however it ends. */
  cleanup(): void;
};

/**
 * The inputs of compute, validate and columns: checked against each other and against the
 * outputs before anything is read (no file twice, no output overwriting an input), set up
 * from the flags, config and preset, then `-` and pipes copied to temporary files that
 * the reader can read like any other (input-files.ts).
 */
export async function prepareInputs<S extends InputSettings>(
  ctx: Context,
  positional: string[],
  o: InputFlags,
  resolveSettings: () => S,
  outputs: NamedOutput[] = [],
  otherInputs: (string | undefined)[] = [],
): Promise<Prepared<S>> {
  const names = [...positional, ...(o.tickets ?? []), ...(o.surveys ?? []), ...(o.customers ?? [])];
  const others = [o.config ?? DEFAULT_CONFIG, ...otherInputs].filter((n): n is string => n !== undefined);
  checkFiles(
    ctx,
    names.map((name) => ({ name })),
    others.map((name) => ({ name })),
    outputs,
  );
  const setup = resolveSettings();
  const spooled = await spoolUnseekable(ctx, names);
  const files = setup.files.map((f) => {
    const copy = spooled.paths.get(f.name);
    return copy === undefined ? f : { ...f, path: copy, name: f.name === '-' ? STDIN_NAME : f.name };
  });
  return { ...setup, files, cleanup: spooled.cleanup };
}
