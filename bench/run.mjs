// npm run bench — csm-kpi against DuckDB on the same KPI job, same machine, same run.
// Generates seeded tickets/surveys (10k, 100k, 2M tickets), times each tool RUNS (7) times
// (median wall time, peak RSS via /usr/bin/time), checks that the KPIs agree, times the
// parsers alone, profiles one run, and writes bench/RESULTS.md (with bench/NOTES.md, the
// hand-written part, appended). Then the same job on every shape of export (bench/generate.mjs
// SHAPES: id forms, row order, multi-line fields, wide files) at 2M tickets, one row per shape.
// Options: --quick (sizes 10k and 100k only), --runs N, --shapes (the shapes table only),
// --shape a,b (only these shapes; implies --shapes), --rows N (the shapes' size, default 2M),
// --write (write RESULTS.md even for a partial run: by default only a full run, or a
// --shapes run of every shape at 2M, which replaces the shapes table alone, writes it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, SHAPES } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'bench/data');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 7;
const SIZES = args.includes('--quick') ? [10_000, 100_000] : [10_000, 100_000, 2_000_000];
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const PICKED = option('--shape')?.split(',');
const SHAPES_ONLY = args.includes('--shapes') || PICKED !== undefined;
const SHAPE_ROWS = Number(option('--rows') ?? 2_000_000);
for (const s of PICKED ?? []) if (!(s in SHAPES)) throw new Error(`unknown shape ${s}: ${Object.keys(SHAPES).join(', ')}`);
const FULL_SHAPES = PICKED === undefined && SHAPE_ROWS === 2_000_000;
const WRITE = args.includes('--write') || (FULL_SHAPES && !args.includes('--quick'));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function timed(cmd, cmdArgs) {
  const t0 = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', '__TIME__ %e %M', cmd, ...cmdArgs], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, cmdArgs, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { wall, rssMB: m ? Number(m[2]) / 1024 : null, stdout: r.stdout };
}

const SHAPES_BEGIN = '<!-- shapes: written by npm run bench -->';
const SHAPES_END = '<!-- /shapes -->';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Times each [label, cmd, args] RUNS times, interleaved (round by round, every tool once per
 * round), so that this machine's drift over minutes weighs on every tool alike.
 */
function measure(...specs) {
  const runs = specs.map(() => []);
  for (let i = 0; i < RUNS; i++) specs.forEach(([, cmd, cmdArgs], k) => runs[k].push(timed(cmd, cmdArgs)));
  return specs.map(([label], k) => {
    const r = runs[k];
    return { label, wall: median(r.map((x) => x.wall)), walls: r.map((x) => x.wall), rssMB: Math.max(...r.map((x) => x.rssMB ?? 0)) || null, stdout: r[0].stdout };
  });
}

/** The KPIs both tools compute, as numbers, for the agreement check. */
function fromCsmKpi(json) {
  const k = JSON.parse(json).kpis;
  return {
    tickets: k.ticket_volume.value, frt_mean: k.first_response_time.value, frt_median: k.first_response_time.median, frt_p90: k.first_response_time.p90,
    unanswered: k.first_response_time.unanswered, rt_mean: k.resolution_time.value, rt_median: k.resolution_time.median, rt_p90: k.resolution_time.p90,
    resolution_rate: k.resolution_rate.value, aht: k.average_handle_time.value, fcr: k.first_contact_resolution.value, self_service: k.self_service_rate.value,
    tickets_per_customer: k.tickets_per_customer.value, csat: k.csat.value, nps: k.nps.value, ces: k.ces.value,
  };
}

function agree(a, b) {
  const bad = [];
  for (const [k, v] of Object.entries(a)) {
    const w = b[k];
    if (v === null || w === null ? v !== w : Math.abs(v - w) > 1e-9 * Math.max(1, Math.abs(v))) bad.push(`${k}: csm-kpi ${v}, duckdb ${w}`);
  }
  return bad;
}

