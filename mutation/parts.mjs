// A folder's verdict put together from the runs that measured it (TESTING.md, "Runs in parts").
// A whole folder takes longer than a sitting on a two-core machine (input: 4,700 mutants,
// about 3 hours), so `npm run mutation:incremental -- input --mutate …` measures part of it and
// every finished run is kept in reports/mutation/runs/<folder>/. For each file of the folder
// the newest run whose copy of the file is the file as it is now gives its mutants; a file no
// run measured as it is now is listed and the folder has no verdict. Pure: run.mjs reads the
// files and prints.

/**
 * The source files a folder's Stryker globs name. Only the forms folders.mjs uses:
 * `dir/**\/*.ts`, a file, and `!dir/**` or `!file.ts` to leave a folder or a file out.
 * @param {string[]} globs
 * @param {(dir: string) => string[]} listTs every .ts file under dir, as repository paths
 * @returns {string[]} sorted
 */
export function folderFiles(globs, listTs) {
  const files = new Set();
  const excluded = [];
  for (const glob of globs) {
    let m;
    if ((m = /^!(.+)\/\*\*$/.exec(glob))) excluded.push(`${m[1]}/`);
    else if ((m = /^!([^*]+\.ts)$/.exec(glob))) excluded.push(m[1]);
    else if ((m = /^([^*!]+)\/\*\*\/\*\.ts$/.exec(glob))) for (const f of listTs(m[1])) files.add(f);
    else if (/^[^*!]+\.ts$/.test(glob)) files.add(glob);
    else throw new Error(`mutation/parts.mjs: glob ${glob} is not one of the forms it reads (dir/**/*.ts, file.ts, !dir/**, !file.ts)`);
  }
  return [...files].filter((f) => !excluded.some((out) => (out.endsWith('/') ? f.startsWith(out) : f === out)) && !f.endsWith('.d.ts')).sort();
}

/**
 * The test files a run uses when `--tests` narrows a folder's (mutation/folders.mjs): a file
 * or `dir/*.test.ts`, each naming only files among the folder's own. Fewer tests can only
 * kill fewer mutants, so a score measured with them is a floor for the folder's: a way to
 * measure a file every test reads (csv/scanner.ts) in a sitting, not to raise a score.
 * @param {string[]} folderTests the folder's test globs
 * @param {string[]} given what --tests named
 * @param {(dir: string) => string[]} listFiles the files directly in dir, as repository paths
 * @returns {string[]} the given files, sorted
 */
export function narrowTests(folderTests, given, listFiles) {
  const expand = (glob) => {
    const m = /^(.+)\/\*(\.[\w.]+)$/.exec(glob);
    if (m === null) return [glob];
    return listFiles(m[1]).filter((f) => f.endsWith(m[2]));
  };
  const own = new Set(folderTests.flatMap(expand));
  const files = new Set();
  for (const glob of given) {
    const named = expand(glob).filter((f) => own.has(f));
    if (named.length === 0) throw new Error(`--tests: ${glob} names none of the folder's test files (${folderTests.join(', ')})`);
    for (const f of named) files.add(f);
  }
  return [...files].sort();
}

/**
 * Each file's mutants from the newest run that measured the file as it is now.
 * @param {object} args
 * @param {string[]} args.files the folder's files (folderFiles)
 * @param {{ name: string, report: any }[]} args.runs Stryker JSON reports, newest first, each
 *   with csmSources: the text of each file its globs named when it started
 * @param {(file: string) => string | null} args.source a file's text now (null: gone)
 * @param {((text: string) => string) | null} [args.hash] SHA-256 of a text, for ledger runs
 * @returns {{ measured: Map<string, { run: string, mutants: any[] }>, changed: string[], unmeasured: string[], goneTests: number }}
 *   changed: measured, but only as the file was before; goneTests: killed mutants whose
 *   killing tests' files are all gone now, counted as survived.
 */
export function assemble({ files, runs, source, hash = null }) {
  const measured = new Map();
  const changed = [];
  const unmeasured = [];
  let goneTests = 0;
  for (const file of files) {
    const now = source(file);
    const hashNow = hash !== null && now !== null ? hash(now) : null;
    // A run keeps the text of every file its globs named as it started (csmSources): those are
    // the files it measured, a file of types alone too (no mutants). Its report holds others
    // as well: an incremental run carried the earlier results of files it did not mutate over
    // into its report, against their current text, without the mutants of lines changed since.
    // Runs from before csmSources existed vouch for the files of their report. A ledger run
    // (compactRun) keeps each text's hash instead.
    const textThen = (r) => (r.report.csmHashes ? r.report.csmHashes[file] : r.report.csmSources ? r.report.csmSources[file] : r.report.files[file]?.source);
    const runsWith = runs.filter((r) => textThen(r) !== undefined);
    // Of the runs of the text as it is, the newest with the folder's own tests; one --tests
    // narrowed (a floor, csmTests) only when there is none: it does not replace a whole measurement.
    const ofNow = runsWith.filter((r) => textThen(r) === (r.report.csmHashes ? hashNow : now));
    const run = ofNow.find((r) => r.report.csmTests === undefined) ?? ofNow[0];
    if (run === undefined) {
      (runsWith.length > 0 ? changed : unmeasured).push(file);
      continue;
    }
    const testFile = new Map();
    for (const [path, { tests }] of Object.entries(run.report.testFiles ?? {})) for (const t of tests) testFile.set(t.id, path);
    const mutants = (run.report.files[file]?.mutants ?? []).map((m) => {
      if (m.status !== 'Killed' || !Array.isArray(m.killedBy) || m.killedBy.length === 0) return m;
      // A test that killed the mutant then must still be there to kill it now.
      const alive = m.killedBy.some((id) => testFile.has(id) && source(testFile.get(id)) !== null);
      if (alive) return m;
      goneTests += 1;
      return { ...m, status: 'Survived', statusReason: 'its killing tests are gone' };
    });
    measured.set(file, { run: run.name, mutants });
  }
  return { measured, changed, unmeasured, goneTests };
}

