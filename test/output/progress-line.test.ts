import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProgressLine, humanBytes } from '../../src/output/progress-line.js';
import { ROOT, cli, scratch } from '../helpers.js';

/** A terminal that keeps what was written, and a clock the test moves. */
function fakeTerminal() {
  const out = { text: '', isTTY: true, columns: 100, write: (s: string) => (out.text += s) };
  const clock = { t: 0, now: () => clock.t };
  return { out, clock };
}

describe('the progress line', () => {
  it('shows after the delay, at most every 250 ms, and is erased at the end', () => {
    const { out, clock } = fakeTerminal();
    const p = new ProgressLine(out, { total: 10_000_000, after: 1000, now: clock.now });
    p.advance(1_000_000, 10_000);
    clock.t = 500;
    p.advance(1_000_000, 10_000);
    expect(out.text).toBe(''); // under a second: nothing
    clock.t = 1000;
    p.advance(1_000_000, 10_000);
    expect(out.text).toBe('\rreading 3.0 MB of 10.0 MB (30 %) · 30,000 rows/s · 2 s left\x1b[K');
    clock.t = 1100;
    p.advance(1_000_000, 10_000);
    expect(out.text.split('\r')).toHaveLength(2); // 100 ms later: not redrawn
    clock.t = 1250;
    p.advance(1_000_000, 10_000);
    expect(out.text.endsWith('\rreading 5.0 MB of 10.0 MB (50 %) · 40,000 rows/s · 1 s left\x1b[K')).toBe(true);
    p.phase('computing the report…');
    expect(out.text.endsWith('\rread 5.0 MB, 50,000 rows in 1.3 s · computing the report…\x1b[K')).toBe(true);
    clock.t = 5000;
    p.advance(1_000_000, 10_000); // after the reading: no more figures
    expect(out.text.endsWith('computing the report…\x1b[K')).toBe(true);
    p.done();
    expect(out.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it("adds another thread's counts, never past the total, and fits the terminal", () => {
    const { out, clock } = fakeTerminal();
    out.columns = 40;
    const p = new ProgressLine(out, { total: 2_000_000, after: 0, now: clock.now });
    p.also(() => ({ bytes: 1_500_000, rows: 7 }));
    clock.t = 2000;
    p.advance(1_000_000, 3);
    const line = out.text.split('\r').pop()!.replace('\x1b[K', '');
    expect(line).toBe('reading 2.0 MB of 2.0 MB (100 %) · 5 r…');
    expect(line.length).toBe(39);
  });

  it('a run that ends before it shows writes nothing', () => {
    const { out, clock } = fakeTerminal();
    const p = new ProgressLine(out, { total: 100, after: 1000, now: clock.now });
    p.advance(100, 2);
    p.phase('computing the report…');
    p.done();
    expect(out.text).toBe('');
  });

  it('sizes read as people say them', () => {
    expect(humanBytes(999)).toBe('999 B');
    expect(humanBytes(1_234_567)).toBe('1.2 MB');
    expect(humanBytes(2_500_000_000)).toBe('2.5 GB');
  });
});

describe('compute draws it on a terminal only', () => {
  const rows = ['id,created_at,agent'];
  for (let i = 0; i < 60_000; i++) rows.push(`T${i},2026-03-02 09:${String(i % 60).padStart(2, '0')},agent-${i % 40}`);
  const dir = scratch({ 't.csv': rows.join('\n') + '\n' });
  const file = join(dir, 't.csv');
  const size = humanBytes(statSync(file).size);
  const NOW = { CSM_KPI_PROGRESS_AFTER_MS: '0' };

  it('reading bytes of the total, then erased before the report is written', async () => {
    const r = await cli(['compute', file, '--tz', 'UTC', '--format', 'json'], { stderrTty: true, env: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr.startsWith(`\rreading 1.0 MB of ${size} (`)).toBe(true);
    expect(r.stderr).toMatch(/^\rreading [^\r]* · [\d,]+ rows\/s · \d+ s left\x1b\[K/);
    expect(r.stderr).toContain(`\rread ${size}, 60,000 rows in `);
    expect(r.stderr.endsWith(' · computing the report…\x1b[K\r\x1b[K')).toBe(true);
    expect(JSON.parse(r.stdout).kpis.ticket_volume.value).toBe(60_000);
  });

  it('never when stderr is not a terminal, with --quiet, or for a run under a second', async () => {
    expect((await cli(['compute', file, '--tz', 'UTC'], { env: NOW })).stderr).toBe('');
    expect((await cli(['compute', file, '--tz', 'UTC', '--quiet'], { stderrTty: true, env: NOW })).stderr).toBe('');
    expect((await cli(['compute', 'fixtures/tickets.csv', '--tz', 'UTC'], { stderrTty: true })).stderr).toBe('');
  });

  it('a message on stderr takes the line down first', async () => {
    const bad = join(scratch({ 'b.csv': rows.join('\n') + '\nT1,2026-03-02 09:00,x\n' }), 'b.csv');
    const r = await cli(['compute', bad, '--tz', 'UTC', '--skip-invalid', '--format', 'json'], { stderrTty: true, env: NOW });
    expect(r.code).toBe(0);
    // Each message starts on a clean line: the line is erased right before it.
    expect(r.stderr).toMatch(/\x1b\[K\r\x1b\[K[^\r]*duplicate/);
  });

  it.each(['2', '4'])('counts what the worker threads read too (--threads %s)', (threads) => {
    // The worker runs from dist/: a process of its own, with a fake terminal for stderr.
    const script = join(dir, 'tty.mjs');
    writeFileSync(
      script,
      `import { runCli } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/cli.js')).href)};
let err = '';
const code = await runCli({ stdout: { write: () => true }, stderr: { write: (s) => (err += s), isTTY: true, columns: 120 }, env: process.env, cwd: process.cwd() },
  ['compute', 't.csv', '--tz', 'UTC', '--threads', '${threads}', '--format', 'json']);
process.stdout.write(JSON.stringify({ code, err }));
`,
    );
    const r = spawnSync(process.execPath, [script], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', CSM_KPI_PARALLEL_MIN_BYTES: '1', CSM_KPI_TIMING: '1', ...NOW },
    });
    const { code, err } = JSON.parse(r.stdout);
    expect(code).toBe(0);
    expect(err).toMatch(/worker 0: read its part/);
    if (threads === '4') expect(err).toMatch(/worker 2: read its part/);
    expect(err).toContain(`read ${size}, 60,000 rows in `);
  });
});
