// A/B of two builds of csm-kpi on one shape, DuckDB in the same rounds (the way every change
// in bench/NOTES.md was measured): node bench/ab.mjs OLD_DIR NEW_DIR SHAPE [ROWS] [RUNS] [-- extra flags]
// OLD_DIR/NEW_DIR hold a built checkout (bin/, dist/); the shape's files come from bench/data.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dash = process.argv.indexOf('--');
const [oldDir, newDir, shape, rowsArg, runsArg] = process.argv.slice(2, dash < 0 ? undefined : dash);
const extra = dash < 0 ? [] : process.argv.slice(dash + 1);
const rows = Number(rowsArg ?? 2_000_000), runs = Number(runsArg ?? 5);
const tag = shape === 'base' ? '' : `-${shape}`;
const tickets = join(ROOT, 'bench/data', `tickets${tag}-${rows}.csv`), surveys = join(ROOT, 'bench/data', `surveys${tag}-${rows}.csv`);
if (!existsSync(tickets)) await generate(rows, join(ROOT, 'bench/data'), shape);
function timed(args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %M', process.execPath, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e9, rss: Number(/__TIME__ (\d+)/.exec(r.stderr)[1]) / 1024, out: r.stdout };
}
const job = ['bin/csm-kpi.js', 'compute', tickets, surveys, '--tz', 'UTC', '--format', 'json', ...extra];
const res = { old: [], new: [], duck: [] };
for (let i = 0; i < runs; i++) {
  res.old.push(timed(job, oldDir));
  res.new.push(timed(job, newDir));
  res.duck.push(timed(['bench/duckdb-job.mjs', tickets, surveys], ROOT));
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const same = JSON.stringify(JSON.parse(res.old[0].out).kpis) === JSON.stringify(JSON.parse(res.new[0].out).kpis);
for (const k of ['old', 'new']) {
  const r = res[k];
  console.log(`${k}: ${med(r.map((x) => x.wall)).toFixed(2)} s, ×DuckDB round by round ${med(r.map((x, i) => x.wall / res.duck[i].wall)).toFixed(2)} (${r.map((x, i) => (x.wall / res.duck[i].wall).toFixed(2)).join(' ')}), peak ${Math.max(...r.map((x) => x.rss)).toFixed(0)} MB`);
}
console.log(`duckdb: ${med(res.duck.map((x) => x.wall)).toFixed(2)} s, peak ${Math.max(...res.duck.map((x) => x.rss)).toFixed(0)} MB; new/old round by round ${med(res.new.map((x, i) => x.wall / res.old[i].wall)).toFixed(2)}; KPIs ${same ? 'equal' : 'DIFFER'}`);