/** Counts per status, the score and the open mutants (survived, no coverage) of some files' mutants. */
export function tally(filesMutants) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0 };
  const open = [];
  for (const [file, mutants] of filesMutants) {
    for (const m of mutants) {
      counts[m.status] = (counts[m.status] ?? 0) + 1;
      if (m.status === 'Survived' || m.status === 'NoCoverage') open.push(`${file}:${m.location.start.line} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')}`);
    }
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return { counts, score: valid === 0 ? null : (100 * detected) / valid, open };
}

/**
 * A run stopped before its end, from its event files (Stryker's event recorder: the plan,
 * then one file per mutant tested): a report of the files whose every mutant was tested.
 * Stryker writes its own report only when a run ends; this keeps what a long run found.
 * @param {object} args
 * @param {any} args.dryRun the onDryRunCompleted event (its tests)
 * @param {any} args.plan the onMutationTestingPlanReady event
 * @param {any[]} args.tested every onMutantTested event
 * @param {string} args.root the project directory the event paths start with
 * @param {Record<string, string>} args.sources each mutated file's text as the run started
 * @param {string[] | null} [args.tests] the test files, when --tests narrowed the folder's
 * @returns {{ report: any, complete: string[], incomplete: string[] }}
 */
export function salvage({ dryRun, plan, tested, root, sources, tests = null }) {
  const rel = (f) => (f.startsWith(`${root}/`) ? f.slice(root.length + 1) : f);
  const planned = new Map();
  for (const { mutant } of plan.mutantPlans) {
    const f = rel(mutant.fileName);
    planned.set(f, (planned.get(f) ?? new Set()).add(mutant.id));
  }
  const results = new Map();
  for (const m of tested) {
    const f = rel(m.fileName);
    if (!results.has(f)) results.set(f, new Map());
    results.get(f).set(m.id, m);
  }
  const complete = [];
  const incomplete = [];
  const files = {};
  for (const [f, ids] of [...planned].sort(([a], [b]) => a.localeCompare(b))) {
    // An incremental run also plans the files of the incremental file that it does not
    // mutate (their old results, as they were): not this run's.
    if (sources[f] === undefined) continue;
    const got = results.get(f) ?? new Map();
    if (![...ids].every((id) => got.has(id))) {
      incomplete.push(f);
      continue;
    }
    complete.push(f);
    files[f] = { language: 'typescript', source: sources[f], mutants: [...ids].map((id) => { const { fileName, ...m } = got.get(id); return m; }) };
  }
  const testFiles = {};
  for (const t of dryRun.result.tests) {
    const f = rel(t.fileName ?? '');
    (testFiles[f] ??= { tests: [] }).tests.push({ id: t.id, name: t.name });
  }
  const csmSources = Object.fromEntries(Object.entries(sources).filter(([f]) => !incomplete.includes(f)));
  return { report: { schemaVersion: '2', thresholds: { high: 80, low: 60 }, files, testFiles, csmSources, ...(tests ? { csmTests: tests } : {}) }, complete, incomplete };
}

/**
 * The incremental file a stopped run would have left had it ended: the results it got for the
 * files it mutated, over the incremental file as it is, so that the next `--incremental` run
 * of the same files tests only the mutants it had not reached (Stryker reuses a result while
 * the mutant's code and its covering tests are unchanged: incremental-differ).
 * Stryker numbers the tests of its incremental file afresh ("0", "1"…), where a run's events
 * name them `file#name`: a test the file already holds keeps its number. Like Stryker at the end
 * of a run, it takes the test files' text as the run started (testSources), against which the
 * next run diffs them; a test file whose text was not kept keeps the text it had.
 * @param {object} args
 * @param {any | null} args.incremental the incremental file as it is (null: none yet)
 * @param {any} args.dryRun the onDryRunCompleted event
 * @param {any[]} args.tested every onMutantTested event
 * @param {string} args.root the project directory the event paths start with
 * @param {Record<string, string>} args.sources each mutated file's text as the run started
 * @param {Record<string, string> | null} args.testSources each test file's text as the run started
 * @returns {any} a Stryker incremental report
 */
