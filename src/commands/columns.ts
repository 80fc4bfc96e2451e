/**
 * csm-kpi columns FILES… — how each header was mapped onto the canonical columns, what
 * was ignored, and which KPIs get no input from these files: the first thing to run
 * when a KPI comes out n/a.
 *
 *   csm-kpi columns export.csv --preset zendesk
 */
import type { Context } from '../context.js';
import { mapHeader } from '../input/header/columns.js';
import { missingInputs } from '../input/header/coverage.js';
import { kindOf, readHeader } from '../input/load.js';
import type { InputCliOptions } from '../settings/input-settings.js';
import { setupInputs } from '../settings/input-settings.js';

export function runColumns(ctx: Context, positional: string[], o: InputCliOptions): number {
  const { files, load } = setupInputs(ctx, positional, o);
  const mappings = [];
  for (const f of files) {
    const header = readHeader(f);
    const kind = kindOf(f, header, load);
    const m = mapHeader(f.name, header.fields, kind, load.rules, load.join);
    mappings.push(m);
    const width = Math.max(...header.fields.map((h) => h.length), 10);
    ctx.stdout.write(`${f.name}: ${kind} (delimiter ${JSON.stringify(header.delimiter)})\n`);
    const byIndex = new Map([...m.index].map(([canonical, i]) => [i, `→ ${canonical}${m.zones.has(canonical) ? ` (times in ${m.zones.get(canonical)})` : ''}`]));
    for (const [i, winner] of m.overridden) {
      const canonical = [...m.index].find(([, j]) => j === winner)?.[0];
      byIndex.set(i, `(ignored: column ${winner + 1} gives ${canonical})`);
    }
    for (const [canonical, parts] of m.joins) {
      const names = parts.map((i) => header.fields[i]).join(' + ');
      for (const i of parts) byIndex.set(i, `→ ${canonical} (joined: ${names})`);
    }
    header.fields.forEach((h, i) => ctx.stdout.write(`  ${h.padEnd(width)}  ${byIndex.get(i) ?? '(ignored)'}\n`));
  }
  const missing = missingInputs(mappings, false);
  if (missing.length) {
    ctx.stdout.write('KPIs without input in these files:\n');
    for (const m of missing) ctx.stdout.write(`  ${m.kpi}: needs ${m.needs}\n`);
  } else ctx.stdout.write('Every KPI of these kinds of file has an input column.\n');
  return 0;
}
