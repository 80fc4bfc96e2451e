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
import { resolveInputSettings } from '../settings/settings.js';
import type { InputFlags, InputSettings } from '../settings/settings.js';
import { escapeControls } from '../output/escape-controls.js';
import { prepareInputs } from './prepare-inputs.js';

export async function runColumns(ctx: Context, positional: string[], o: InputFlags): Promise<number> {
  const prepared = await prepareInputs(ctx, positional, o, () => resolveInputSettings(ctx, positional, o));
  try {
    return columns(ctx, prepared);
  } finally {
    prepared.cleanup();
  }
}

function columns(ctx: Context, { files, load }: InputSettings): number {
  // Headers are the file's text: control characters in them are shown escaped.
  const show = (text: string) => escapeControls(text);
  const mappings = [];
  for (const f of files) {
    const header = readHeader(f);
    const kind = kindOf(f, header, load);
    const m = mapHeader(f.name, header.fields, kind, load.rename, load.join);
    mappings.push(m);
    const fields = header.fields.map(show);
    const width = Math.max(...fields.map((h) => h.length), 10);
    ctx.stdout.write(`${show(f.name)}: ${kind} (delimiter ${JSON.stringify(header.delimiter)})\n`);
    const byIndex = new Map([...m.index].map(([canonical, i]) => [i, `→ ${canonical}`]));
    for (const [canonical, parts] of m.joins) {
      const names = parts.map((i) => fields[i]).join(' + ');
      for (const i of parts) byIndex.set(i, `→ ${canonical} (joined: ${names})`);
    }
    fields.forEach((h, i) => ctx.stdout.write(`  ${h.padEnd(width)}  ${byIndex.get(i) ?? '(ignored)'}\n`));
  }
  const missing = missingInputs(mappings, false);
  if (missing.length) {
    ctx.stdout.write('KPIs without input in these files:\n');
    for (const m of missing) ctx.stdout.write(`  ${m.kpi}: needs ${m.needs}\n`);
  } else ctx.stdout.write('Every KPI of these kinds of file has an input column.\n');
  return 0;
}
