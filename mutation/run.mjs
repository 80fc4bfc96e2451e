#!/usr/bin/env node
// `npm run mutation [-- FOLDER… | --incremental | --report]` (TESTING.md):
//   npm run mutation                   metrics, input and engine, one Stryker run each
//   npm run mutation -- metrics        one folder
//   npm run mutation -- --incremental  re-test only mutants whose code or covering tests changed
//   npm run mutation -- --report       no run: the score of the last run of each folder
//   npm run mutation:incremental -- input --mutate 'src/input/csv/**/*.ts'
//                                      part of one folder, for a folder too long for one sitting
//   npm run mutation:incremental -- input --mutate 'src/input/csv/scanner.ts' --tests 'test/input/*.test.ts'
//                                      with fewer of the folder's tests: a floor for its score, in less time
//   npm run mutation:report -- --salvage input
//                                      no run: keep what a stopped run of the folder found (its
//                                      event files), the files whose every mutant was tested,
//                                      and put all it tested into the incremental file, so that
//                                      the same --mutate with --incremental takes up where it stopped
// Each finished run is kept in reports/mutation/runs/<folder>/ and, compacted, in the committed
// ledger mutation/ledger/<folder>/ (reports/ does not outlive the machine); at the end this
// prints every folder's score against its goal, each file's mutants taken from the newest run
// that mutated the file as it is now (parts.mjs), and exits 1 when a folder misses its goal or
// has a file no run measured as it is now.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DEFAULT_FOLDERS, FOLDERS, reportFiles } from './folders.mjs';
import { assemble, compactRun, expandRun, folderFiles, narrowTests, resumeFile, runsToKeep, salvage, tally } from './parts.mjs';

const args = process.argv.slice(2);
const incremental = args.includes('--incremental');
const salvageOnly = args.includes('--salvage');
const reportOnly = args.includes('--report') || salvageOnly;
const at = args.indexOf('--mutate');
const mutate = at >= 0 ? args[at + 1] : undefined;
if (at >= 0) args.splice(at, 2);
const testsAt = args.indexOf('--tests');
const testsGiven = testsAt >= 0 ? args[testsAt + 1] : undefined;
if (testsAt >= 0) args.splice(testsAt, 2);
const unknown = args.filter((a) => a.startsWith('-') && !['--incremental', '--report', '--salvage'].includes(a));
const named = args.filter((a) => !a.startsWith('-'));
if (testsAt >= 0 && (testsGiven === undefined || testsGiven.startsWith('-') || named.length !== 1)) {
  console.error('mutation: --tests takes a list of the folder\'s test files, for one named folder (npm run mutation:incremental -- input --mutate \'src/input/csv/scanner.ts\' --tests \'test/input/*.test.ts\')');
  process.exit(2);
}
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
  console.error(`mutation: unknown option ${unknown[0]} (--incremental, --report, --salvage, --mutate, --tests)`);
  process.exit(2);
}
const folders = named.length > 0 ? named : DEFAULT_FOLDERS;

function listTs(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => `${dir}/${String(f).split(sep).join('/')}`)
    .filter((f) => f.endsWith('.ts'));
}
const source = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
const listDir = (dir) => (existsSync(dir) ? readdirSync(dir).map((f) => `${dir}/${f}`) : []);
/** The test files of one folder's run: null for the folder's own, else what --tests named. */
let narrowed = null;
if (testsGiven !== undefined) {
  try {
    narrowed = narrowTests(FOLDERS[named[0]].tests, testsGiven.split(','), listDir);
  } catch (e) {
    console.error(`mutation: ${e.message}`);
    process.exit(2);
  }
}
const sha256 = (text) => createHash('sha256').update(text).digest('hex');
/** The committed record of the runs (parts.mjs compactRun), one directory per folder. */
const LEDGER = 'mutation/ledger';
/**
 * Each folder's incremental file, gzipped, kept in the repository: reports/ does not outlive the
 * machine, and a file every test reads (csv/scanner.ts, sql-query.ts) takes longer than a
 * sitting, so a stopped run's results (--salvage) must reach the next machine to be taken up.
 * A cache with Stryker's own limits: it re-tests a mutant whose file or covering test file
 * changed, not one whose result a change elsewhere (another src file, a fixture) would alter.
 */
