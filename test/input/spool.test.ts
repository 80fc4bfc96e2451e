import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Context, Input } from '../../src/context.js';
import { spoolUnseekable } from '../../src/input/input-files.js';

// Standard input and pipes copied to temporary files, in-process (outputs.test.ts runs them in
// a real process): what is copied, from where, and the one line a failed read gives.

const dir = mkdtempSync(join(tmpdir(), 'csm-spool-'));
const ctx = (stdin?: Input): Context => ({ stdin, stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: dir });
async function* chunks(...parts: (string | Uint8Array | Error)[]): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) {
    if (p instanceof Error) throw p;
    yield p;
  }
}
const fds: number[] = [];
afterEach(() => {
  while (fds.length > 0) closeSync(fds.pop()!);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spoolUnseekable', () => {
  it('- is copied from the context\'s stdin, text and bytes alike, once, to a 0600 file that cleanup removes', async () => {
    writeFileSync(join(dir, 'plain.csv'), 'id\n1\n');
    const spooled = await spoolUnseekable(ctx(chunks('id,created_at\n', Buffer.from('T1,2026-03-02\n'))), ['-', 'plain.csv', '-']);
    expect([...spooled.paths.keys()]).toEqual(['-']);
    const copy = spooled.paths.get('-')!;
    expect(readFileSync(copy, 'utf8')).toBe('id,created_at\nT1,2026-03-02\n');
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(dirname(copy).startsWith(join(tmpdir(), 'csm-kpi-'))).toBe(true);
    spooled.cleanup();
    expect(existsSync(dirname(copy))).toBe(false);
  });

  it('a regular file is read where it is: nothing copied, no directory made', async () => {
    writeFileSync(join(dir, 'a.csv'), 'id\n1\n');
    const spooled = await spoolUnseekable(ctx(), ['a.csv', 'missing.csv']);
    expect(spooled.paths.size).toBe(0);
    spooled.cleanup();
  });

  it('- without a standard input: one line naming <stdin>', async () => {
    await expect(spoolUnseekable(ctx(), ['-'])).rejects.toMatchObject({ code: 'CSM_FILE_UNREADABLE', message: '<stdin>: no standard input to read' });
  });

  it('a read that fails: the file\'s name and the error\'s code, or the error itself', async () => {
    const eio = Object.assign(new Error('i/o'), { code: 'EIO' });
    await expect(spoolUnseekable(ctx(chunks('id\n', eio)), ['-'])).rejects.toMatchObject({ code: 'CSM_FILE_UNREADABLE', message: '<stdin>: cannot read (EIO)' });
    await expect(spoolUnseekable(ctx(chunks(new Error('boom'))), ['-'])).rejects.toMatchObject({ message: '<stdin>: cannot read (Error: boom)' });
  });

  it('a regular file that is also standard input (< t.csv and t.csv) is read where it is, not from the stream', async () => {
    writeFileSync(join(dir, 'both.csv'), 'id\n1\n');
    const fd = openSync(join(dir, 'both.csv'), 'r');
    fds.push(fd);
    const spooled = await spoolUnseekable(ctx(Object.assign(chunks('id\nfrom stdin\n'), { fd })), ['both.csv']);
    expect(spooled.paths.size).toBe(0);
    spooled.cleanup();
  });

  it('a FIFO is copied from the FIFO; the FIFO that is standard input (/dev/stdin) from the stdin stream', async () => {
    const fifo = join(dir, 'tickets.fifo');
    execFileSync('mkfifo', [fifo]);
    // A writer in another process: the copy reads until it closes.
    const writer = spawn('sh', ['-c', `printf 'id\\nT9\\n' > '${fifo}'`]);
    const written = new Promise((done) => writer.on('close', done));
    const fromFifo = await spoolUnseekable(ctx(), ['tickets.fifo']);
    expect(readFileSync(fromFifo.paths.get('tickets.fifo')!, 'utf8')).toBe('id\nT9\n');
    fromFifo.cleanup();
    expect(await written).toBe(0);
    // Opened read-write, the FIFO does not block; as stdin's descriptor it makes the FIFO
    // standard input, which is then read from the stream (a socket cannot be opened again).
    const fd = openSync(fifo, constants.O_RDWR);
    fds.push(fd);
    const stdin = Object.assign(chunks('id\nfrom stdin\n'), { fd });
    const fromStdin = await spoolUnseekable(ctx(stdin), ['tickets.fifo']);
    expect(readFileSync(fromStdin.paths.get('tickets.fifo')!, 'utf8')).toBe('id\nfrom stdin\n');
    fromStdin.cleanup();
  });
});
