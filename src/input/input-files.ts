/**
 * The files a command is given, checked before anything is read or written, and `-` (or a
 * pipe, a FIFO, /dev/stdin) made readable:
 * - the same file given twice (by two names, a symlink or a hard link: one device and
 *   inode) would count its rows twice: refused;
 * - --output or --rejects naming a file the run reads would overwrite it, and the two
 *   naming one file would lose one of them: refused;
 * - the reader reads a file twice (the header, then the rows) at given offsets, which a pipe
 *   cannot do (ESPIPE): standard input and other unseekable files are first copied to a
 *   temporary file (in the system's temp directory, mode 0600, removed at the end).
 */
import { closeSync, createReadStream, fstatSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Context } from '../context.js';
import { CsmError } from '../errors.js';
import { writeTarget } from '../output/write-file.js';

/** The name standard input (`-`) has in messages and in the report's inputs. */
export const STDIN_NAME = '<stdin>';

/** A file the run reads: the name given on the command line (`-` for standard input). */
export interface NamedInput {
  name: string;
}

/** A file the run writes, by its flag. */
export interface NamedOutput {
  flag: string;
  name: string;
}

interface Identity {
  /** device:inode, or null when the file does not exist (yet). */
  id: string | null;
  /** The path the name leads to (symlinks followed for outputs), for files that do not exist. */
  path: string;
}

function identityOfPath(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null; // a missing input is reported by the reader, with its own message
  }
}

/** Standard input's identity when it is a file (`< tickets.csv`): a pipe or a terminal is nothing that can be overwritten. */
function identityOfStdin(ctx: Context): string | null {
  const fd = ctx.stdin?.fd;
  if (typeof fd !== 'number') return null;
  try {
    const st = fstatSync(fd);
    return st.isFile() ? `${st.dev}:${st.ino}` : null;
  } catch {
    return null;
  }
}

/** Standard input's identity whatever it is (a pipe, a socket, a file), or null. */
function identityOfStdinStream(ctx: Context): string | null {
  const fd = ctx.stdin?.fd;
  if (typeof fd !== 'number') return null;
  try {
    const st = fstatSync(fd);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/**
 * Refuses (exit 2) a data file given twice, and an output (--output, --rejects) that is a
 * file the run reads (data or others: config, targets, holidays) or the other output.
 * Reads nothing but the files' metadata.
 */
export function checkFiles(ctx: Context, data: readonly NamedInput[], others: readonly NamedInput[], outputs: readonly NamedOutput[]): void {
  const seen = new Map<string, string>();
  const shown = (n: string) => (n === '-' ? '- (standard input)' : n);
  let stdin = false;
  for (const { name } of data) {
    if (name === '-') {
      if (stdin) throw new CsmError('CSM_USAGE', '- (standard input) is given twice: it can be read once');
      stdin = true;
    }
    const id = name === '-' ? identityOfStdin(ctx) : identityOfPath(resolve(ctx.cwd, name));
    if (id === null) continue;
    const other = seen.get(id);
    if (other !== undefined) {
      throw new CsmError(
        'CSM_USAGE',
        other === name
          ? `${name}: given twice; its rows would count twice: give it once`
          : `${shown(other)} and ${shown(name)} are the same file; its rows would count twice: give it once`,
      );
    }
    seen.set(id, name);
  }
  for (const { name } of others) {
    const id = identityOfPath(resolve(ctx.cwd, name));
    if (id !== null && !seen.has(id)) seen.set(id, name);
  }
  const written: (NamedOutput & Identity)[] = [];
  for (const o of outputs) {
    if (o.name === '-') continue; // standard output
    // An existing file by its identity (through symlinks); a new one by where it will be made.
    const id = identityOfPath(resolve(ctx.cwd, o.name));
    const path = id === null ? writeTarget(resolve(ctx.cwd, o.name), o.name) : '';
    const input = id === null ? undefined : seen.get(id);
    if (input !== undefined) {
      throw new CsmError('CSM_USAGE', `${o.flag} ${o.name}: is the input ${shown(input)}; writing there would overwrite it: choose another file`);
    }
    const twin = written.find((w) => (id !== null ? w.id === id : w.path === path));
    if (twin !== undefined) throw new CsmError('CSM_USAGE', `${twin.flag} and ${o.flag} name the same file (${o.name}); one would overwrite the other: choose two files`);
    written.push({ ...o, id, path });
  }
}

/** Spooled copies of unseekable inputs, removed by cleanup(). */
export interface Spooled {
  /** The path to read for a file given as name, or undefined when the file itself is read. */
  paths: Map<string, string>;
  cleanup(): void;
}

/** Whether the reader can read path at offsets: a regular file or a directory (which the reader refuses itself) or nothing at all (likewise). */
function seekable(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() || st.isDirectory();
  } catch {
    return true;
  }
}

/**
 * Copies `-` (standard input, from ctx.stdin) and unseekable inputs (a pipe such as
 * /dev/stdin or bash's <(…), a FIFO, a character device) to temporary files, chunk by
 * chunk (never whole in memory), so that the reader can read them like any other file.
 */
export async function spoolUnseekable(ctx: Context, names: readonly string[]): Promise<Spooled> {
  const paths = new Map<string, string>();
  let dir: string | null = null;
  const cleanup = () => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  };
  try {
    for (const name of names) {
      if (paths.has(name)) continue;
      let source: AsyncIterable<Uint8Array | string>;
      const path = resolve(ctx.cwd, name);
      // /dev/stdin (or /dev/fd/0) is standard input too: when that is a socket (as Node's own
      // child processes get) it cannot be opened again, but it can be read.
      if (name === '-' || (!seekable(path) && identityOfPath(path) !== null && identityOfPath(path) === identityOfStdinStream(ctx))) {
        if (ctx.stdin === undefined) throw new CsmError('CSM_FILE_UNREADABLE', `${STDIN_NAME}: no standard input to read`);
        source = ctx.stdin;
      } else {
        if (seekable(path)) continue;
        source = createReadStream(path);
      }
      // mkdtemp makes a directory only this user can enter (0700).
      dir ??= mkdtempSync(join(tmpdir(), 'csm-kpi-'));
      const copy = join(dir, `input-${paths.size}`);
      const fd = openSync(copy, 'wx', 0o600);
      try {
        for await (const chunk of source) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
        }
      } catch (e) {
        if (e instanceof CsmError) throw e;
        throw new CsmError('CSM_FILE_UNREADABLE', `${name === '-' ? STDIN_NAME : name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      } finally {
        closeSync(fd);
      }
      paths.set(name, copy);
    }
  } catch (e) {
    cleanup();
    throw e;
  }
  return { paths, cleanup };
}
