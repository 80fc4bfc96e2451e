/**
 * csm-kpi columns FILES… — how each header was mapped onto the canonical columns, what
 * was ignored, and which KPIs get no input from these files: the first thing to run
 * when a KPI comes out n/a. A file whose kind cannot be told (or that lacks a required
 * column) is said so, and its headers are still listed with what each could map to.
 *
 *   csm-kpi columns export.csv --preset zendesk
 */
import type { Context } from '../context.js';
import { CsmError } from '../errors.js';
import { COLUMNS, mapHeader, normalizeHeader } from '../input/header/columns.js';
import type { FileKind, HeaderMapping, HeaderRules } from '../input/header/columns.js';
import { missingInputs } from '../input/header/coverage.js';
import { presetHint } from '../input/header/preset-guess.js';
import { PRESETS } from '../input/header/presets.js';
import type { PresetName } from '../input/header/presets.js';
import { kindOf, readHeader } from '../input/load.js';
import { resolveInputSettings } from '../settings/settings.js';
import type { InputFlags, InputSettings } from '../settings/settings.js';
import { escapeControls } from '../escape-controls.js';
import { namedInvisible } from './input-notes.js';
import { prepareInputs } from './prepare-inputs.js';

export async function runColumns(ctx: Context, positional: string[], o: InputFlags): Promise<number> {
  const prepared = await prepareInputs(ctx, positional, o, () => resolveInputSettings(ctx, positional, o));
  try {
    return columns(ctx, prepared);
  } finally {
    prepared.cleanup();
  }
}

function columns(ctx: Context, s: InputSettings): number {
  const { files, load } = s;
  const suggest = !s.mapped;
  // Headers and names are the file's text: control characters in them are shown escaped, and
  // invisible ones named (a U+FEFF before a header, which the mapping trims, would shift the column).
  const show = (text: string) => namedInvisible(escapeControls(text));
  const mappings: HeaderMapping[] = [];
  for (const f of files) {
    const header = readHeader(f);
    const fields = header.fields.map(show);
    const width = Math.max(...fields.map((h) => h.length), 10);
    const hint = suggest ? presetHint(header.fields) : null;
    let m: HeaderMapping;
    try {
      m = mapHeader(f.name, header.fields, kindOf(f, header, load), load.rules, load.join);
    } catch (e) {
      if (!(e instanceof CsmError) || (e.code !== 'CSM_HEADER_UNKNOWN_KIND' && e.code !== 'CSM_HEADER_MISSING_COLUMN')) throw e;
      const why = e.code === 'CSM_HEADER_UNKNOWN_KIND' ? 'kind unknown: tickets need created_at, surveys score, customers customers_start or churned' : e.message.replace(/ \(header: .*\)$/, '').replace(`${f.name}: `, '');
      ctx.stdout.write(`${show(f.name)}: ${why} (delimiter ${JSON.stringify(header.delimiter)})\n`);
      if (hint) ctx.stdout.write(`  ${hint}\n`);
      ctx.stdout.write('  what each header could map to:\n');
      header.fields.forEach((h, i) => ctx.stdout.write(`  ${fields[i].padEnd(width)}  ${candidates(h, load.rules)}\n`));
      continue;
    }
    mappings.push(m);
    ctx.stdout.write(`${show(f.name)}: ${m.kind} (delimiter ${JSON.stringify(header.delimiter)})\n`);
    if (hint) ctx.stdout.write(`  ${hint}\n`);
    const byIndex = new Map([...m.index].map(([canonical, i]) => [i, `→ ${canonical}${m.zones.has(canonical) ? ` (times in ${m.zones.get(canonical)})` : ''}`]));
    for (const [i, winner] of m.overridden) {
      const canonical = [...m.index].find(([, j]) => j === winner)?.[0];
      byIndex.set(i, `(ignored: column ${winner + 1} gives ${canonical})`);
    }
    for (const [canonical, parts] of m.joins) {
      const names = parts.map((i) => fields[i]).join(' + ');
      for (const i of parts) byIndex.set(i, `→ ${canonical} (joined: ${names})`);
    }
    fields.forEach((h, i) => ctx.stdout.write(`  ${h.padEnd(width)}  ${byIndex.get(i) ?? '(ignored)'}\n`));
  }
  if (mappings.length === 0) return 0;
  const missing = missingInputs(mappings, false);
  if (missing.length) {
    ctx.stdout.write('KPIs without input in these files:\n');
    for (const m of missing) ctx.stdout.write(`  ${m.kpi}: needs ${m.needs}\n`);
  } else ctx.stdout.write('Every KPI of these kinds of file has an input column.\n');
  return 0;
}

/** What a header could feed: a canonical column of some kinds of file, or one a preset maps it to. */
function candidates(header: string, rules: HeaderRules): string {
  const norm = normalizeHeader(header);
  const canonical = rules.explicit.get(norm) ?? rules.preset.get(norm) ?? norm;
  const out: string[] = [];
  const kinds = (Object.keys(COLUMNS) as FileKind[]).filter((k) => COLUMNS[k].some((c) => c.name === canonical));
  if (kinds.length) out.push(`→ ${canonical} (in ${kinds.join(', ')})`);
  const byPreset = new Map<string, PresetName[]>();
  for (const [name, preset] of Object.entries(PRESETS) as [PresetName, (typeof PRESETS)[PresetName]][]) {
    for (const [from, to] of Object.entries(preset.columns)) {
      if (normalizeHeader(from) === norm && to !== canonical) byPreset.set(to, [...new Set([...(byPreset.get(to) ?? []), name])]);
    }
  }
  for (const [to, names] of byPreset) out.push(`→ ${to} with --preset ${names.join(' or ')}`);
  return out.length ? out.join('; ') : '(no canonical column)';
}
