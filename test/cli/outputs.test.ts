/**
 * What csm-kpi writes, made safe (issue 11, output side): outputs never overwrite inputs,
 * the same file is not read twice, `-` is standard input and output, write errors are one
 * line and exit 2, CSV cannot inject formulas, control characters are shown escaped,
 * --output keeps modes and symlinks, invalid rows cost no memory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { loadInputs } from '../../src/input/load.js';
import type { RejectedRow } from '../../src/input/load.js';
import { AtomicFile } from '../../src/output/write-file.js';
import { escapeControls } from '../../src/escape-controls.js';
import { csvCell } from '../../src/output/to-csv.js';
import { TimeZone } from '../../src/time/time-zone.js';
import { cli, ROOT, scratch } from '../helpers.js';
import { NO_RULES } from '../../src/input/header/columns.js';

const BIN = join(ROOT, 'bin/csm-kpi.js');
const TICKETS = 'id,created_at,first_response_at,resolved_at,status,agent\n1,2026-03-02 09:00,2026-03-02 09:30,2026-03-02 12:00,solved,ana\n2,2026-03-03 09:00,,,open,ben\n';
const BAD = 'id,created_at\n1,2026-03-02\n2,not-a-date\n3,2026-03-03\n4,also bad\n';

function run(args: string[], cwd: string, options: { input?: string; stdout?: number; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input: options.input,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', options.stdout ?? 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
  });
}

describe('--output and --rejects never overwrite an input (item 1)', () => {
  it('naming an input file: exit 2 before reading anything, the input untouched', async () => {
    const dir = scratch({ 't.csv': TICKETS, 'bad.csv': BAD });
    for (const args of [
      ['compute', 't.csv', '--output', 't.csv'],
      ['compute', 't.csv', '--rejects', './t.csv'],
      ['compute', '--tickets', 't.csv', '--output', join(dir, 't.csv')],
      ['validate', 't.csv', '--rejects', 't.csv'],
      // Before reading: bad.csv's invalid rows are not what it complains about.
      ['compute', 'bad.csv', '--skip-invalid', '--rejects', 'bad.csv'],
    ]) {
      const r = await cli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^csm-kpi: --(output|rejects) \S+: is the input \S+; writing there would overwrite it: choose another file\n$/);
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(join(dir, 't.csv'), 'utf8')).toBe(TICKETS);
    expect(readFileSync(join(dir, 'bad.csv'), 'utf8')).toBe(BAD);
  });

  it('through a symlink or a hard link: the same file', async () => {
    const dir = scratch({ 't.csv': TICKETS });
    symlinkSync(join(dir, 't.csv'), join(dir, 'sym.csv'));
    linkSync(join(dir, 't.csv'), join(dir, 'hard.csv'));
    for (const out of ['sym.csv', 'hard.csv']) {
      const r = await cli(['compute', 't.csv', '--format', 'json', '--output', out], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`csm-kpi: --output ${out}: is the input t.csv; writing there would overwrite it: choose another file\n`);
    }
    expect(readFileSync(join(dir, 't.csv'), 'utf8')).toBe(TICKETS);
  });

  it('the config, targets or holidays file is an input too', async () => {
    const dir = scratch({ 't.csv': TICKETS, 'targets.json': '{"csat": ">= 90"}', 'c.json': '{}' });
    const a = await cli(['compute', 't.csv', '--targets', 'targets.json', '--output', 'targets.json'], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--output targets\.json: is the input targets\.json/);
    const b = await cli(['compute', 't.csv', '--config', 'c.json', '--rejects', 'c.json'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(readFileSync(join(dir, 'targets.json'), 'utf8')).toBe('{"csat": ">= 90"}');
  });

  it('--output and --rejects naming one file (new or existing): exit 2', async () => {
    const dir = scratch({ 'bad.csv': BAD, 'old.csv': 'x\n' });
    for (const [output, rejects] of [['r.csv', 'r.csv'], ['r.csv', './r.csv'], ['old.csv', join(dir, 'old.csv')]]) {
      const r = await cli(['compute', 'bad.csv', '--skip-invalid', '--output', output, '--rejects', rejects], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`csm-kpi: --output and --rejects name the same file (${rejects}); one would overwrite the other: choose two files\n`);
    }
    expect(existsSync(join(dir, 'r.csv'))).toBe(false);
    expect(readFileSync(join(dir, 'old.csv'), 'utf8')).toBe('x\n');
  });
});

describe('the same file given twice (item 14)', () => {
  it('by the same name, another path, a symlink or a hard link: exit 2 naming it', async () => {
    const dir = scratch({ 't.csv': TICKETS });
    symlinkSync('t.csv', join(dir, 'sym.csv'));
    linkSync(join(dir, 't.csv'), join(dir, 'hard.csv'));
    const same = await cli(['compute', 't.csv', 't.csv'], { cwd: dir });
    expect(same.code).toBe(2);
    expect(same.stderr).toBe('csm-kpi: t.csv: given twice; its rows would count twice: give it once\n');
    for (const [a, b] of [['t.csv', './t.csv'], ['t.csv', 'sym.csv'], ['hard.csv', 't.csv']]) {
      const r = await cli(['compute', a, '--tickets', b], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`csm-kpi: ${a} and ${b} are the same file; its rows would count twice: give it once\n`);
    }
    expect((await cli(['validate', 't.csv', 'sym.csv'], { cwd: dir })).code).toBe(2);
  });
});

describe('- is standard input, --output - standard output (item 16)', () => {
  it('reads - from the context\'s stdin, named <stdin> in messages and the report', async () => {
    const dir = scratch({});
    const r = await cli(['compute', '-', '--tz', 'UTC', '--format', 'json', '--output', '-'], { cwd: dir, stdin: TICKETS });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.inputs[0]).toMatchObject({ file: '<stdin>', kind: 'tickets', rows: 2 });
    const bad = await cli(['compute', '-'], { cwd: dir, stdin: BAD });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^<stdin>:3: created_at: not an ISO 8601 timestamp/);
    const v = await cli(['validate', '--tickets', '-'], { cwd: dir, stdin: TICKETS });
    expect(v.stdout).toMatch(/^<stdin>: tickets, 2 rows, all valid/);
    const c = await cli(['columns', '-'], { cwd: dir, stdin: TICKETS });
    expect(c.stdout).toMatch(/^<stdin>: tickets/);
    // Its temporary copy is gone when the run ends.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('- twice is refused; --rejects - too (standard output carries the report)', async () => {
    const twice = await cli(['compute', '-', '-'], { stdin: TICKETS });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('csm-kpi: - (standard input) is given twice: it can be read once\n');
    const rejects = await cli(['compute', '-', '--rejects', '-'], { stdin: TICKETS });
    expect(rejects.code).toBe(2);
    expect(rejects.stderr).toBe('csm-kpi: --rejects -: standard output carries the report; give --rejects a file\n');
  });

  it('in a real process: -, /dev/stdin and a pipe read without ESPIPE, also on two threads', () => {
    const lines = ['id,created_at,agent'];
    for (let i = 1; i <= 3000; i++) lines.push(`T${i},2026-03-${String(1 + (i % 28)).padStart(2, '0')} 09:00,a${i % 5}`);
    const dir = scratch({ 't.csv': lines.join('\n') + '\n' });
    const reference = run(['compute', 't.csv', '--tz', 'UTC', '--format', 'json', '--threads', '1'], dir);
    expect(reference.status).toBe(0);
    const kpis = JSON.parse(reference.stdout).kpis;
    const env = { CSM_KPI_PARALLEL_MIN_BYTES: '1' };
    // A shell pipe (as `cat t.csv | csm-kpi compute -`), and Node's own stdin (a socket pair, which /dev/stdin cannot reopen).
    for (const name of ['-', '/dev/stdin']) {
      const piped = spawnSync('sh', ['-c', `cat t.csv | "${process.execPath}" "${BIN}" compute ${name} --tz UTC --format json --threads 2`], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
      expect(piped.stderr).toBe('');
      expect(piped.status).toBe(0);
      expect(JSON.parse(piped.stdout).kpis).toEqual(kpis);
      const socket = run(['compute', name, '--tz', 'UTC', '--format', 'json', '--threads', '2'], dir, { input: readFileSync(join(dir, 't.csv'), 'utf8'), env });
      expect(socket.stderr).toBe('');
      expect(JSON.parse(socket.stdout).kpis).toEqual(kpis);
    }
    // bash's <(…) is a pipe under /dev/fd too.
    const substituted = spawnSync('bash', ['--norc', '-c', `"${process.execPath}" "${BIN}" compute <(cat t.csv) --tz UTC --format json`], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(substituted.stderr).toBe('');
    expect(JSON.parse(substituted.stdout).kpis).toEqual(kpis);
  });

  it('stdin redirected from an input file counts as that file', () => {
    const dir = scratch({ 't.csv': TICKETS });
    const r = spawnSync(process.execPath, [BIN, 'compute', '-', '--output', 't.csv'], { cwd: dir, encoding: 'utf8', stdio: [openSync(join(dir, 't.csv'), 'r'), 'pipe', 'pipe'] });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('csm-kpi: --output t.csv: is the input - (standard input); writing there would overwrite it: choose another file\n');
    expect(readFileSync(join(dir, 't.csv'), 'utf8')).toBe(TICKETS);
  });
});

describe('write errors and internal errors: one line, exit 2 (item 7)', () => {
  it('stdout on a full disk (/dev/full): one line, exit 2, no stack', () => {
    const dir = scratch({ 't.csv': TICKETS });
    const full = openSync('/dev/full', 'w');
    try {
      for (const format of ['json', 'table', 'csv']) {
        const r = run(['compute', 't.csv', '--format', format], dir, { stdout: full });
        expect(r.status).toBe(2);
        expect(r.stderr).toBe('csm-kpi: cannot write the report: ENOSPC: no space left on device, write\n');
      }
      const v = run(['validate', 't.csv'], dir, { stdout: full });
      expect(v.status).toBe(2);
      expect(v.stderr).toMatch(/^csm-kpi: cannot write the report: ENOSPC[^\n]*\n$/);
    } finally {
      closeSync(full);
    }
  });

  it('an unexpected error: one line, exit 2 (never 70); the stack only with CSM_KPI_DEBUG=1', async () => {
    const dir = scratch({ 't.csv': TICKETS });
    const attempt = async (env: Record<string, string>) => {
      let stderr = '';
      const code = await runCli(
        {
          stdout: {
            write: () => {
              throw new TypeError('something broke');
            },
          },
          stderr: { write: (s: string) => (stderr += s) },
          env,
          cwd: dir,
        },
        ['compute', 't.csv', '--format', 'json'],
      );
      return { code, stderr };
    };
    const plain = await attempt({});
    expect(plain).toEqual({ code: 2, stderr: 'csm-kpi: internal error: something broke\n' });
    const debug = await attempt({ CSM_KPI_DEBUG: '1' });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^csm-kpi: internal error: something broke\nTypeError: something broke\n\s+at /);
  });
});

describe('CSV cannot start a formula (item 19)', () => {
  it('cells starting with = + - @ tab or CR get a leading \', plain numbers stay', () => {
    expect(['=1+1', '+cmd', '-x', '@SUM(1)', '\tx', '\rx', '-', '=HYPERLINK("http://x","y")'].map(csvCell)).toEqual([
      "'=1+1", "'+cmd", "'-x", "'@SUM(1)", "'\tx", '"\'\rx"', "'-", '"\'=HYPERLINK(""http://x"",""y"")"',
    ]);
    expect(['-5', '-0.5', '+3', '1e3', '-.5', 'ana', 'a=b'].map(csvCell)).toEqual(['-5', '-0.5', '+3', '1e3', '-.5', 'ana', 'a=b']);
    expect([-5, 0.25].map(csvCell)).toEqual(['-5', '0.25']);
  });

  it('in --format csv group keys and in --rejects reasons and records', async () => {
    const dir = scratch({
      't.csv': 'id,created_at,agent\n1,2026-03-02,"=HYPERLINK(""http://evil"",""x"")"\n2,2026-03-02,+cmd\n3,2026-03-02,-5\n4,2026-03-02,@SUM(1)\n=5,bad,x\n',
    });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'csv', '--skip-invalid', '--rejects', 'r.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    const keys = r.stdout.split('\n').filter((l) => l.startsWith('group,')).map((l) => l.split(',')[2]);
    expect(keys.sort()).toEqual(['"\'=HYPERLINK(""http://evil""', "'+cmd", "'@SUM(1)", '-5'].sort());
    const rejects = readFileSync(join(dir, 'r.csv'), 'utf8');
    expect(rejects).toContain('t.csv,6,');
    expect(rejects.trim().split('\n')[1].endsWith(`"'=5,bad,x"`)).toBe(true);
  });
});

describe('control characters are shown escaped (item 20)', () => {
  it('escapeControls: C0, DEL, C1 and bidi marks; ordinary text unchanged', () => {
    expect(escapeControls('a\x1b[2Jb\x07\x7f\x9b\u202e\t\n\r')).toBe('a\\x1b[2Jb\\x07\\x7f\\x9b\\u202e\\t\\n\\r');
    expect(escapeControls('tab\tkept\n', { keepLayout: true })).toBe('tab\tkept\n');
    expect(escapeControls('Zoë, 東京, C:\\data')).toBe('Zoë, 東京, C:\\data');
  });

  it('in the table, CSV, problem lines, header echoes and columns', async () => {
    const evil = '\x1b]0;pwned\x07\x1b[2J';
    const dir = scratch({
      't.csv': `id,created_at,agent\n1,2026-03-02,${evil}ana\n2,bad\x9b,x\n`,
      'h.csv': `foo,${evil}\n1,2\n`,
    });
    const table = await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--skip-invalid'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2Jana');
    expect(table.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(table.stderr).toContain('t.csv:3: created_at: ');
    expect(table.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(table.stderr).toContain('\\x9b');
    const csv = await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'csv', '--skip-invalid'], { cwd: dir });
    expect(csv.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2Jana');
    expect(csv.stdout).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
    const unknown = await cli(['compute', 'h.csv'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('(foo, \\x1b]0;pwned\\x07\\x1b[2J)');
    expect(unknown.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    const columns = await cli(['columns', 'h.csv', '--tickets', 't.csv'], { cwd: dir });
    expect(columns.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it('columns names an invisible character in a header (a second byte order mark), and its arrow stays in line', async () => {
    const dir = scratch({ 't.csv': '\ufeffid,\ufeffcreated_at,status\u200b\nT1,2026-03-02,solved\n' });
    const r = await cli(['columns', 't.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    // The file's own byte order mark is not a header's; the one before created_at is, and the mapping trims it.
    expect(r.stdout.split('\n').slice(1, 4)).toEqual(['  id                  → id', '  <U+FEFF>created_at  → created_at', '  status<U+200B>      → status']);
  });
});

describe('--output keeps what the target is (item 21)', () => {
  it('a 0600 report stays 0600; a new one gets the umask\'s mode', async () => {
    const dir = scratch({ 't.csv': TICKETS, 'out.json': 'old' });
    chmodSync(join(dir, 'out.json'), 0o600);
    expect((await cli(['compute', 't.csv', '--format', 'json', '--output', 'out.json'], { cwd: dir })).code).toBe(0);
    expect(statSync(join(dir, 'out.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).schema).toBe('csm-kpi/report@1');
    expect((await cli(['compute', 't.csv', '--format', 'json', '--output', 'new.json'], { cwd: dir })).code).toBe(0);
    expect(statSync(join(dir, 'new.json')).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('a symlink is written through: the link stays, its target gets the report (a dangling one is created)', async () => {
    const dir = scratch({ 't.csv': TICKETS, 'real.json': 'old' });
    mkdirSync(join(dir, 'reports'));
    symlinkSync('real.json', join(dir, 'latest.json'));
    symlinkSync('reports/fresh.json', join(dir, 'dangling.json'));
    for (const out of ['latest.json', 'dangling.json']) expect((await cli(['compute', 't.csv', '--format', 'json', '--output', out], { cwd: dir })).code).toBe(0);
    expect(lstatSync(join(dir, 'latest.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'latest.json'))).toBe('real.json');
    expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).inputs[0].rows).toBe(2);
    expect(lstatSync(join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'reports/fresh.json'), 'utf8')).inputs[0].rows).toBe(2);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('the temporary file is made exclusively: a planted file or symlink under a guessable name is never written', async () => {
    const dir = scratch({ 't.csv': TICKETS, 'victim.txt': 'keep me' });
    // The name the temporary file had before (pid-based): a symlink there to a victim.
    symlinkSync(join(dir, 'victim.txt'), join(dir, `.out.json.${process.pid}.tmp`));
    expect((await cli(['compute', 't.csv', '--format', 'json', '--output', 'out.json'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('keep me');
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).inputs[0].rows).toBe(2);
  });

  it('on failure the temporary file is removed and the target left as it was', () => {
    const dir = scratch({ 'out.json': 'old' });
    const file = new AtomicFile(join(dir, 'out.json'), 'out.json');
    file.write('new');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    // The target turns into a non-empty directory before the rename: the rename fails.
    rmSync(join(dir, 'out.json'));
    mkdirSync(join(dir, 'out.json'));
    writeFileSync(join(dir, 'out.json', 'x'), 'x');
    expect(() => file.commit()).toThrow(/^out\.json: cannot write \((EISDIR|ENOTEMPTY|EEXIST)\)$/);
    expect(readdirSync(dir).sort()).toEqual(['out.json']);
  });

  it('a target that is not a regular file (a named pipe, /dev/null) is written into, not replaced', async () => {
    // (Never tried on /dev/null itself: a regression would replace the machine's /dev/null.)
    const dir = scratch({ 't.csv': TICKETS });
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let got = '';
    reader.stdout.on('data', (b) => (got += b));
    const done = new Promise((resolve) => reader.on('close', resolve));
    const r = await cli(['compute', 't.csv', '--format', 'json', '--output', 'pipe'], { cwd: dir });
    const replaced = !statSync(fifo).isFIFO();
    if (replaced) reader.kill(); // nothing will ever write into the pipe then
    await done;
    expect(replaced).toBe(false);
    expect(r.code).toBe(0);
    expect(JSON.parse(got).inputs[0].rows).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['pipe', 't.csv']);
  });
});

describe('invalid rows cost no memory (item 8)', () => {
  const zone = TimeZone.of('UTC');
  const read = {
    zone, csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 5 }, surveyType: null, selfServiceChannels: new Set<string>(),
    nullTokens: new Set<string>(), valueMaps: new Map(), emptyScore: 'error' as const,
  };

  it('keeps the first 20 problems and counts per file; rejected rows go to the sink as they are met', () => {
    const lines = ['id,created_at'];
    for (let i = 1; i <= 5000; i++) lines.push(i % 2 ? `T${i},garbage ${i}` : `T${i},2026-03-02`);
    const dir = scratch({ 't.csv': lines.join('\n') + '\n', 'u.csv': 'id,created_at\nU1,nope\n' });
    const seen: RejectedRow[] = [];
    const result = loadInputs(
      ['t.csv', 'u.csv'].map((f) => ({ path: join(dir, f), name: f, encoding: 'utf-8' as const })),
      { read, rules: NO_RULES, join: {}, duplicates: 'error', by: [], rejects: { reject: (r) => void seen.push(r) } },
      { ticket: () => 'used', answer: () => 'used', customer: () => 'used' },
    );
    expect(result.files.map((f) => [f.invalid, f.problemCount, f.problems.length])).toEqual([[2500, 2500, 20], [1, 1, 1]]);
    expect(result.files[0].problems[19].line).toBe(40);
    // dropped: the first fields left out under --invalid-fields drop_field, bounded like problems.
    expect(Object.keys(result).sort()).toEqual(['dropped', 'files', 'ids']);
    expect(result.dropped).toEqual([]);
    expect(seen).toHaveLength(2501);
    expect(seen[2500]).toMatchObject({ file: 'u.csv', line: 2, fields: ['U1', 'nope'] });
  });

  it('the CLI lists 20 and says how many more, from the counts', async () => {
    const lines = ['id,created_at'];
    for (let i = 1; i <= 1000; i++) lines.push(`T${i},x`);
    const dir = scratch({ 't.csv': lines.join('\n') + '\n', 's.csv': 'type,score\nnps,11\n' });
    const r = await cli(['compute', 't.csv', 's.csv', '--skip-invalid', '--rejects', 'r.csv'], { cwd: dir });
    expect(r.stderr.split('\n').filter((l) => /^[ts]\.csv:/.test(l))).toHaveLength(20);
    expect(r.stderr).toContain('… and 981 more problems\n');
    expect(readFileSync(join(dir, 'r.csv'), 'utf8').trim().split('\n')).toHaveLength(1002);
  });
});

describe('group keys never collide (item 22)', () => {
  it('an agent named "(none)" is not the rows without an agent: JSON null, CSV empty, the table quotes the name', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,agent\n1,2026-03-02,(none)\n2,2026-03-02,\n3,2026-03-02,\n4,2026-03-02,ana\n' });
    const json = JSON.parse((await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'json'], { cwd: dir })).stdout);
    expect(json.groups.agent.map((g: any) => [g.key, g.keys.agent, g.kpis.ticket_volume.value])).toEqual([
      [null, null, 2],
      ['(none)', '(none)', 1],
      ['ana', 'ana', 1],
    ]);
    const csv = (await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'csv'], { cwd: dir })).stdout.split('\n');
    expect(csv[0]).toMatch(/^slice,field,key,agent,from,to,ticket_volume,/);
    expect(csv.filter((l) => l.startsWith('group,')).map((l) => l.split(',').slice(2, 4))).toEqual([
      ['(none)', ''],
      ['"""(none)"""', '(none)'],
      ['ana', 'ana'],
    ]);
    const table = (await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent'], { cwd: dir, env: { NO_COLOR: '1' } })).stdout;
    expect(table).toMatch(/│ \(none\) +│ +2 │/);
    expect(table).toMatch(/│ "\(none\)" +│ +1 │/);
  });

  it('nested keys joined with " / " stay apart: arrays in JSON, a column per field in CSV', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,team,agent\n1,2026-03-02,a / b,c\n2,2026-03-02,a,b / c\n3,2026-03-02,a,b / c\n' });
    const json = JSON.parse((await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'team', '--by', 'agent', '--format', 'json'], { cwd: dir })).stdout);
    expect(json.groups['team/agent'].map((g: any) => [g.key, g.keys, g.kpis.ticket_volume.value])).toEqual([
      [['a', 'b / c'], { team: 'a', agent: 'b / c' }, 2],
      [['a / b', 'c'], { team: 'a / b', agent: 'c' }, 1],
    ]);
    const csv = (await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'team', '--by', 'agent', '--format', 'csv'], { cwd: dir })).stdout.split('\n');
    expect(csv[0]).toMatch(/^slice,field,key,team,agent,from,to,/);
    expect(csv.filter((l) => l.startsWith('group,team/agent,'))).toEqual([
      expect.stringMatching(/^group,team\/agent,"a \/ ""b \/ c""",a,b \/ c,,,2,/),
      expect.stringMatching(/^group,team\/agent,"""a \/ b"" \/ c",a \/ b,c,,,1,/),
    ]);
    const table = (await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'team', '--by', 'agent'], { cwd: dir, env: { NO_COLOR: '1' } })).stdout;
    expect(table).toContain('a / "b / c"');
    expect(table).toContain('"a / b" / c');
  });
});
