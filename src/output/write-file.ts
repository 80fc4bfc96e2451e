import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, lstatSync, openSync, readlinkSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CsmError } from '../errors.js';

/** Symlinks followed before giving up (Linux's own limit for one path lookup). */
const MAX_LINKS = 40;
/** Text is written in pieces of about this size: rejected rows stream through without piling up. */
const FLUSH_BYTES = 1 << 20;

function failure(name: string, e: unknown): CsmError {
  if (e instanceof CsmError) return e;
  return new CsmError('CSM_OUTPUT_FAILED', `${name}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
}

/**
 * Where a write to path lands. A symlink is written through, not replaced: the file it
 * points to (through every link of a chain; created when the last link dangles) gets the
 * new content and the link stays a link, as `>` in a shell does. (Replacing the link with a
 * file would silently detach whatever else reads through it: a dashboard's `latest.json`.)
 */
export function writeTarget(path: string, name = path): string {
  let p = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let link: boolean;
    try {
      link = lstatSync(p).isSymbolicLink();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return p;
      throw failure(name, e);
    }
    if (!link) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new CsmError('CSM_OUTPUT_FAILED', `${name}: cannot write (ELOOP: more than ${MAX_LINKS} symlinks)`);
}

/**
 * A file written atomically: its text goes to a temporary file beside the target, synced,
 * then renamed over it, so a reader (or a cron job that died half-way) never sees a
 * half-written file, and a failed run leaves the old one in place. Text can be written in
 * many pieces (rejected rows as they are met).
 *
 * - The temporary file is created exclusively (O_EXCL, a random name): never an existing
 *   file or a symlink planted under the name it would use.
 * - It gets the target's permission bits before any text goes in: a 0600 report stays 0600.
 *   A new target gets the usual 0666 less the umask.
 * - A symlink target is written through (see writeTarget).
 * - A target that exists and is not a regular file (/dev/null, a named pipe, a terminal)
 *   cannot be replaced by a rename: it is opened and written directly.
 * - On any failure the temporary file is removed and the target is left as it was.
 */
export class AtomicFile {
  /** The file written: the path given, through its symlinks. */
  readonly target: string;
  private readonly tmp: string | null;
  private fd: number;
  private pending: string[] = [];
  private pendingLength = 0;

  /** name is the path as the user gave it, for messages. */
  constructor(path: string, private readonly name: string = path) {
    let existing: ReturnType<typeof statSync> | null = null;
    try {
      existing = statSync(path); // through symlinks, /dev/stdout's too
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw failure(name, e);
    }
    if (existing?.isDirectory()) throw new CsmError('CSM_OUTPUT_FAILED', `${name}: is a directory`);
    if (existing !== null && !existing.isFile()) {
      this.target = path;
      this.tmp = null;
      try {
        this.fd = openSync(path, 'w');
      } catch (e) {
        throw failure(name, e);
      }
      return;
    }
    this.target = writeTarget(path, name);
    let tmp = '';
    let fd = -1;
    try {
      for (let attempt = 0; fd < 0; attempt++) {
        tmp = join(dirname(this.target), `.${basename(this.target)}.${randomBytes(6).toString('hex')}.tmp`);
        try {
          fd = openSync(tmp, 'wx', 0o666);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 10) throw e;
        }
      }
    } catch (e) {
      throw failure(name, e);
    }
    this.tmp = tmp;
    this.fd = fd;
    try {
      if (existing !== null) fchmodSync(fd, existing.mode & 0o7777);
    } catch (e) {
      this.abort();
      throw failure(name, e);
    }
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
    } catch (e) {
      this.abort();
      throw failure(this.name, e);
    }
  }

  /** Everything written: synced and renamed over the target. */
  commit(): void {
    this.flush();
    try {
      if (this.tmp !== null) fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = -1;
      if (this.tmp !== null) renameSync(this.tmp, this.target);
    } catch (e) {
      this.abort();
      throw failure(this.name, e);
    }
  }

  /** Gives up: the temporary file is removed, the target left as it was. Safe to call twice. */
  abort(): void {
    this.pending = [];
    this.pendingLength = 0;
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // already failing: the removal below is what matters
      }
      this.fd = -1;
    }
    if (this.tmp !== null) rmSync(this.tmp, { force: true });
  }
}

/**
 * Writes text to path atomically (see AtomicFile); name is the path as given, for messages.
 * A large report comes in pieces (see to-json.ts): each is written as it is made.
 */
export function writeFileAtomic(path: string, text: string | Iterable<string>, name: string = path): void {
  const file = new AtomicFile(path, name);
  for (const piece of typeof text === 'string' ? [text] : text) file.write(piece);
  file.commit();
}