const keptIncremental = (folder) => `mutation/incremental/${folder}.json.gz`;
/** Before a run: the kept incremental file, where this machine has none. */
function restoreIncremental(folder) {
  const { incremental } = reportFiles(folder);
  const kept = keptIncremental(folder);
  if (existsSync(incremental) || !existsSync(kept)) return;
  let text;
  try {
    text = gunzipSync(readFileSync(kept));
    JSON.parse(text);
  } catch (e) {
    // A cache: a damaged one (a merge that kept half of each side) costs a full run, not the run.
    console.log(`mutation: ${folder}: ${kept} is not a gzipped JSON file (${e.message}): not used; the run tests every mutant`);
    return;
  }
  mkdirSync(dirname(incremental), { recursive: true });
  writeFileSync(incremental, text);
  console.log(`mutation: ${folder}: ${incremental} taken from ${kept}`);
}
/** After a run or a salvage: this machine's incremental file, kept (commit it). */
function keepIncremental(folder) {
  const { incremental } = reportFiles(folder);
  if (!existsSync(incremental)) return;
  mkdirSync(dirname(keptIncremental(folder)), { recursive: true });
  writeFileSync(keptIncremental(folder), gzipSync(readFileSync(incremental), { level: 9 }));
  console.log(`mutation: ${folder}: its incremental file kept in ${keptIncremental(folder)} (commit it)`);
}

/** A kept run's file name: when it ended, in UTC, sortable, without colons. */
const runName = (when) => when.toISOString().slice(0, 19).replaceAll(':', '-');

if (!reportOnly) {
  for (const folder of folders) {
    const started = Date.now();
    // The text of every file the run mutates, as it starts: kept with its report (parts.mjs).
    const globs = mutate ? mutate.split(',') : FOLDERS[folder].mutate;
    let csmSources;
    try {
      csmSources = Object.fromEntries(folderFiles(globs, listTs).map((f) => [f, readFileSync(f, 'utf8')]));
    } catch (e) {
      console.error(`mutation: ${e.message}`);
      process.exit(2);
    }
    // The event recorder numbers its files from 0 again: old ones would mix with the new.
    rmSync(reportFiles(folder).events, { recursive: true, force: true });
    mkdirSync(dirname(reportFiles(folder).sources), { recursive: true });
    writeFileSync(reportFiles(folder).sources, JSON.stringify(csmSources));
    writeFileSync(reportFiles(folder).tests, JSON.stringify(Object.fromEntries(listTs('test').map((f) => [f, readFileSync(f, 'utf8')]))));
    writeFileSync(reportFiles(folder).narrowed, JSON.stringify(narrowed));
    // A full run is an incremental run with --force: every mutant is tested and the results
    // are kept (reports/stryker-incremental-<folder>.json) for the next --incremental run.
    if (incremental) restoreIncremental(folder);
    const stryker = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', '--incremental', ...(incremental ? [] : ['--force']), ...(mutate ? ['--mutate', mutate] : [])], {
      stdio: 'inherit',
      // CSM_MUTATION_TESTS only as --tests gives it (one left in the shell would narrow a run kept as whole).
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CSM_MUTATION_TESTS')), CSM_MUTATION_FOLDER: folder, ...(narrowed ? { CSM_MUTATION_TESTS: narrowed.join(',') } : {}) },
    });
    // Kept, named by when it ended: the verdict takes each file from the newest run of it.
    if (stryker.status === 0) {
      const { json, runs } = reportFiles(folder);
      mkdirSync(runs, { recursive: true });
      const report = JSON.parse(readFileSync(json, 'utf8'));
      writeFileSync(`${runs}/${runName(new Date())}.json`, JSON.stringify({ ...report, csmSources, ...(narrowed ? { csmTests: narrowed } : {}) }));
    }
    console.log(`mutation: ${folder} took ${Math.round((Date.now() - started) / 60_000)} min`);
    if (stryker.status === 0) keepIncremental(folder);
    if (stryker.status !== 0) {
      console.error(`mutation: Stryker failed on ${folder} (exit ${stryker.status ?? stryker.signal})`);
      process.exit(2);
    }
  }
}