const rows = [];
const checks = [];
for (const n of SHAPES_ONLY ? [] : SIZES) {
  const tickets = join(DATA, `tickets-${n}.csv`);
  const surveys = join(DATA, `surveys-${n}.csv`);
  if (!existsSync(tickets) || !existsSync(surveys)) {
    process.stderr.write(`generating ${n} tickets…\n`);
    await generate(n, DATA);
  }
  const bytes = statSync(tickets).size + statSync(surveys).size;
  const base = ['bin/csm-kpi.js', 'compute', tickets, surveys, '--tz', 'UTC', '--format', 'json'];
  const results = measure(
    ['csm-kpi', process.execPath, base],
    ['csm-kpi --threads 1', process.execPath, [...base, '--threads', '1']],
    ['DuckDB (@duckdb/node-api)', process.execPath, ['bench/duckdb-job.mjs', tickets, surveys]],
  );
  const ours = fromCsmKpi(results[0].stdout);
  const duck = JSON.parse(results[2].stdout);
  const problems = agree(ours, duck);
  if (duck.distinct_ids !== duck.tickets) problems.push('duplicate ids in generated data');
  checks.push({ n, problems });
  const peer = results[2];
  // Besides the ratio of medians, the median of each round's own ratio: the machine's speed
  // changes from one round to the next, and a round's tools ran within seconds of each other.
  for (const r of results) rows.push({ n, bytes, ...r, ratio: r.wall / peer.wall, roundRatio: median(r.walls.map((w, i) => w / peer.walls[i])) });
  process.stderr.write(`${n}: ${results.map((r) => `${r.label} ${r.wall.toFixed(2)} s`).join(', ')}; ${problems.length ? 'DISAGREE' : 'numbers agree'}\n`);
}

const shapeTable = await shapes();
if (SHAPES_ONLY) {
  process.stdout.write(shapeTable + '\n');
  if (WRITE) {
    const path = join(ROOT, 'bench/RESULTS.md');
    const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const a = old.indexOf(SHAPES_BEGIN), b = old.indexOf(SHAPES_END);
    const at = old.indexOf('## Notes (hand-written');
    writeFileSync(path, a >= 0 && b > a ? old.slice(0, a) + shapeTable + old.slice(b + SHAPES_END.length) : at >= 0 ? old.slice(0, at) + shapeTable + '\n\n' + old.slice(at) : old + '\n' + shapeTable + '\n');
  }
  process.exit(0);
}

// Parsers alone on the largest tickets file: why csm-kpi has its own scanner.
const largest = join(DATA, `tickets-${SIZES[SIZES.length - 1]}.csv`);
const parsers = measure(
  ['csv-parse 6 (stream, arrays)', process.execPath, ['bench/parse-only.mjs', 'csv-parse', largest]],
  ['csm-kpi scanner (every field sliced to a string)', process.execPath, ['bench/parse-only.mjs', 'scanner', largest]],
);

// Where the time goes: phase timings of one run, and the top functions of a CPU profile (one thread).
const phaseLines = phases(['compute', largest, join(DATA, `surveys-${SIZES[SIZES.length - 1]}.csv`), '--tz', 'UTC', '--format', 'json']).map(([k, ms]) => `    ${k} ${ms} ms`);
const top = topFunctions(['compute', largest, join(DATA, `surveys-${SIZES[SIZES.length - 1]}.csv`), '--tz', 'UTC', '--format', 'json', '--threads', '1'], 12).map(
  ([k, ms, share]) => `| ${k.replace(/\|/g, '\\|')} | ${ms.toFixed(0)} ms | ${share.toFixed(1)} % |`,
);

