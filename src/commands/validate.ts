/**
 * csm-kpi validate FILES… — checks files against the input contract and lists every
 * problem, without computing anything. Exit 0 when all rows are valid, 2 otherwise.
 *
 *   csm-kpi validate tickets.csv surveys.csv
 */
import type { Context } from '../context.js';
import { CsmError } from '../errors.js';
import { loadInputs } from '../input/load.js';
import type { InputCliOptions } from '../settings/input-settings.js';
import { setupInputs } from '../settings/input-settings.js';
import { invalidRowCount, noteDroppedFields, printProblems, writeRejects } from './invalid-rows.js';
import { resolve } from 'node:path';

export function runValidate(ctx: Context, positional: string[], o: InputCliOptions & { rejects?: string }): number {
  const { files, load } = setupInputs(ctx, positional, o);
  const ok = () => 'ok' as const;
  const result = loadInputs(files, { ...load, by: [], keepRejected: o.rejects !== undefined }, { ticket: ok, answer: ok, customer: ok });
  if (o.rejects) writeRejects(resolve(ctx.cwd, o.rejects), result);
  for (const f of result.files) {
    const mapped = [...f.mapping.index.keys()].join(', ');
    ctx.stdout.write(
      `${f.file}: ${f.kind}, ${f.rows} row${f.rows === 1 ? '' : 's'}, ${f.invalid === 0 ? 'all valid' : `${f.invalid} invalid`}${f.dropped.size ? ` (${[...f.dropped.values()].reduce((x, y) => x + y, 0)} invalid fields left out)` : ''}; columns used: ${mapped}` +
        (f.mapping.ignored.length ? `; ignored: ${f.mapping.ignored.join(', ')}` : '') +
        '\n',
    );
  }
  noteDroppedFields(ctx, result);
  const invalid = invalidRowCount(result);
  if (invalid === 0) return 0;
  printProblems(ctx, result.problems);
  throw new CsmError('CSM_ROWS_INVALID', `${invalid} invalid row${invalid === 1 ? '' : 's'}`);
}