// A stopped run's finished files, from its event files, kept as a run of its own.
if (salvageOnly) {
  for (const folder of folders) {
    const { events, sources, tests, runs, incremental, narrowed: narrowedFile } = reportFiles(folder);
    if (!existsSync(events) || !existsSync(sources)) {
      console.error(`mutation: no events of a run of ${folder} to salvage (${events}, ${sources})`);
      process.exit(2);
    }
    const names = readdirSync(events).sort();
    const event = (suffix) => names.filter((n) => n.endsWith(`-${suffix}.json`)).map((n) => JSON.parse(readFileSync(`${events}/${n}`, 'utf8')));
    const [dryRun] = event('onDryRunCompleted');
    const [plan] = event('onMutationTestingPlanReady');
    if (dryRun === undefined || plan === undefined) {
      console.error(`mutation: the run of ${folder} stopped before it planned its mutants: nothing to salvage`);
      process.exit(2);
    }
    const tested = event('onMutantTested');
    const sourcesThen = JSON.parse(readFileSync(sources, 'utf8'));
    const testsThen = existsSync(narrowedFile) ? JSON.parse(readFileSync(narrowedFile, 'utf8')) : null;
    const { report, complete, incomplete } = salvage({ dryRun, plan, tested, root: process.cwd(), sources: sourcesThen, tests: testsThen });
    // Named by its last result, so that a later run of the same files is the newer.
    const last = statSync(`${events}/${names.at(-1)}`).mtime;
    mkdirSync(runs, { recursive: true });
    writeFileSync(`${runs}/${runName(last)}.json`, JSON.stringify(report));
    console.log(`mutation: ${folder}: kept ${complete.length} files whose every mutant was tested (${tested.length} results); not kept: ${incomplete.join(', ') || 'none'}`);
    // What it tested goes into the incremental file, so that running the same files again with
    // --incremental takes up where it stopped.
    restoreIncremental(folder);
    const before = existsSync(incremental) ? JSON.parse(readFileSync(incremental, 'utf8')) : null;
    const testSources = existsSync(tests) ? JSON.parse(readFileSync(tests, 'utf8')) : null;
    writeFileSync(incremental, JSON.stringify(resumeFile({ incremental: before, dryRun, tested, root: process.cwd(), sources: sourcesThen, testSources })));
    keepIncremental(folder);
    console.log(`mutation: ${folder}: its results are in ${incremental}: \`npm run mutation:incremental -- ${folder} --mutate '${Object.keys(sourcesThen).join(',')}'\` tests the rest${testSources ? '' : ' (the test files\' text as it started was not kept: they keep the text the incremental file had)'}`);
  }
}