const fmt = (x, d = 2) => (x === null ? 'n/a' : x.toFixed(d));
const table = [
  '| tickets | tool | wall (median) | runs | rows/s | MB/s | peak RSS | × DuckDB | × DuckDB, round by round (median) |',
  '|---:|---|---:|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) =>
    `| ${r.n.toLocaleString('en-US')} | ${r.label} | ${fmt(r.wall)} s | ${r.walls.map((w) => w.toFixed(2)).join(', ')} | ${Math.round(r.n / r.wall).toLocaleString('en-US')} | ${fmt(r.bytes / 1e6 / r.wall, 0)} | ${fmt(r.rssMB, 0)} MB | ${fmt(r.ratio)} | ${fmt(r.roundRatio)} |`,
  ),
].join('\n');
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const md = `# Benchmark results

\`npm run bench\` on this project's machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, commit ${commit}, ${new Date().toISOString().slice(0, 10)}.
Each tool runs the whole job (read and validate tickets + surveys, every KPI, JSON out) ${RUNS} times, interleaved round by round; the median wall time is shown, peak RSS is the largest of the runs (GNU time).
Inputs: seeded generated files (bench/generate.mjs), tickets ~115 bytes a row plus 0.3 survey answers per ticket; "MB/s" counts both files.

${table}

Parsing alone (${SIZES[SIZES.length - 1].toLocaleString('en-US')}-row tickets file, no KPI work; bench/parse-only.mjs):

| parser | wall (median) | runs | peak RSS |
|---|---:|---|---:|
${parsers.map((p) => `| ${p.label} | ${fmt(p.wall)} s | ${p.walls.map((w) => w.toFixed(2)).join(', ')} | ${fmt(p.rssMB, 0)} MB |`).join('\n')}

Where the time goes, ${SIZES[SIZES.length - 1].toLocaleString('en-US')} tickets (\`CSM_KPI_TIMING=1\`, two threads):

${phaseLines.join('\n')}

CPU profile of the same job on one thread (\`--threads 1\`), self time of the top functions:

| function | self time | share |
|---|---:|---:|
${top.join('\n')}

${shapeTable}

Agreement: ${checks.map((c) => `${c.n.toLocaleString('en-US')} rows ${c.problems.length ? 'DISAGREE: ' + c.problems.join('; ') : 'all KPI values equal'}`).join('; ')}.
`;
if (WRITE) writeFileSync(join(ROOT, 'bench/RESULTS.md'), md + '\n' + readFileSync(join(ROOT, 'bench/NOTES.md'), 'utf8'));
process.stdout.write(md);

/** The phases of one run (CSM_KPI_TIMING=1): [phase, ms] in the order printed. */
function phases(cliArgs) {
  const r = spawnSync(process.execPath, ['bin/csm-kpi.js', ...cliArgs], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CSM_KPI_TIMING: '1' },
  });
  return r.stderr.split('\n').flatMap((l) => {
    const m = /^timing: (.*) (\d+) ms$/.exec(l);
    // "read its part, 31 segments": the count differs per file, the phase does not.
    return m ? [[m[1].replace(/, \d+ segments?/, ''), Number(m[2])]] : [];
  });
}

