import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript of the mutation tooling, without declarations
import { assemble, compactRun, expandRun, folderFiles, narrowTests, resumeFile, runsToKeep, salvage, tally } from '../../mutation/parts.mjs';

// A folder's verdict put together from runs over parts of it (mutation/parts.mjs): a file counts
// only as the newest run measured it, and only if that is the file as it is now.

type Status = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'Ignored';
const mutant = (status: Status, line = 1, killedBy?: string[]) => ({ status, location: { start: { line, column: 1 } }, mutatorName: 'M', replacement: 'x', ...(killedBy ? { killedBy } : {}) });
const run = (name: string, files: Record<string, [string, ReturnType<typeof mutant>[]]>, extra: object = {}) => ({
  name,
  report: {
    files: Object.fromEntries(Object.entries(files).map(([f, [source, mutants]]) => [f, { source, mutants }])),
    testFiles: { 'test/a.test.ts': { tests: [{ id: '0', name: 'a' }] }, 'test/gone.test.ts': { tests: [{ id: '1', name: 'g' }] } },
    ...extra,
  },
});

describe('folderFiles', () => {
  const tree: Record<string, string[]> = { 'src/engine': ['src/engine/a.ts', 'src/engine/parallel/p.ts', 'src/engine/t.d.ts'], 'src/x': ['src/x/b.ts'] };
  it('reads dir/**/*.ts, a file, !dir/** and !file.ts', () => {
    expect(folderFiles(['src/engine/**/*.ts', '!src/engine/parallel/**', 'src/y/c.ts'], (d: string) => tree[d] ?? [])).toEqual(['src/engine/a.ts', 'src/y/c.ts']);
    expect(folderFiles(['src/engine/**/*.ts', '!src/engine/a.ts'], (d: string) => tree[d] ?? [])).toEqual(['src/engine/parallel/p.ts']);
  });
  it('refuses a glob of another form rather than guess what it names', () => {
    expect(() => folderFiles(['src/engine/**'], () => [])).toThrow(/src\/engine\/\*\* is not one of the forms/);
  });
});

