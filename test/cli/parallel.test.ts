/**
 * The parallel path (engine/parallel/) must give exactly what one thread gives: same JSON,
 * same messages with the same line numbers, same exit codes, on two threads and on five
 * (see both()); threads.test.ts goes through 1..8 on every shape of the bench. The size
 * threshold is lowered so that small files take it; --threads 1 is the reference.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, scratch } from '../helpers.js';

const BIN = join(ROOT, 'bin/csm-kpi.js');

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CSM_KPI_PARALLEL_MIN_BYTES: '1', ...env } });
}

/** One thread, two, and five (four workers: a merge tree two levels deep); five must give what two gives. */
function both(args: string[], cwd: string) {
  const one = run([...args, '--threads', '1'], cwd);
  const two = run([...args, '--threads', '2'], cwd);
  const five = run([...args, '--threads', '5'], cwd);
  expect(five.stdout, 'stdout of --threads 5').toBe(two.stdout);
  expect(five.stderr, 'stderr of --threads 5').toBe(two.stderr);
  expect(five.status, 'exit code of --threads 5').toBe(two.status);
  return { one, two };
}

function tickets(n: number, row: (i: number) => string): string {
  const lines = ['id,created_at,first_response_at,resolved_at,status,agent,customer_id,contacts,note'];
  for (let i = 1; i <= n; i++) lines.push(row(i));
  return lines.join('\n') + '\n';
}

const plain = (i: number) =>
  `T${i},2026-03-${String(1 + (i % 28)).padStart(2, '0')} 09:00,2026-03-${String(1 + (i % 28)).padStart(2, '0')} ${String(9 + (i % 5)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},,${i % 3 ? 'solved' : 'open'},a${i % 7},C${i % 50},${1 + (i % 3)},x`;