/** The k functions with the most self time in a CPU profile of one run: [function file, ms, % of the run]. */
function topFunctions(cliArgs, k) {
  const profDir = mkdtempSync(join(tmpdir(), 'csm-kpi-prof-'));
  spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, 'bin/csm-kpi.js', ...cliArgs], { cwd: ROOT, maxBuffer: 1 << 28 });
  const profile = JSON.parse(readFileSync(join(profDir, readdirSync(profDir)[0]), 'utf8'));
  rmSync(profDir, { recursive: true, force: true });
  const selfTime = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totalUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}`.trim();
    selfTime.set(key, (selfTime.get(key) ?? 0) + profile.timeDeltas[i]);
  });
  return [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, k).map(([key, us]) => [key, us / 1000, (100 * us) / totalUs]);
}

/**
 * Every shape of export (SHAPES) at SHAPE_ROWS tickets: csm-kpi against DuckDB in the same
 * rounds, the numbers checked to agree. The unpadded shape also times `--by agent --period
 * week` against the plain run (its cost; DuckDB's job has no groups). Returns the markdown.
 */
async function shapes() {
  const names = PICKED ?? Object.keys(SHAPES).filter((s) => s !== 'base');
  const out = [];
  for (const shape of names) {
    const tickets = join(DATA, `tickets-${shape}-${SHAPE_ROWS}.csv`);
    const surveys = join(DATA, `surveys-${shape}-${SHAPE_ROWS}.csv`);
    if (!existsSync(tickets) || !existsSync(surveys)) {
      process.stderr.write(`generating ${SHAPE_ROWS} tickets, shape ${shape}…\n`);
      await generate(SHAPE_ROWS, DATA, shape);
    }
    const base = ['bin/csm-kpi.js', 'compute', tickets, surveys, '--tz', 'UTC', '--format', 'json'];
    const specs = [
      ['csm-kpi', process.execPath, base],
      ['DuckDB', process.execPath, ['bench/duckdb-job.mjs', tickets, surveys]],
    ];
    if (shape === 'unpadded') specs.push(['csm-kpi --by agent --period week', process.execPath, [...base, '--by', 'agent', '--period', 'week']]);
    const results = measure(...specs);
    const [ours, duck] = results;
    const theirs = JSON.parse(duck.stdout);
    const problems = agree(fromCsmKpi(ours.stdout), theirs);
    if (theirs.distinct_ids !== theirs.tickets) problems.push('duplicate ids in generated data');
    const byRound = median(ours.walls.map((w, i) => w / duck.walls[i]));
    const mb = (statSync(tickets).size + statSync(surveys).size) / 1e6;
    // Where this shape's time goes: the phases of one run as measured, and what one thread spends it on.
    const where = { phases: phases(base.slice(1)), top: topFunctions([...base.slice(1), '--threads', '1'], 3) };
    out.push({ shape, mb, ours, duck, byRound, problems, grouped: results[2] ?? null, where });
    process.stderr.write(`${shape}: csm-kpi ${ours.wall.toFixed(2)} s, DuckDB ${duck.wall.toFixed(2)} s, ×${byRound.toFixed(2)} round by round, ${ours.rssMB?.toFixed(0)} MB; ${problems.length ? 'DISAGREE ' + problems.join('; ') : 'numbers agree'}\n`);
  }
  const f = (x, d = 2) => (x === null || x === undefined ? 'n/a' : x.toFixed(d));
  const perMillion = (r) => (r.ours.rssMB === null ? 'n/a' : f(r.ours.rssMB / (SHAPE_ROWS / 1e6), 0));
  const lines = [
    SHAPES_BEGIN,
    `Every shape of export, ${SHAPE_ROWS.toLocaleString('en-US')} tickets + ${Math.floor(SHAPE_ROWS * 0.3).toLocaleString('en-US')} answers (\`npm run bench -- --shapes\`; ${RUNS} rounds, each tool once a round; commit ${spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim()}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC):`,
    '',
    '| shape | MB | csm-kpi (median) | DuckDB (median) | × DuckDB, round by round (median) | × DuckDB, rounds | csm-kpi peak RSS | MB per million tickets | DuckDB peak RSS | values |',
    '|---|---:|---:|---:|---:|---|---:|---:|---:|---|',
    ...out.map((r) => `| ${r.shape}: ${SHAPES[r.shape]} | ${f(r.mb, 0)} | ${f(r.ours.wall)} s | ${f(r.duck.wall)} s | **${f(r.byRound)}** | ${r.ours.walls.map((w, i) => f(w / r.duck.walls[i])).join(', ')} | ${f(r.ours.rssMB, 0)} MB | ${perMillion(r)} | ${f(r.duck.rssMB, 0)} MB | ${r.problems.length ? 'DISAGREE: ' + r.problems.join('; ') : 'all equal'} |`),
  ];
  const g = out.find((r) => r.grouped !== null);
  if (g) {
    const cost = median(g.grouped.walls.map((w, i) => w / g.ours.walls[i]));
    lines.push('', `\`--by agent --period week\` on the unpadded shape: ${f(g.grouped.wall)} s against ${f(g.ours.wall)} s without, ×${f(cost)} round by round (${f(median(g.grouped.walls.map((w, i) => w / g.duck.walls[i])))}× DuckDB's plain job); peak RSS ${f(g.grouped.rssMB, 0)} MB.`);
  }
  const phaseNames = [...new Set(out.flatMap((r) => r.where.phases.map(([k]) => k)))];
  lines.push(
    '',
    'Where the time goes, per shape: the phases of one run (`CSM_KPI_TIMING=1`, ms; the worker\'s lines run beside the main thread\'s) and the three functions with the most self time in a CPU profile of one run on one thread (`--threads 1`, share of that run):',
    '',
    `| shape | ${phaseNames.join(' | ')} | top functions, one thread |`,
    `|---|${phaseNames.map(() => '---:').join('|')}|---|`,
    ...out.map((r) => {
      const ms = new Map(r.where.phases);
      return `| ${r.shape} | ${phaseNames.map((k) => (ms.has(k) ? String(ms.get(k)) : '')).join(' | ')} | ${r.where.top.map(([k, , share]) => `${k.replace(/\|/g, '\\|')} ${share.toFixed(0)} %`).join('; ')} |`;
    }),
  );
  lines.push(SHAPES_END);
  return lines.join('\n');
}
