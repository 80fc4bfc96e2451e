import { closeSync, openSync, readSync } from 'node:fs';
import type { Context } from '../context.js';
import type { Encoding } from '../input/csv/encoding.js';
import { checkFiles, spoolUnseekable, STDIN_NAME } from '../input/input-files.js';
import type { InputFile } from '../input/load.js';
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
    return markedUtf8(copy === undefined ? f : { ...f, path: copy, name: f.name === '-' ? STDIN_NAME : f.name });
  });
  return { ...setup, files, cleanup: spooled.cleanup };
}

/** A file whose UTF-8 byte order mark overrode the encoding the run asked for. */
export type MarkedFile = InputFile & { asked?: Encoding };

/**
 * A file read as Latin-1 or Windows-1252 that starts with UTF-8's byte order mark is read as
 * UTF-8 (and told, input-notes.ts encodingNotes): --encoding is one for all the files, and
 * beside a Latin-1 export may lie a UTF-8 one from another tool; read as Latin-1, the mark
 * would be "ï»¿" in front of the first header name, and that column missing. No Latin-1 CSV
 * starts with those three characters. A file that cannot be opened is left to the reader's
 * message.
 */
export function markedUtf8(f: InputFile): MarkedFile {
  if (f.encoding === 'utf-8') return f;
  const head = Buffer.alloc(3);
  let got = 0;
  try {
    const fd = openSync(f.path, 'r');
    try {
      got = readSync(fd, head, 0, 3, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return f;
  }
  return got === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? { ...f, encoding: 'utf-8', asked: f.encoding } : f;
}