export function resumeFile({ incremental, dryRun, tested, root, sources, testSources }) {
  const rel = (f) => (f.startsWith(`${root}/`) ? f.slice(root.length + 1) : f);
  const testFiles = structuredClone(incremental?.testFiles ?? {});
  const idOf = new Map();
  for (const [f, { tests }] of Object.entries(testFiles)) for (const t of tests) idOf.set(`${f}\n${t.name}`, t.id);
  const idNow = new Map();
  for (const t of dryRun.result.tests) {
    const f = rel(t.fileName ?? '');
    const key = `${f}\n${t.name}`;
    if (!idOf.has(key)) {
      idOf.set(key, t.id);
      (testFiles[f] ??= { tests: [] }).tests.push({ id: t.id, name: t.name });
    }
    idNow.set(t.id, idOf.get(key));
    if (testSources?.[f] !== undefined) testFiles[f].source = testSources[f];
  }
  const files = { ...(incremental?.files ?? {}) };
  for (const [f, source] of Object.entries(sources)) files[f] = { language: 'typescript', source, mutants: [] };
  const ids = (list) => list?.map((id) => idNow.get(id) ?? id);
  for (const { fileName, ...m } of tested) {
    const f = rel(fileName);
    if (sources[f] === undefined) continue;
    files[f].mutants.push({ ...m, ...(m.coveredBy ? { coveredBy: ids(m.coveredBy) } : {}), ...(m.killedBy ? { killedBy: ids(m.killedBy) } : {}) });
  }
  return { schemaVersion: '2', thresholds: { high: 80, low: 60 }, ...incremental, files, testFiles };
}

/**
 * A kept run as the ledger holds it (mutation/ledger/<folder>/<run>.json, committed): what the
 * verdict reads and nothing else. Stryker's own files live in reports/, which a fresh clone has
 * not got, so a measurement that took a sitting would die with the machine; the ledger carries
 * it to the next one (TESTING.md, "The ledger"). Each file's text as the run started becomes its
 * hash, each mutant [line, status, mutator, replacement (open ones only), killing test files],
 * each killing test its file (all the gone-tests check needs). About 60 bytes a mutant.
 * @param {any} report a kept run, with csmSources (the text of each file it mutated)
 * @param {(text: string) => string} hash SHA-256 of a text
 */
export function compactRun(report, hash) {
  // A run without csmSources (older than them) vouched for every file of its report, results an
  // incremental run carried over included: not a measurement to keep.
  if (report.csmSources === undefined) throw new Error('mutation/parts.mjs: a run without csmSources (the files it mutated) cannot go into the ledger');
  const sources = report.csmSources;
  const fileOf = new Map();
  for (const [path, { tests }] of Object.entries(report.testFiles ?? {})) for (const t of tests) fileOf.set(t.id, path);
  const files = {};
  for (const f of Object.keys(sources).sort()) {
    files[f] = {
      mutants: (report.files[f]?.mutants ?? []).map((m) => {
        const row = [m.location.start.line, m.status, m.mutatorName];
        if (m.status === 'Survived' || m.status === 'NoCoverage') row.push(m.replacement ?? '');
        else if (m.status === 'Killed' && Array.isArray(m.killedBy) && m.killedBy.length > 0) row.push(null, [...new Set(m.killedBy.map((id) => fileOf.get(id) ?? `?${id}`))].sort());
        return row;
      }),
    };
  }
  // csmTests: the test files of a run --tests narrowed (absent: the folder's own).
  return { ledger: 1, csmHashes: Object.fromEntries(Object.keys(sources).sort().map((f) => [f, hash(sources[f])])), ...(report.csmTests ? { csmTests: report.csmTests } : {}), files };
}

/** A ledger run in the shape assemble and tally read: each killing test named by its file. */
export function expandRun(compact) {
  const testFiles = {};
  const files = {};
  for (const [f, { mutants }] of Object.entries(compact.files)) {
    files[f] = {
      mutants: mutants.map(([line, status, mutatorName, replacement, killedBy]) => {
        for (const path of killedBy ?? []) testFiles[path] ??= { tests: [{ id: path, name: path }] };
        return { location: { start: { line, column: 0 } }, status, mutatorName, ...(replacement != null ? { replacement } : {}), ...(killedBy ? { killedBy } : {}) };
      }),
    };
  }
  return { csmHashes: compact.csmHashes, ...(compact.csmTests ? { csmTests: compact.csmTests } : {}), files, testFiles };
}

/**
 * The ledger runs worth keeping, newest first: each file's run for the verdict (the newest that
 * measured it as it is now) and the newest run of each file at all (so that a changed file is
 * listed as changed, not as never measured). The others can only ever be chosen for a file put
 * back as it was, which a new run measures again.
 * @param {{ name: string, report: any }[]} runs expanded ledger runs, newest first
 */
export function runsToKeep({ files, runs, source, hash }) {
  const { measured } = assemble({ files, runs, source, hash });
  const keep = new Set([...measured.values()].map(({ run }) => run));
  for (const file of files) {
    const newest = runs.find((r) => r.report.csmHashes[file] !== undefined);
    if (newest) keep.add(newest.name);
  }
  return keep;
}
