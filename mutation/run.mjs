#!/usr/bin/env node
// `npm run mutation [-- FOLDER… | --incremental | --report]` (TESTING.md):
//   npm run mutation                   metrics, input and engine, one Stryker run each
//   npm run mutation -- metrics        one folder
//   npm run mutation -- --incremental  re-test only mutants whose code or covering tests changed
//   npm run mutation -- --report       no run: the score of the last run of each folder
//   npm run mutation:incremental -- input --mutate 'src/input/csv/**/*.ts'
//                                      part of one folder: a run too long for one sitting done in
//                                      parts, each part widening the last (the incremental file
//                                      keeps the results of the files already run)
// Each run writes reports/mutation/<folder>.json (and .html); at the end this prints every
// folder's score against its goal and exits 1 when a folder misses it (or has no report).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { DEFAULT_FOLDERS, FOLDERS, reportFiles } from './folders.mjs';

const args = process.argv.slice(2);
const incremental = args.includes('--incremental');
const reportOnly = args.includes('--report');
const at = args.indexOf('--mutate');
const mutate = at >= 0 ? args[at + 1] : undefined;
if (at >= 0) args.splice(at, 2);
const unknown = args.filter((a) => a.startsWith('-') && a !== '--incremental' && a !== '--report');
const named = args.filter((a) => !a.startsWith('-'));
if (at >= 0 && (mutate === undefined || named.length !== 1)) {
  console.error('mutation: --mutate takes a list of globs, for one named folder (npm run mutation:incremental -- input --mutate \'src/input/csv/**/*.ts\')');
  process.exit(2);
}
for (const f of named) {
  if (!(f in FOLDERS)) {
    console.error(`mutation: no folder ${f} (${Object.keys(FOLDERS).join(', ')})`);
    process.exit(2);
  }
}
if (unknown.length > 0) {
  console.error(`mutation: unknown option ${unknown[0]} (--incremental, --report)`);
  process.exit(2);
}
const folders = named.length > 0 ? named : DEFAULT_FOLDERS;

if (!reportOnly) {
  for (const folder of folders) {
    const started = Date.now();
    // The event recorder numbers its files from 0 again: old ones would mix with the new.
    rmSync(reportFiles(folder).events, { recursive: true, force: true });
    // A full run is an incremental run with --force: every mutant is tested and the results
    // are kept (reports/stryker-incremental-<folder>.json) for the next --incremental run.
    const stryker = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', '--incremental', ...(incremental ? [] : ['--force']), ...(mutate ? ['--mutate', mutate] : [])], {
      stdio: 'inherit',
      env: { ...process.env, CSM_MUTATION_FOLDER: folder },
    });
    if (stryker.status === 0) {
      if (mutate) writeFileSync(reportFiles(folder).part, `${mutate}\n`);
      else rmSync(reportFiles(folder).part, { force: true });
    }
    console.log(`mutation: ${folder} took ${Math.round((Date.now() - started) / 60_000)} min`);
    if (stryker.status !== 0) {
      console.error(`mutation: Stryker failed on ${folder} (exit ${stryker.status ?? stryker.signal})`);
      process.exit(2);
    }
  }
}

/** Counts per status of one mutation-testing-elements report. */
function tally(report) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0 };
  const open = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      counts[m.status] = (counts[m.status] ?? 0) + 1;
      if (m.status === 'Survived' || m.status === 'NoCoverage') open.push(`${file}:${m.location.start.line} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')}`);
    }
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return { counts, score: valid === 0 ? null : (100 * detected) / valid, open };
}

let missed = false;
console.log('\nfolder    goal  score    killed timeout survived no-cov ignored  report');
for (const folder of folders) {
  const { json } = reportFiles(folder);
  const goal = FOLDERS[folder].goal;
  if (!existsSync(json)) {
    console.log(`${folder.padEnd(9)} ${String(goal ?? '–').padStart(3)} %  no report (${json}): run npm run mutation -- ${folder}`);
    missed = true;
    continue;
  }
  const report = JSON.parse(readFileSync(json, 'utf8'));
  const { counts, score, open } = tally(report);
  // A report of a run over part of the folder (--mutate) is no verdict on the folder.
  const part = existsSync(reportFiles(folder).part) ? readFileSync(reportFiles(folder).part, 'utf8').trim() : null;
  const met = part === null && (goal === null || (score !== null && score >= goal));
  if (!met) missed = true;
  const when = statSync(json).mtime.toISOString().slice(0, 16).replace('T', ' ');
  console.log(
    `${folder.padEnd(9)} ${String(goal ?? '–').padStart(3)} %  ${score === null ? '   –  ' : `${score.toFixed(1).padStart(5)} %`} ${String(counts.Killed).padStart(7)} ${String(counts.Timeout).padStart(7)} ${String(counts.Survived).padStart(8)} ${String(counts.NoCoverage).padStart(6)} ${String(counts.Ignored).padStart(7)}  ${when} UTC ${part !== null ? `PART OF THE FOLDER ONLY (--mutate ${part})` : met ? 'goal met' : 'GOAL MISSED'}`,
  );
  for (const line of open) console.log(`  ${line}`);
}
console.log('\nscore = (killed + timeout) / (killed + timeout + survived + no coverage); TESTING.md says how to read it');
process.exit(missed ? 1 : 0);