// Every folder's verdict from its ledger (mutation/ledger/<folder>/, committed), into which go
// first the runs kept here in reports/mutation/runs/<folder>/ (parts.mjs): each file's mutants
// from the newest run that mutated the file as it is now.
let missed = false;
const status = spawnSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' });
const committed = status.status === 0 && status.stdout.trim() === '';
if (!committed) console.log('\n(src/ has uncommitted changes: the ledger keeps every run until a report on committed sources)');
console.log('\nfolder     goal  score    killed timeout survived no-cov ignored');
for (const folder of folders) {
  const goal = FOLDERS[folder].goal;
  const dir = reportFiles(folder).runs;
  const ledger = `${LEDGER}/${folder}`;
  mkdirSync(ledger, { recursive: true });
  for (const name of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []) {
    if (!existsSync(`${ledger}/${name}`)) writeFileSync(`${ledger}/${name}`, `${JSON.stringify(compactRun(JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')), sha256))}\n`);
  }
  const names = readdirSync(ledger).filter((f) => f.endsWith('.json')).sort().reverse();
  const runs = names.map((name) => ({ name: name.replace(/\.json$/, ''), report: expandRun(JSON.parse(readFileSync(`${ledger}/${name}`, 'utf8'))) }));
  const files = folderFiles(FOLDERS[folder].mutate, listTs);
  const { measured, changed, unmeasured, goneTests } = assemble({ files, runs, source, hash: sha256 });
  // A run no file takes its result from, and no file's newest, can go (runsToKeep): judged on
  // committed sources only, or an experiment measured and then undone would have taken the run
  // of the committed text with it.
  if (committed) {
    const keep = runsToKeep({ files, runs, source, hash: sha256 });
    for (const { name } of runs) if (!keep.has(name)) rmSync(`${ledger}/${name}.json`);
  }
  const { counts, score, open } = tally([...measured].map(([file, { mutants }]) => [file, mutants]));
  const whole = changed.length === 0 && unmeasured.length === 0;
  const met = whole && (goal === null || (score !== null && score >= goal));
  if (!met) missed = true;
  const verdict = runs.length === 0 ? `NOT RUN: npm run mutation -- ${folder}` : !whole ? `NO VERDICT: ${changed.length + unmeasured.length} of ${files.length} files not measured as they are now` : met ? 'goal met' : 'GOAL MISSED';
  console.log(
    `${folder.padEnd(10)} ${String(goal ?? '–').padStart(3)} %  ${score === null ? '   –  ' : `${score.toFixed(1).padStart(5)} %`} ${String(counts.Killed).padStart(7)} ${String(counts.Timeout).padStart(7)} ${String(counts.Survived).padStart(8)} ${String(counts.NoCoverage).padStart(6)} ${String(counts.Ignored).padStart(7)}  ${verdict}`,
  );
  const used = new Map();
  for (const { run } of measured.values()) used.set(run, (used.get(run) ?? 0) + 1);
  const ownTests = narrowTests(FOLDERS[folder].tests, FOLDERS[folder].tests, listDir).length;
  for (const [run, n] of [...used].sort()) {
    const fewer = runs.find((r) => r.name === run).report.csmTests;
    console.log(`  from the run that ended ${run.replace(/T(\d\d)-(\d\d)-(\d\d)$/, ' $1:$2:$3')} UTC: ${n} file${n === 1 ? '' : 's'}${fewer ? ` (with ${fewer.length} of the folder's ${ownTests} test files: --tests)` : ''}`);
  }
  if (goneTests > 0) console.log(`  ${goneTests} mutants killed then by tests whose files are gone: counted as survived`);
  // Each file's own score where a mutant is left, lowest first: where the next tests pay most.
  const perFile = [...measured].map(([file, { mutants }]) => [file, tally([[file, mutants]])]).filter(([, t]) => t.score !== null && t.score < 100);
  for (const [file, t] of perFile.sort((a, b) => a[1].score - b[1].score)) {
    console.log(`  ${t.score.toFixed(1).padStart(5)} %  ${file} (${t.counts.Survived + t.counts.NoCoverage} of ${t.counts.Killed + t.counts.Timeout + t.counts.Survived + t.counts.NoCoverage} left)`);
  }
  for (const file of changed) console.log(`  changed since it was measured: ${file}`);
  for (const file of unmeasured) console.log(`  not measured: ${file}`);
  for (const line of open) console.log(`  ${line}`);
}
console.log('\nscore = (killed + timeout) / (killed + timeout + survived + no coverage); TESTING.md says how to read it');
process.exit(missed ? 1 : 0);
