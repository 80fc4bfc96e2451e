/**
 * csm-kpi validate FILES… — checks files against the input contract and lists every
 * problem, without computing anything. Exit 0 when all rows are valid, 2 otherwise.
 *
 *   csm-kpi validate tickets.csv surveys.csv
 */
import type { Context } from '../context.js';
import { CsmError } from '../errors.js';
import { loadInputs } from '../input/load.js';
import { resolveInputSettings } from '../settings/settings.js';
import type { InputFlags, InputSettings } from '../settings/settings.js';
import { escapeControls } from '../escape-controls.js';
import { invalidRowCount, noteDroppedFields, printProblems, RejectsFile } from './invalid-rows.js';
import { encodingNotes, inputNotes, readHead } from './input-notes.js';
import { prepareInputs } from './prepare-inputs.js';
import { resolve } from 'node:path';

export async function runValidate(ctx: Context, positional: string[], o: InputFlags & { rejects?: string }): Promise<number> {
  const prepared = await prepareInputs(ctx, positional, o, () => resolveInputSettings(ctx, positional, o), o.rejects === undefined ? [] : [{ flag: '--rejects', name: o.rejects }]);
  try {
    return validate(ctx, prepared, o);
  } finally {
    prepared.cleanup();
  }
}

function validate(ctx: Context, { files, load, mapped, columnMap }: InputSettings, o: { rejects?: string }): number {
  // Every valid row counts for validate: what load.ts checks of the rows used (answers given twice) applies.
  const ok = () => 'used' as const;
  const rejects = o.rejects === undefined ? null : new RejectsFile(resolve(ctx.cwd, o.rejects), o.rejects);
  let result;
  try {
    result = loadInputs(files, { ...load, by: [], rejects: rejects ?? undefined }, { ticket: ok, answer: ok, customer: ok });
    rejects?.commit();
  } catch (e) {
    rejects?.abort();
    throw e;
  }
  for (const f of result.files) {
    const columnsUsed = [...f.mapping.index.keys()].join(', ');
    ctx.stdout.write(
      escapeControls(
        `${f.file}: ${f.kind}, ${f.rows} row${f.rows === 1 ? '' : 's'}, ${f.invalid === 0 ? 'all valid' : `${f.invalid} invalid`}${f.dropped.size ? ` (${[...f.dropped.values()].reduce((x, y) => x + y, 0)} invalid fields left out)` : ''}; columns used: ${columnsUsed}` +
          (f.mapping.ignored.length ? `; ignored: ${f.mapping.ignored.join(', ')}` : ''),
      ) + '\n',
    );
  }
  noteDroppedFields(ctx, result);
  const notes = [...inputNotes(result, { read: load.read, mapped, business: false, columnMap }), ...encodingNotes(files, readHead)];
  const invalid = invalidRowCount(result);
  if (invalid > 0) printProblems(ctx, result);
  for (const note of notes) ctx.stderr.write(note + '\n');
  if (invalid === 0) return 0;
  throw new CsmError('CSM_ROWS_INVALID', `${invalid} invalid row${invalid === 1 ? '' : 's'}`);
}
