import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript of the mutation tooling, without declarations
import { assemble, folderFiles, salvage, tally } from '../../mutation/parts.mjs';

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
    // Put together, a.ts and types.ts are measured as they are now.
    const { measured, unmeasured } = assemble({ files: ['src/a.ts', 'src/b.ts', 'src/types.ts'], runs: [{ name: 'x', report }], source: (f: string) => ({ 'src/a.ts': 'A', 'src/b.ts': 'B', 'src/types.ts': 'T', 'test/a.test.ts': '' })[f] ?? null });
    expect([...measured.keys()]).toEqual(['src/a.ts', 'src/types.ts']);
    expect(unmeasured).toEqual(['src/b.ts']);
  });
});
