/**
 * checkFiles (src/input/input-files.ts) in-process: a file given twice, standard input that is
 * a file given by name too, and outputs that would overwrite an input or each other.
 * outputs.test.ts runs the same refusals through a real process.
 */
import { closeSync, linkSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { checkFiles } from '../../src/input/input-files.js';

const dir = mkdtempSync(join(tmpdir(), 'csm-files-'));
writeFileSync(join(dir, 't.csv'), 'id,created_at\n');
writeFileSync(join(dir, 's.csv'), 'id,score\n');
linkSync(join(dir, 't.csv'), join(dir, 'hard.csv'));
symlinkSync(join(dir, 'new.csv'), join(dir, 'dangling.csv'));
const fds: number[] = [];
afterEach(() => {
  while (fds.length > 0) closeSync(fds.pop()!);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A context whose standard input is the file name (`< name`), or has the descriptor fd. */
function ctx(stdin?: string | number): Context {
  let fd: number | undefined;
  if (typeof stdin === 'string') fds.push((fd = openSync(join(dir, stdin), 'r')));
  else fd = stdin;
  const input = stdin === undefined ? undefined : Object.assign((async function* () {})(), { fd });
  return { stdin: input, stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: dir };
}
const names = (...n: string[]) => n.map((name) => ({ name }));
const check = (c: Context, data: string[], outputs: [string, string][] = [], others: string[] = []) => () =>
  checkFiles(
    c,
    names(...data),
    names(...others),
    outputs.map(([flag, name]) => ({ flag, name })),
  );

describe('checkFiles', () => {
  it('standard input that is a file given by name too: both names in the message, - as standard input', () => {
    expect(check(ctx('t.csv'), ['-', 't.csv'])).toThrow('- (standard input) and t.csv are the same file; its rows would count twice: give it once');
    expect(check(ctx('t.csv'), ['hard.csv', '-'])).toThrow('hard.csv and - (standard input) are the same file');
    expect(check(ctx('t.csv'), ['-', 's.csv'])).not.toThrow();
  });

  it('standard input that is not a file, or a descriptor that cannot be read, is nothing to compare', () => {
    expect(check(ctx(9999), ['-', 't.csv'])).not.toThrow();
    expect(check(ctx(), ['-', 't.csv'])).not.toThrow();
  });

  it('one file by two names (a hard link), or one name twice', () => {
    expect(check(ctx(), ['t.csv', 'hard.csv'])).toThrow('t.csv and hard.csv are the same file');
    expect(check(ctx(), ['t.csv', 't.csv'])).toThrow('t.csv: given twice; its rows would count twice: give it once');
  });

  it('an output that is standard input read as a file, or another file the run reads', () => {
    expect(check(ctx('t.csv'), ['-'], [['--output', 'hard.csv']])).toThrow('--output hard.csv: is the input - (standard input); writing there would overwrite it');
    expect(check(ctx(), ['t.csv'], [['--output', 's.csv']], ['s.csv'])).toThrow('--output s.csv: is the input s.csv');
  });

  it('two outputs: one existing file or one new file by two names is refused; two new files are not', () => {
    expect(check(ctx(), ['t.csv'], [['--output', 'a.json'], ['--rejects', 'b.csv']])).not.toThrow();
    expect(check(ctx(), ['t.csv'], [['--output', 'a.json'], ['--rejects', './a.json']])).toThrow('--output and --rejects name the same file (./a.json)');
    // A symlink to a file not made yet is the file it will make.
    expect(check(ctx(), ['t.csv'], [['--output', 'new.csv'], ['--rejects', 'dangling.csv']])).toThrow('--output and --rejects name the same file (dangling.csv)');
    expect(check(ctx(), ['s.csv'], [['--output', 't.csv'], ['--rejects', 'hard.csv']])).toThrow('--output and --rejects name the same file (hard.csv)');
    expect(check(ctx(), ['s.csv'], [['--output', 't.csv'], ['--rejects', 'b.csv']])).not.toThrow();
    // Standard output is no file: two outputs there are not checked here.
    expect(check(ctx(), ['t.csv'], [['--output', '-'], ['--chart', '-']])).not.toThrow();
  });
});