describe('narrowTests', () => {
  const dirs: Record<string, string[]> = { 'test/input': ['test/input/a.test.ts', 'test/input/b.test.ts', 'test/input/data.csv'], 'test/cli': ['test/cli/c.test.ts', 'test/cli/d.test.ts'] };
  const list = (d: string) => dirs[d] ?? [];
  const own = ['test/input/*.test.ts', 'test/cli/c.test.ts'];
  it('gives the files --tests names among the folder\'s own, a glob expanded, sorted and once each', () => {
    expect(narrowTests(own, ['test/cli/c.test.ts', 'test/input/*.test.ts', 'test/input/a.test.ts'], list)).toEqual(['test/cli/c.test.ts', 'test/input/a.test.ts', 'test/input/b.test.ts']);
    expect(narrowTests(own, ['test/input/b.test.ts'], list)).toEqual(['test/input/b.test.ts']);
  });
  it('refuses a test file that is not the folder\'s: it could raise the score, where --tests may only lower it', () => {
    expect(() => narrowTests(own, ['test/input/b.test.ts', 'test/cli/d.test.ts'], list)).toThrow(/test\/cli\/d.test.ts names none of the folder's test files/);
    expect(() => narrowTests(own, ['test/cli/*.test.ts'], () => [])).toThrow(/names none/);
  });
});

describe('assemble', () => {
  const now: Record<string, string> = { 'src/a.ts': 'A2', 'src/b.ts': 'B1', 'src/c.ts': 'C1', 'src/types.ts': 'T', 'test/a.test.ts': 'ta' };
  const source = (f: string) => now[f] ?? null;
  const files = ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/types.ts'];

  it('takes each file from the newest run that measured it as it is now', () => {
    const runs = [
      run('3', { 'src/a.ts': ['A3', [mutant('Survived')]] }), // a file since put back as it was
      run('2', { 'src/a.ts': ['A2', [mutant('Killed', 1, ['0'])]], 'src/b.ts': ['B1', [mutant('Survived')]] }),
      run('1', { 'src/a.ts': ['A2', [mutant('Survived')]], 'src/b.ts': ['B1', [mutant('Killed', 1, ['0'])]], 'src/c.ts': ['C0', [mutant('Killed', 1, ['0'])]] }, { csmSources: { 'src/a.ts': 'A2', 'src/b.ts': 'B1', 'src/c.ts': 'C0', 'src/types.ts': 'T' } }),
    ];
    const { measured, changed, unmeasured, goneTests } = assemble({ files, runs, source });
    expect([...measured].map(([f, { run: r, mutants }]) => [f, r, mutants.map((m: { status: string }) => m.status)])).toEqual([
      ['src/a.ts', '2', ['Killed']],
      ['src/b.ts', '2', ['Survived']],
      ['src/types.ts', '1', []],
    ]);
    expect(changed).toEqual(['src/c.ts']);
    expect(unmeasured).toEqual([]);
    expect(goneTests).toBe(0);
  });

  it('a run with fewer tests (--tests) does not replace a whole measurement of the same text; alone, it counts', () => {
    const narrowed = run('3', { 'src/a.ts': ['A2', [mutant('Survived')]] }, { csmTests: ['test/a.test.ts'] });
    const whole = run('2', { 'src/a.ts': ['A2', [mutant('Killed', 1, ['0'])]] });
    const pick = (runs: ReturnType<typeof run>[]) => assemble({ files: ['src/a.ts'], runs, source }).measured.get('src/a.ts')?.run;
    expect(pick([narrowed, whole])).toBe('2');
    expect(pick([narrowed])).toBe('3');
    // A whole run of an older text does not count: the narrowed run of the text as it is does.
    expect(pick([narrowed, run('1', { 'src/a.ts': ['A1', [mutant('Killed', 1, ['0'])]] })])).toBe('3');
  });

  it('a run vouches only for the files it mutated: results an incremental run carried over are not its', () => {
    const carried = run('2', { 'src/a.ts': ['A2', [mutant('Killed', 1, ['0'])]], 'src/b.ts': ['B1', [mutant('Killed', 1, ['0'])]] }, { csmSources: { 'src/b.ts': 'B1' } });
    const { measured, unmeasured } = assemble({ files: ['src/a.ts', 'src/b.ts'], runs: [carried], source });
    expect([...measured.keys()]).toEqual(['src/b.ts']);
    expect(unmeasured).toEqual(['src/a.ts']);
  });

  it('lists a file no run has seen, and counts as survived a mutant whose killing tests are gone', () => {
    const runs = [run('1', { 'src/a.ts': ['A2', [mutant('Killed', 1, ['1']), mutant('Killed', 2, ['0', '1']), mutant('Killed', 3)]] })];
    const { measured, unmeasured, goneTests } = assemble({ files, runs, source });
    expect(unmeasured).toEqual(['src/b.ts', 'src/c.ts', 'src/types.ts']);
    expect(measured.get('src/a.ts').mutants.map((m: { status: string }) => m.status)).toEqual(['Survived', 'Killed', 'Killed']);
    expect(goneTests).toBe(1);
  });
});

describe('tally', () => {
  it('scores (killed + timeout) / (killed + timeout + survived + no coverage): compile errors and ignored apart', () => {
    const { counts, score, open } = tally([
      ['src/a.ts', [mutant('Killed'), mutant('Timeout'), mutant('Survived', 7), mutant('NoCoverage', 9), mutant('CompileError'), mutant('Ignored')]],
    ]);
    expect(score).toBe(50);
    expect(counts).toMatchObject({ Killed: 1, Timeout: 1, Survived: 1, NoCoverage: 1, CompileError: 1, Ignored: 1 });
    expect(open).toEqual(['src/a.ts:7 Survived M: "x"', 'src/a.ts:9 NoCoverage M: "x"']);
  });
  it('has no score without a mutant to score', () => {
    expect(tally([['src/t.ts', [mutant('Ignored')]]]).score).toBeNull();
  });
});

describe('salvage', () => {
  const root = '/repo';
  const planned = (file: string, id: string) => ({ plan: 'Run', mutant: { fileName: `${root}/${file}`, id } });
  const tested = (file: string, id: string, status: Status) => ({ fileName: `${root}/${file}`, id, status, location: { start: { line: 1, column: 1 } }, mutatorName: 'M', killedBy: status === 'Killed' ? ['t#a'] : undefined });
  it('keeps the files whose every planned mutant was tested, with their text as the run started; not the others, nor files the run did not mutate', () => {
    const { report, complete, incomplete } = salvage({
      dryRun: { result: { tests: [{ id: 't#a', name: 'a', fileName: `${root}/test/a.test.ts` }] } },
      plan: { mutantPlans: [planned('src/a.ts', '1'), planned('src/a.ts', '2'), planned('src/b.ts', '3'), planned('src/b.ts', '4'), planned('src/old.ts', '5')] },
      tested: [tested('src/a.ts', '1', 'Killed'), tested('src/b.ts', '3', 'Survived'), tested('src/a.ts', '2', 'Survived')],
      root,
      sources: { 'src/a.ts': 'A', 'src/b.ts': 'B', 'src/types.ts': 'T' },
    });
    expect(complete).toEqual(['src/a.ts']);
    expect(incomplete).toEqual(['src/b.ts']);
    expect(Object.keys(report.files)).toEqual(['src/a.ts']);
    expect(report.files['src/a.ts'].source).toBe('A');
    expect(report.files['src/a.ts'].mutants.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([['1', 'Killed'], ['2', 'Survived']]);
    expect(report.testFiles).toEqual({ 'test/a.test.ts': { tests: [{ id: 't#a', name: 'a' }] } });
    // A file without mutants counts as measured; the unfinished one does not.
    expect(report.csmSources).toEqual({ 'src/a.ts': 'A', 'src/types.ts': 'T' });
    expect(report.csmTests).toBeUndefined();
    // Put together, a.ts and types.ts are measured as they are now.
    const { measured, unmeasured } = assemble({ files: ['src/a.ts', 'src/b.ts', 'src/types.ts'], runs: [{ name: 'x', report }], source: (f: string) => ({ 'src/a.ts': 'A', 'src/b.ts': 'B', 'src/types.ts': 'T', 'test/a.test.ts': '' })[f] ?? null });
    expect([...measured.keys()]).toEqual(['src/a.ts', 'src/types.ts']);
    expect(unmeasured).toEqual(['src/b.ts']);
  });
  it('says which test files a run --tests narrowed used', () => {
    const { report } = salvage({ dryRun: { result: { tests: [] } }, plan: { mutantPlans: [] }, tested: [], root, sources: { 'src/types.ts': 'T' }, tests: ['test/a.test.ts'] });
    expect(report.csmTests).toEqual(['test/a.test.ts']);
  });
});

describe('resumeFile', () => {
  const root = '/repo';
  // The incremental file a finished run left: tests numbered afresh, one file measured.
  const incremental = {
    schemaVersion: '2',
    projectRoot: root,
    files: { 'src/old.ts': { language: 'typescript', source: 'O', mutants: [{ id: '9', status: 'Killed', killedBy: ['0'], coveredBy: ['0'] }] }, 'src/a.ts': { language: 'typescript', source: 'A0', mutants: [{ id: '8', status: 'Survived' }] } },
    testFiles: { 'test/a.test.ts': { source: 'ta0', tests: [{ id: '0', name: 'a' }] } },
  };
  const dryRun = { result: { tests: [{ id: 'test/a.test.ts#a', name: 'a', fileName: `${root}/test/a.test.ts` }, { id: 'test/b.test.ts#b', name: 'b', fileName: `${root}/test/b.test.ts` }] } };
  const tested = [
    { fileName: `${root}/src/a.ts`, id: '1', status: 'Killed', killedBy: ['test/b.test.ts#b'], coveredBy: ['test/a.test.ts#a', 'test/b.test.ts#b'] },
    { fileName: `${root}/src/a.ts`, id: '2', status: 'Survived', coveredBy: ['test/a.test.ts#a'] },
    // An early result of a file the run did not mutate: not its to write.
    { fileName: `${root}/src/old.ts`, id: '3', status: 'Survived' },
  ];

  it('puts what a stopped run tested over the incremental file, a test it already numbers keeping its number', () => {
    const file = resumeFile({ incremental, dryRun, tested, root, sources: { 'src/a.ts': 'A1' }, testSources: { 'test/a.test.ts': 'ta1', 'test/b.test.ts': 'tb1' } });
    expect(file.projectRoot).toBe(root);
    // The other file's old results stay for the next run of it; the run's file is as it started.
    expect(file.files['src/old.ts']).toEqual(incremental.files['src/old.ts']);
    expect(file.files['src/a.ts'].source).toBe('A1');
    expect(file.files['src/a.ts'].mutants).toEqual([
      { id: '1', status: 'Killed', killedBy: ['test/b.test.ts#b'], coveredBy: ['0', 'test/b.test.ts#b'] },
      { id: '2', status: 'Survived', coveredBy: ['0'] },
    ]);
    expect(file.testFiles).toEqual({
      'test/a.test.ts': { source: 'ta1', tests: [{ id: '0', name: 'a' }] },
      'test/b.test.ts': { source: 'tb1', tests: [{ id: 'test/b.test.ts#b', name: 'b' }] },
    });
    // Not changed in place: the file as read may be written again.
    expect(incremental.testFiles['test/a.test.ts'].source).toBe('ta0');
  });

  it("without the test files' text as the run started, a test file keeps the text it had; with no incremental file, starts one", () => {
    expect(resumeFile({ incremental, dryRun, tested, root, sources: { 'src/a.ts': 'A1' }, testSources: null }).testFiles['test/a.test.ts'].source).toBe('ta0');
    const fresh = resumeFile({ incremental: null, dryRun, tested, root, sources: { 'src/a.ts': 'A1', 'src/types.ts': 'T' }, testSources: null });
    expect(Object.keys(fresh.files)).toEqual(['src/a.ts', 'src/types.ts']);
    expect(fresh.files['src/types.ts'].mutants).toEqual([]);
    expect(fresh.files['src/a.ts'].mutants[0].coveredBy).toEqual(['test/a.test.ts#a', 'test/b.test.ts#b']);
    expect(fresh.testFiles['test/a.test.ts']).toEqual({ tests: [{ id: 'test/a.test.ts#a', name: 'a' }] });
  });
});

describe('the ledger: compactRun, expandRun, runsToKeep', () => {
  // A stand-in for SHA-256: what matters is that equal texts give equal keys.
  const hash = (t: string) => `h(${t})`;
  const report = {
    files: {
      'src/a.ts': { source: 'A1', mutants: [mutant('Killed', 3, ['0', '1']), mutant('Survived', 4), mutant('Timeout', 5), mutant('Ignored', 6), mutant('NoCoverage', 7)] },
      // Carried over by an incremental run: not among the files it mutated (csmSources).
      'src/old.ts': { source: 'O', mutants: [mutant('Killed', 1, ['0'])] },
    },
    testFiles: { 'test/a.test.ts': { tests: [{ id: '0', name: 'a' }] }, 'test/gone.test.ts': { tests: [{ id: '1', name: 'g' }] } },
    csmSources: { 'src/a.ts': 'A1', 'src/types.ts': 'T' },
  };

  it('keeps of a run what the verdict reads: each text as its hash, each killing test as its file', () => {
    const compact = compactRun(report, hash);
    expect(compact).toEqual({
      ledger: 1,
      csmHashes: { 'src/a.ts': 'h(A1)', 'src/types.ts': 'h(T)' },
      files: {
        'src/a.ts': { mutants: [[3, 'Killed', 'M', null, ['test/a.test.ts', 'test/gone.test.ts']], [4, 'Survived', 'M', 'x'], [5, 'Timeout', 'M'], [6, 'Ignored', 'M'], [7, 'NoCoverage', 'M', 'x']] },
        'src/types.ts': { mutants: [] },
      },
    });
  });

  it('keeps the test files of a run --tests narrowed, for the verdict to say so', () => {
    const narrowed = compactRun({ ...report, csmTests: ['test/a.test.ts'] }, hash);
    expect(narrowed.csmTests).toEqual(['test/a.test.ts']);
    expect(expandRun(narrowed).csmTests).toEqual(['test/a.test.ts']);
    expect(expandRun(compactRun(report, hash)).csmTests).toBeUndefined();
  });

  it('refuses a run that does not say which files it mutated (older than csmSources): it vouched for files it carried over', () => {
    const { csmSources: _, ...older } = report;
    expect(() => compactRun(older, hash)).toThrow(/without csmSources/);
  });

  it('gives the same verdict from the ledger as from the run itself', () => {
    const now: Record<string, string> = { 'src/a.ts': 'A1', 'src/types.ts': 'T', 'test/a.test.ts': 'ta' };
    const source = (f: string) => now[f] ?? null;
    const files = ['src/a.ts', 'src/types.ts'];
    const fromRun = assemble({ files, runs: [{ name: '1', report }], source });
    const fromLedger = assemble({ files, runs: [{ name: '1', report: expandRun(compactRun(report, hash)) }], source, hash });
    expect(tally([...fromLedger.measured].map(([f, { mutants }]) => [f, mutants]))).toEqual(tally([...fromRun.measured].map(([f, { mutants }]) => [f, mutants])));
    expect(fromLedger.goneTests).toBe(fromRun.goneTests);
    // A test file taken away since: a mutant only it killed counts as survived, from the ledger too.
    const killedOnlyByGone = { ...report, files: { 'src/a.ts': { source: 'A1', mutants: [mutant('Killed', 3, ['1'])] } } };
    const gone = assemble({ files, runs: [{ name: '1', report: expandRun(compactRun(killedOnlyByGone, hash)) }], source, hash });
    expect(gone.goneTests).toBe(1);
    // A file changed since the run: listed as changed, its old mutants not counted.
    const changed = assemble({ files, runs: [{ name: '1', report: expandRun(compactRun(report, hash)) }], source: (f: string) => (f === 'src/a.ts' ? 'A2' : source(f)), hash });
    expect(changed.changed).toEqual(['src/a.ts']);
    expect([...changed.measured.keys()]).toEqual(['src/types.ts']);
  });

  it('keeps the run each file is taken from and each file\'s newest run; drops the rest', () => {
    const ledgerRun = (name: string, texts: Record<string, string>) => ({ name, report: expandRun(compactRun({ files: {}, csmSources: texts }, hash)) });
    const runs = [
      ledgerRun('4', { 'src/b.ts': 'B9' }), // newest of b, though b is not as it was then: kept
      ledgerRun('3', { 'src/a.ts': 'A1' }), // a as it is now: kept
      ledgerRun('2', { 'src/a.ts': 'A1', 'src/b.ts': 'B1' }), // b as it is now: kept
      ledgerRun('1', { 'src/a.ts': 'A0', 'src/b.ts': 'B1' }), // superseded on both: dropped
    ];
    const source = (f: string) => ({ 'src/a.ts': 'A1', 'src/b.ts': 'B1' })[f] ?? null;
    expect([...runsToKeep({ files: ['src/a.ts', 'src/b.ts'], runs, source, hash })].sort()).toEqual(['2', '3', '4']);
  });
});