describe('parallel reading equals sequential reading', () => {
  it('--where, SLA targets per priority, --list breaches and the period × group table: identical output (issue 15)', () => {
    const row = (i: number) => `${plain(i)},${['low', 'normal', 'high', 'urgent'][i % 4]}`;
    const lines = tickets(3000, row).replace('note\n', 'note,priority\n');
    const dir = scratch({ 't.csv': lines });
    const common = ['compute', 't.csv', '--tz', 'UTC', '--where', 'priority!=low', '--where', 'agent=a1,a2,a3,a9', '--sla', 'first_response=2h', '--sla', 'priority=urgent:first_response=30m'];
    for (const extra of [['--period', 'week', '--by', 'agent', '--format', 'json'], ['--period', 'week', '--by', 'agent', '--format', 'csv'], ['--list', 'breaches', '--format', 'csv']]) {
      const { one, two } = both([...common, ...extra], dir);
      expect(one.status, one.stderr).toBe(0);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
    }
    const timed = run([...common, '--format', 'json', '--threads', '2'], dir, { CSM_KPI_TIMING: '1' });
    expect(timed.stderr).toMatch(/worker 0: read its part/);
    expect(timed.stderr).not.toMatch(/dropped/);
    // a9 does not exist: the note is the same on both (the values seen are merged from both parts).
    expect(timed.stderr).toMatch(/note: --where agent=a1,a2,a3,a9: no row has agent "a9" \(the other values matched\); values there include "a0", "a4", "a5", "a6"\n/);
    const r = JSON.parse(run([...common, '--format', 'json', '--threads', '2'], dir).stdout);
    // Rows i with i % 7 in {1, 2, 3} and i % 4 != 0, of i = 1..3000.
    let n = 0;
    for (let i = 1; i <= 3000; i++) if ([1, 2, 3].includes(i % 7) && i % 4 !== 0) n++;
    expect(r.kpis.ticket_volume.value).toBe(n);
    expect(r.inputs[0].filtered).toBe(3000 - n);
  }, 90_000);

  it('on a clean file: identical JSON, with periods and groups', () => {
    const dir = scratch({ 't.csv': tickets(3000, plain), 's.csv': 'type,score\nnps,9\nnps,3\n' });
    const { one, two } = both(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--period', 'week', '--by', 'agent', '--format', 'json'], dir);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  }, 90_000);

  it('with --compare, a window, periods and groups: identical JSON, the compared window read by both threads (issue 13)', () => {
    const dir = scratch({ 't.csv': tickets(3000, plain) });
    const args = ['compute', 't.csv', '--tz', 'Europe/Madrid', '--from', '2026-03-15', '--to', '2026-03-29', '--compare', 'previous', '--period', 'week', '--by', 'agent', '--format', 'json'];
    const { one, two } = both(args, dir);
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const r = JSON.parse(one.stdout);
    // Row i is created on day 1 + i % 28 of March: the compared window holds days 1–14, the
    // window 15–28; the data covers both whole, so the ticket volume has its change.
    expect(r.previous.window).toEqual({ from: '2026-03-01T00:00:00+01:00', to: '2026-03-15T00:00:00+01:00' });
    const inDays = (a: number, b: number) => Array.from({ length: 3000 }, (_, k) => 1 + ((k + 1) % 28)).filter((d) => d >= a && d <= b).length;
    expect(r.previous.kpis.ticket_volume.value).toBe(inDays(1, 14));
    expect(r.kpis.ticket_volume.value).toBe(inDays(15, 28));
    expect(r.kpis.ticket_volume.value).toBe(r.previous.kpis.ticket_volume.value + r.kpis.ticket_volume.change);
    const timed = run([...args, '--threads', '2'], dir, { CSM_KPI_TIMING: '1' });
    expect(timed.stderr).toMatch(/worker 0: read its part/);
    expect(timed.stderr).not.toMatch(/dropped/);
  }, 90_000);

  it('the helpdesk KPIs (issue 15): reopens, touches, waits, the backlog with tickets from before the window, csat offered: identical JSON', () => {
    const lines = ['id,created_at,resolved_at,status,agent,reopened,replies,requester_wait_minutes,agent_work_minutes,csat_score'];
    for (let i = 1; i <= 3000; i++) {
      const day = 1 + (i % 28), done = i % 4 !== 0;
      const resolved = done ? `2026-03-${String(Math.min(28, day + (i % 5))).padStart(2, '0')} 18:00` : '';
      lines.push(`T${i},2026-03-${String(day).padStart(2, '0')} 09:00,${resolved},${done ? 'solved' : 'open'},a${i % 7},${i % 9},${i % 4},${(i * 7) % 500},${(i * 3) % 90},${i % 11 === 0 ? 'Offered' : i % 6 === 0 ? String(1 + (i % 5)) : ''}`);
    }
    // The Zendesk preset reads Offered as a survey offered and not answered.
    const dir = scratch({ 't.csv': lines.join('\n') + '\n' });
    const args = ['compute', 't.csv', '--preset', 'zendesk', '--tz', 'UTC', '--from', '2026-03-08', '--to', '2026-03-22', '--period', 'week', '--by', 'agent', '--format', 'json'];
    const { one, two } = both(args, dir);
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const r = JSON.parse(one.stdout);
    for (const id of ['reopen_rate', 'one_touch_resolution', 'requester_wait_time', 'agent_work_time']) expect(r.kpis[id].value, id).not.toBeNull();
    expect(r.kpis.csat.offered).toBeGreaterThan(0);
    // Open at --to: every ticket created before it still open then, from before --from too.
    const open = Array.from({ length: 3000 }, (_, k) => k + 1).filter((i) => {
      const day = 1 + (i % 28);
      return day < 22 && (i % 4 === 0 || Math.min(28, day + (i % 5)) >= 22);
    }).length;
    expect(r.kpis.backlog.value).toBe(open);
    expect(r.groups.agent.reduce((n: number, g: any) => n + g.kpis.backlog.value, 0)).toBe(open);
  }, 90_000);

  it('groups without a value (null keys) and a value "(none)": merged across threads as one thread has them', () => {
    const agent = (i: number) => (i % 11 === 0 ? plain(i).replace(/,a\d,/, ',,') : i % 13 === 0 ? plain(i).replace(/,a\d,/, ',(none),') : plain(i));
    const dir = scratch({ 't.csv': tickets(3000, agent) });
    const { one, two } = both(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--by', 'status', '--format', 'json'], dir);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const keys = JSON.parse(one.stdout).groups.agent.map((g: { key: string | null }) => g.key);
    expect(keys).toContain(null);
    expect(keys).toContain('(none)');
  }, 90_000);

  it('with the worker started late (no early start by bin/csm-kpi.js) or started and not needed: the same results', () => {
    const dir = scratch({ 't.csv': tickets(3000, plain), 's.csv': 'type,score,ticket_id\nnps,9,T1\nnps,3,T2\n' });
    const args = ['compute', 't.csv', '--tz', 'UTC', '--format', 'json'];
    const one = run([...args, '--threads', '1'], dir);
    // The CLI run without the launcher (a script of its own: workers inherit -e's flags).
    writeFileSync(join(dir, 'direct.mjs'), `import { main } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/cli.js')).href)};\nprocess.exitCode = await main(${JSON.stringify([...args, '--threads', '2'])});\n`);
    const direct = spawnSync(process.execPath, ['direct.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', CSM_KPI_PARALLEL_MIN_BYTES: '1', CSM_KPI_TIMING: '1' },
    });
    expect(direct.stderr).toMatch(/worker 0: read its part/);
    expect(direct.stdout).toBe(one.stdout);
    // --by with a surveys file keeps one thread: the early worker is dropped and the process still ends.
    const grouped = both(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'json'], dir);
    expect(grouped.two.status).toBe(0);
    expect(grouped.two.stdout).toBe(grouped.one.stdout);
    // A usage error before any reading: the early worker does not keep the process alive.
    const bad = run(['compute', 't.csv', '--tz', 'Nowhere/City'], dir);
    expect(bad.status).toBe(2);
  }, 90_000);

  it('really reads on two threads: the worker takes segments from the back, its part is kept', () => {
    const dir = scratch({ 't.csv': tickets(3000, plain) });
    const r = run(['compute', 't.csv', '--tz', 'UTC', '--format', 'json', '--threads', '2'], dir, { CSM_KPI_TIMING: '1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/timing: \(worker 0: read its part, [2-8] segments\)/);
    expect(r.stderr).not.toMatch(/dropped/);
    expect(JSON.parse(r.stdout).inputs[0].rows).toBe(3000);
  }, 90_000);

  it('with invalid rows in both parts: the same messages and line numbers, the same rejects', () => {
    // Row 10 is the main thread's; rows 2400 and 2900 fall in the worker's two segments (of 8).
    const bad = (i: number) =>
      i === 10 || i === 2400 ? `T${i},not-a-date,,,open,a,C1,1,x` : i === 2900 ? `T${i},2026-03-02 09:00,2026-03-01 09:00,,open,a,C1,1,x` : plain(i);
    const dir = scratch({ 't.csv': tickets(3000, bad) });
    const strict = both(['compute', 't.csv', '--tz', 'UTC'], dir);
    expect(strict.one.status).toBe(2);
    expect(strict.two.stderr).toBe(strict.one.stderr);
    expect(strict.one.stderr).toMatch(/^t\.csv:11: created_at: not an ISO 8601 timestamp/);
    expect(strict.one.stderr).toMatch(/\nt\.csv:2401: created_at: not an ISO 8601 timestamp/);
    expect(strict.one.stderr).toMatch(/\nt\.csv:2901: first_response_at: is before created_at/);
    const a = run(['compute', 't.csv', '--tz', 'UTC', '--skip-invalid', '--rejects', 'r1.csv', '--format', 'json', '--threads', '1'], dir);
    for (const threads of ['2', '5']) {
      const b = run(['compute', 't.csv', '--tz', 'UTC', '--skip-invalid', '--rejects', `r${threads}.csv`, '--format', 'json', '--threads', threads], dir);
      expect(b.stdout).toBe(a.stdout);
      expect(b.stderr).toBe(a.stderr);
      expect(readFileSync(join(dir, `r${threads}.csv`), 'utf8')).toBe(readFileSync(join(dir, 'r1.csv'), 'utf8'));
    }
  }, 90_000);

  it('--rejects with invalid rows in both parts and in the other files: one thread\'s order, also when the worker\'s part is dropped', () => {
    const bad = (i: number) => (i % 97 === 0 ? `T${i},not-a-date,,,open,a,C1,1,x` : i % 89 === 0 ? `T${i},2026-03-02 09:00,2026-03-01 09:00,,open,,C1,1,x` : plain(i));
    const surveys = 'type,score\nnps,9\nnps,11\ncsat,9\nnps,3\n';
    const customers = 'period_start,customers_start,customers_end,new_customers\n2026-03-01,100,90,x\n';
    // The second file's last rows repeat an id of its first: the worker's part is dropped and read here.
    const dropped = (i: number) => (i === 2999 ? bad(5) : bad(i));
    for (const rows of [bad, dropped]) {
      const dir = scratch({ 't.csv': tickets(3000, rows), 's.csv': surveys, 'c.csv': customers });
      const args = ['compute', 'c.csv', 't.csv', 's.csv', '--tz', 'UTC', '--skip-invalid', '--format', 'json'];
      const a = run([...args, '--rejects', 'r1.csv', '--threads', '1'], dir);
      expect(a.status).toBe(0);
      expect(a.stderr).toMatch(/… and \d+ more problems/);
      const r1 = readFileSync(join(dir, 'r1.csv'), 'utf8');
      for (const threads of ['2', '5']) {
        const b = run([...args, '--rejects', `r${threads}.csv`, '--threads', threads], dir, { CSM_KPI_TIMING: '1' });
        expect(b.stdout).toBe(a.stdout);
        expect(b.stderr.split('\n').filter((l) => !l.startsWith('timing:')).join('\n')).toBe(a.stderr);
        expect(b.stderr).toMatch(rows === bad ? /merged the workers' accumulators/ : /worker part dropped/);
        expect(readFileSync(join(dir, `r${threads}.csv`), 'utf8')).toBe(r1);
      }
      expect(r1.split('\n').filter((l) => /^[tsc]\.csv,/.test(l)).map((l) => l[0]).join('')).toMatch(/^t+s+c$/);
      // The spool files are gone.
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    }
  }, 90_000);

  it('hundreds of thousands of invalid rows in the worker\'s part: merged without overflowing the stack', () => {
    // More than ~130k problems passed as spread arguments overflow V8's stack: the merge must not do that.
    const lines = ['id,created_at'];
    for (let i = 1; i <= 600_000; i++) lines.push(`T${i},x`);
    const dir = scratch({ 't.csv': lines.join('\n') + '\n' });
    const args = ['compute', 't.csv', '--tz', 'UTC', '--skip-invalid', '--format', 'json'];
    const one = run([...args, '--threads', '1'], dir);
    const two = run([...args, '--threads', '2'], dir, { CSM_KPI_TIMING: '1' });
    expect(two.status).toBe(0);
    expect(two.stderr).toMatch(/worker 0: read its part/);
    expect(two.stderr).not.toMatch(/dropped/);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(two.stdout).inputs[0].skipped).toBe(600_000);
  }, 90_000);

  it('a duplicate id on both sides of the split: the sequential message', () => {
    const dup = (i: number) => (i === 2999 ? plain(5).replace(/^T5,/, 'T5,') : plain(i));
    const dir = scratch({ 't.csv': tickets(3000, dup) });
    const { one, two } = both(['compute', 't.csv', '--tz', 'UTC'], dir);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/^t\.csv:3000: id: duplicate of the ticket on line 6 \("T5"\)/);
    expect(two.stderr).toBe(one.stderr);
  }, 90_000);

  it('a duplicate id inside the worker\'s part: the same message, naming the same first line', () => {
    // Rows 2800 and 2850 both lie in the worker's last segment (of 8): it reports the duplicate itself.
    const dup = (i: number) => (i === 2850 ? plain(2800).replace(/^T2800,/, 'T2800,') : plain(i));
    const dir = scratch({ 't.csv': tickets(3000, dup) });
    const { one, two } = both(['compute', 't.csv', '--tz', 'UTC'], dir);
    expect(one.stderr).toMatch(/^t\.csv:2851: id: duplicate of the ticket on line 2801 \("T2800"\)/);
    expect(two.stderr).toBe(one.stderr);
    const timed = run(['compute', 't.csv', '--tz', 'UTC', '--skip-invalid', '--threads', '2'], dir, { CSM_KPI_TIMING: '1' });
    expect(timed.stderr).toMatch(/worker 0: read its part/);
    expect(timed.stderr).not.toMatch(/dropped/);
    expect(timed.stderr).toMatch(/t\.csv:2851: id: duplicate of the ticket on line 2801 /);
  }, 90_000);

  const shapes: Record<string, (i: number) => string> = {
    uuid: (i) => `${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-4b2c-9d3e-${String(i).padStart(12, '0')}`,
    email: (i) => `ticket.${i}@help.example`,
    padded: (i) => `TK${String(i).padStart(8, '0')}`,
    shuffled: (i) => `TK${((i * 7919) % 3001) + 1}`,
  };
  it.each(Object.keys(shapes))('ids of every shape read by their bytes (%s): identical JSON and duplicate messages, the worker\'s part kept', (name) => {
    const id = shapes[name];
    // Customers as e-mail addresses (bytes) or zero-padded numbers, by shape.
    const row = (i: number) => plain(i).replace(/^T\d+,/, `${id(i)},`).replace(/,C(\d+),/, (_, c) => (name === 'padded' ? `,C${c.padStart(6, '0')},` : `,c${c}@shop.example,`));
    const dir = scratch({ 't.csv': tickets(3000, row) });
    const args = ['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'json'];
    const { one, two } = both(args, dir);
    expect(one.status, name).toBe(0);
    expect(two.stdout, name).toBe(one.stdout);
    expect(JSON.parse(one.stdout).kpis.tickets_per_customer.customers, name).toBe(50);
    const timed = run([...args, '--threads', '2'], dir, { CSM_KPI_TIMING: '1' });
    expect(timed.stderr, name).toMatch(/worker 0: read its part/);
    expect(timed.stderr, name).not.toMatch(/dropped/);
    // A duplicate inside the worker's part, and one across the split: named as one thread names them.
    for (const [at, of] of [[2850, 2800], [2999, 5]]) {
      const dup = (i: number) => (i === at ? row(of) : row(i));
      const d2 = scratch({ 't.csv': tickets(3000, dup) });
      const r = both(['compute', 't.csv', '--tz', 'UTC'], d2);
      expect(r.one.stderr, name).toContain(`t.csv:${at + 1}: id: duplicate of the ticket on line ${of + 1} ("${id(of)}")`);
      expect(r.two.stderr, name).toBe(r.one.stderr);
    }
  }, 90_000);

  it('notes on what the rows show (statuses, scores, empty columns, DST gaps) cover both parts, the same as one thread', () => {
    // Y/N statuses nowhere meaning resolved; DST-gap times in the main part (row 5) and in the worker's (row 2900).
    const row = (i: number) => `T${i},2026-03-29 ${i === 5 || i === 2900 ? '02:30' : '09:00'},,,${i % 3 ? 'Y' : 'N'},a${i % 7},C${i % 50},1,x`;
    const dir = scratch({ 't.csv': tickets(3000, row) });
    const args = ['compute', 't.csv', '--tz', 'Europe/Madrid', '--skip-invalid', '--format', 'json'];
    const { one, two } = both(args, dir);
    expect(one.stderr).toContain('note: t.csv: status: none of "Y", "N" means resolved');
    expect(one.stderr).toContain('note: t.csv: 2 local times fall in a DST gap of Europe/Madrid');
    expect(two.stderr).toBe(one.stderr);
    const timed = run([...args, '--threads', '2'], dir, { CSM_KPI_TIMING: '1' });
    expect(timed.stderr).toMatch(/worker 0: read its part/);
    expect(timed.stderr).not.toMatch(/dropped/);
  }, 90_000);

  it('duration columns that disagree with their timestamps, in both parts: one count per column, the first line of the file', () => {
    // contacts read as first_response_minutes: off by more than a minute on rows 100 and 2900 (and every 7th).
    const row = (i: number) => plain(i).replace(/,x$/, `,${i === 100 || i === 2900 || i % 7 === 0 ? 999 : ''}`);
    const text = tickets(3000, row).replace(',note\n', ',first_response_minutes\n');
    const dir = scratch({ 't.csv': text });
    const { one, two } = both(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], dir);
    expect(one.status).toBe(0);
    expect(one.stderr).toMatch(/^note: t\.csv: first_response_minutes disagrees with first_response_at − created_at by more than a minute on 430 rows, e\.g\. line 8: 999 min given, /m);
    expect(two.stderr).toBe(one.stderr);
  }, 90_000);

  it('an error the worker meets (an unclosed quote in the second part): the sequential message and exit code', () => {
    const broken = (i: number) => (i === 2950 ? plain(i).replace(/,x$/, ',"never closed') : plain(i));
    const dir = scratch({ 't.csv': tickets(3000, broken) });
    const { one, two } = both(['compute', 't.csv', '--tz', 'UTC'], dir);
    expect(one.status).toBe(2);
    expect(one.stderr).toBe('csm-kpi: t.csv:2951: note: quoted field is never closed (a " is missing)\n');
    expect(two.status).toBe(2);
    expect(two.stderr).toBe(one.stderr);
  }, 90_000);

  it('text after a closing quote in the worker\'s part: named by its column, as the sequential read names it', () => {
    const broken = (i: number) => (i === 2900 ? plain(i).replace(/,a(\d+),/, ',"a$1"z,') : plain(i));
    const dir = scratch({ 't.csv': tickets(3000, broken) });
    const { one, two } = both(['compute', 't.csv', '--tz', 'UTC'], dir);
    expect(one.status).toBe(2);
    expect(one.stderr).toBe('csm-kpi: t.csv:2901: agent: unexpected character "z" after a closing quote\n');
    expect(two.stderr).toBe(one.stderr);
  }, 90_000);

  it('quoted multi-line fields across the split: the boundary is checked, the result is the same', () => {
    // Every row's note spans three lines, so a newline in the middle is usually inside a quote.
    const quoted = (i: number) => plain(i).replace(/,x$/, `,"line one\nline two, ${i}\nline three"`);
    const dir = scratch({ 't.csv': tickets(3000, quoted) });
    const { one, two } = both(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], dir);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    // The cuts fall on record starts (input/csv/record-start.ts): the worker's part is kept.
    const timed = run(['compute', 't.csv', '--tz', 'UTC', '--format', 'json', '--threads', '2'], dir, { CSM_KPI_TIMING: '1' });
    expect(timed.stdout).toBe(one.stdout);
    expect(timed.stderr).toMatch(/worker 0: read its part/);
    expect(timed.stderr).not.toMatch(/dropped/);
    const bad = (i: number) => (i === 2500 ? quoted(i).replace('solved', 'solved').replace(/^T2500,2026-03-\d\d 09:00/, 'T2500,yesterday') : quoted(i));
    const dir2 = scratch({ 't.csv': tickets(3000, bad) });
    const r = both(['compute', 't.csv', '--tz', 'UTC'], dir2);
    expect(r.two.stderr).toBe(r.one.stderr);
    expect(r.one.stderr).toMatch(/^t\.csv:7499: created_at/); // row i starts on line 3i − 1
  }, 90_000);
});

describe('files that cannot be cut at a newline byte', () => {
  it('UTF-16 and a "sep=" first line: two threads give what one gives', () => {
    const text = tickets(3000, plain);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le')]);
    const dir = scratch({ 'le.csv': le, 'sep.csv': 'sep=;\n' + text.replace(/,/g, ';') });
    for (const f of ['le.csv', 'sep.csv']) {
      const { one, two } = both(['compute', f, '--tz', 'UTC', '--format', 'json'], dir);
      expect(one.status).toBe(0);
      expect(JSON.parse(one.stdout).inputs[0].rows).toBe(3000);
      expect(two.stdout).toBe(one.stdout);
    }
  }, 90_000);
});
