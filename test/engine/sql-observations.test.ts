/**
 * The notes on what the rows hold (engine/sql-observations.ts): `compute --engine duckdb`
 * prints the JavaScript engine's notes, word for word, on statuses none of which means
 * resolved, statuses resolved but for an invisible character, open statuses whose tickets
 * all have a resolution time, scales no answer reaches the top of, KPI columns empty in
 * every row, a file of a header alone, and answers without a time under --period. Each
 * case: the notes written out by hand, and both engines print exactly them.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

const notes = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('note: '));

async function bothEngines(files: Record<string, string>, args: string[], now?: number): Promise<string[]> {
  const dir = scratch(files);
  const out: string[][] = [];
  for (const engine of ['js', 'duckdb']) {
    const r = await cli(['compute', ...args, '--tz', 'UTC', '--format', 'json', '--engine', engine], { cwd: dir, now });
    expect(r.code, `${engine}: ${r.stderr}`).toBe(0);
    out.push(notes(r.stderr));
  }
  expect(out[1], 'the DuckDB engine prints the JavaScript engine\'s notes').toEqual(out[0]);
  return out[0];
}

const T = 'id,created_at,resolved_at,status\n';
const S = 'id,created_at,status\n';
const day = (k: number) => `2026-03-${String(1 + (k % 28)).padStart(2, '0')} 09:00`;

describe('the notes of the rows, from both engines', () => {
  it('no status means resolved: the first ten in file order, and … for more', async () => {
    // Twelve statuses, the first row's first; each twice, the second time reversed order.
    const names = Array.from({ length: 12 }, (_, k) => `Stufe ${k + 1}`);
    const rows = [...names, ...[...names].reverse()].map((s, k) => `T${k},${day(k)},${s}`);
    expect(await bothEngines({ 't.csv': S + rows.join('\n') + '\n' }, ['t.csv'])).toEqual([
      `note: t.csv: status: none of ${names.slice(0, 10).map((s) => `"${s}"`).join(', ')}, … means resolved (resolved, solved, closed do), so the resolution rate is 0 %; map yours in the config: "values": {"status": {"<status>": "resolved"}}`,
    ]);
  });

  it('one resolved status among others: the others that are no open ticket\'s named; a value map that makes them resolved or open: no note', async () => {
    // The line offered maps the first that reads as resolved (Done), else none ("<status>").
    const neither = (list: string, offered: string, one = false) =>
      `note: t.csv: status: ${list} ${one ? 'is' : 'are'} neither resolved (resolved, solved, closed are) nor an open ticket's status, so ${one ? 'its' : 'their'} tickets count as open; say which are resolved in the config, e.g. "values": {"status": {"${offered}": "resolved"}} (and the open ones: "open")`;
    const files = { 't.csv': `${S}T1,${day(1)},Offen\nT2,${day(2)},Erledigt\nT3,${day(3)},CLOSED\nT4,${day(4)},Done\n` };
    expect(await bothEngines(files, ['t.csv'])).toEqual([neither('"Offen" (1 ticket), "Erledigt" (1 ticket) and "Done" (1 ticket)', 'Done')]);
    // The resolved one after a dozen others: the first ten named.
    const late = Array.from({ length: 12 }, (_, k) => `T${k},${day(k)},Stufe ${k}`).join('\n');
    const ten = Array.from({ length: 10 }, (_, k) => `Stufe ${k}`);
    expect(await bothEngines({ 't.csv': `${S}${late}\nT99,${day(1)},Solved\n` }, ['t.csv'])).toEqual([
      neither(`${ten.slice(0, 9).map((st) => `"${st}" (1 ticket)`).join(', ')} and "Stufe 9" (1 ticket)`, '<status>'),
    ]);
    const mapped = { 't.csv': `${S}T1,${day(1)},Offen\nT2,${day(2)},Erledigt\n`, 'c.json': '{"values": {"status": {"erledigt": "resolved"}}}', 'd.json': '{"values": {"status": {"erledigt": "resolved", "offen": "open"}}}' };
    expect(await bothEngines(mapped, ['t.csv', '--config', 'c.json'])).toEqual([neither('"Offen" (1 ticket)', '<status>', true)]);
    expect(await bothEngines(mapped, ['t.csv', '--config', 'd.json'])).toEqual([]);
  });

  it('statuses resolved but for an invisible character; open ones whose tickets all have a resolution time', async () => {
    const rows = [
      `T1,${day(1)},${day(2)},solved\u200b`,
      `T2,${day(1)},${day(2)},Done`,
      `T3,${day(1)},${day(3)},Done`,
      `T4,${day(1)},,open\u200b`,
      `T5,${day(1)},${day(2)},Clo\u00adsed`,
      `T6,${day(1)},,In Review`,
      `T7,${day(1)},${day(2)},In Review`,
      `T8,${day(1)},${day(2)},solved`,
    ];
    expect(await bothEngines({ 't.csv': T + rows.join('\n') + '\n' }, ['t.csv'])).toEqual([
      'note: t.csv: status "solved<U+200B>" is not read as resolved: it is "solved" with an invisible U+200B; clean the export or map it in the config: "values": {"status": {"solved\\u200B": "solved"}}',
      'note: t.csv: status "Clo<U+00AD>sed" is not read as resolved: it is "closed" with an invisible U+00AD; clean the export or map it in the config: "values": {"status": {"Clo\\u00ADsed": "closed"}}',
      'note: t.csv: status: "Done" (2 tickets, all with a resolution time) does not mean resolved (resolved, solved, closed do), so its tickets count as open; if they are resolved, map them in the config: "values": {"status": {"Done": "resolved"}}',
    ]);
  });

  it('a free-text status column: past 1,000 open statuses the counts are partial (no note on them), and an invisible character after them is still found', async () => {
    // 1,100 open statuses, each with a resolution time, then `closed` with a U+2060 in front.
    const rows = Array.from({ length: 1100 }, (_, k) => `T${k},2026-03-02 09:00,2026-03-03 09:00,Kommentar ${k}`);
    rows.push('X,2026-03-02 09:00,2026-03-03 09:00,\u2060closed');
    const got = await bothEngines({ 't.csv': T + rows.join('\n') + '\n' }, ['t.csv']);
    expect(got).toHaveLength(2);
    expect(got[0]).toMatch(/^note: t\.csv: status: none of "Kommentar 0", .*"Kommentar 9", … means resolved/);
    expect(got[1]).toMatch(/^note: t\.csv: status "<U\+2060>closed" is not read as resolved/);
  });

  it('a scale no answer reaches the top of: CSAT on tickets, CSAT and CES in a surveys file', async () => {
    const tickets = 'id,created_at,csat_score\n' + Array.from({ length: 10 }, (_, k) => `T${k},${day(k)},${1 + (k % 3)}`).join('\n') + '\n';
    const surveys = 'type,score,responded_at\n' + Array.from({ length: 12 }, (_, k) => `csat,${1 + (k % 4)},${day(k)}\nces,${1 + (k % 3)},${day(k)}`).join('\n') + '\n';
    expect(await bothEngines({ 't.csv': tickets, 's.csv': surveys }, ['t.csv', 's.csv'])).toEqual([
      'note: t.csv: csat_score: no csat answer reaches the top of the 1..5 scale (10 answers, highest 3); if the scale is 1..3, give --csat-scale 1-3 (or "scales" in the config)',
      'note: s.csv: score: no csat answer reaches the top of the 1..5 scale (12 answers, highest 4); if the scale is 1..4, give --csat-scale 1-4 (or "scales" in the config)',
      'note: s.csv: score: no ces answer reaches the top of the 1..5 scale (12 answers, highest 3); if the scale is 1..3, give --ces-scale 1-3 (or "scales" in the config)',
      'note: csat counts both the csat_score of t.csv (10) and the csat answers of s.csv (12): if they are the same ratings, each counts twice: give only one of them',
    ]);
    // NPS answers none of which is above 5 (a 1..5 question read as NPS: −100); one at 6 or more: nothing said.
    const nps = 'type,score,responded_at\n' + Array.from({ length: 10 }, (_, k) => `nps,${1 + (k % 5)},${day(k)}`).join('\n') + '\n';
    expect(await bothEngines({ 's.csv': nps }, ['s.csv'])).toEqual([
      'note: s.csv: score: no nps answer is above 5 (10 answers, highest 5), so every one is a detractor: NPS is asked from 0 to 10; if these answers are on another scale (1..5), they are not NPS answers',
    ]);
    expect(await bothEngines({ 's.csv': nps + `nps,6,${day(3)}\n` }, ['s.csv'])).toEqual([]);
    // Nine answers: too few to say.
    const nine = 'id,created_at,csat_score\n' + Array.from({ length: 9 }, (_, k) => `T${k},${day(k)},2`).join('\n') + '\n';
    expect(await bothEngines({ 't.csv': nine }, ['t.csv'])).toEqual([]);
  });

  it('times more than a month after the run\'s clock (a hunt, 2026-11-27: 2062 for 2026 made the mean resolution 626 days): counted, the first named; within the month, nothing said', async () => {
    const now = Date.parse('2026-02-08T12:00:00Z');
    const tickets = 'id,created_at,resolved_at,status\nT1,2026-03-02 09:00Z,2026-03-02 11:00Z,solved\nT2,2026-03-02 09:00Z,2062-03-02 11:00Z,solved\nT3,2062-03-02 09:00Z,2062-03-03 09:00Z,solved\n';
    const surveys = 'type,score,responded_at\ncsat,5,2026-03-11 11:00Z\ncsat,4,2026-03-12 09:00Z\n';
    expect(await bothEngines({ 't.csv': tickets, 's.csv': surveys }, ['t.csv', 's.csv'], now)).toEqual([
      // T2's resolved_at, T3's two times; in the surveys the answer of 2026-03-12 only (the other within 31 days).
      'note: t.csv: 3 times lie more than a month in the future (the first: resolved_at on line 3, "2062-03-02 11:00Z"): an export holds none; a year typed wrong? they count as written',
      'note: s.csv: 1 time lies more than a month in the future (the first: responded_at on line 3, "2026-03-12 09:00Z"): an export holds none; a year typed wrong? it counts as written',
    ]);
    expect(await bothEngines({ 's.csv': surveys }, ['s.csv'], Date.parse('2026-02-09T12:00:00Z'))).toEqual([]);
  });

  it('a first response more than a month ahead counts too, named by its column', async () => {
    const now = Date.parse('2026-02-08T12:00:00Z');
    const tickets = 'id,created_at,first_response_at\nT1,2026-03-02 09:00Z,2026-03-02 10:00Z\nT2,2026-03-02 09:00Z,2062-03-02 10:00Z\n';
    expect(await bothEngines({ 't.csv': tickets }, ['t.csv'], now)).toEqual([
      'note: t.csv: 1 time lies more than a month in the future (the first: first_response_at on line 3, "2062-03-02 10:00Z"): an export holds none; a year typed wrong? it counts as written',
    ]);
  });

  it('past a thousand open statuses the counts are partial: no note on timed open ones, from either engine; at a thousand, the note', async () => {
    // Done first (both tickets with a resolution time), then open statuses of one untimed
    // ticket each: 999 more make 1,000 open statuses (the cap: all counted, the note names
    // Done); 1,000 more make 1,001 (past it: no note). The DuckDB engine fetches the open
    // statuses up to the cap and one more to know.
    const file = (more: number) => {
      const open = Array.from({ length: more }, (_, k) => `U${k},${day(k)},,Stufe ${k + 1}`);
      return T + [`T1,${day(1)},${day(2)},Done`, `T2,${day(2)},${day(3)},Done`, `T3,${day(3)},${day(4)},solved`, ...open].join('\n') + '\n';
    };
    const timedDone = (ns: string[]) => ns.filter((n) => n.includes('"Done" (2 tickets, all with a resolution time)'));
    expect(timedDone(await bothEngines({ 't.csv': file(999) }, ['t.csv']))).toHaveLength(1);
    // Past the cap, no note on statuses at all: neither the timed one nor those neither resolved nor open.
    expect(await bothEngines({ 't.csv': file(1000) }, ['t.csv'])).toEqual([]);
  });

  it('KPI columns empty in every row, a header alone, answers without a time under --period', async () => {
    const files = {
      't.csv': 'id,created_at,first_response_at,channel\nT1,2026-03-02 09:00,,email\nT2,2026-03-03 09:00,,chat\n',
      'e.csv': 'id,created_at\n',
      's.csv': 'type,score,responded_at\nnps,9,2026-03-02 10:00\nnps,3,\n',
    };
    expect(await bothEngines(files, ['t.csv', '--tickets', 'e.csv', 's.csv', '--period', 'month'])).toEqual([
      'note: e.csv: no rows (only a header)',
      'note: s.csv: 1 answer has no responded_at and is left out: --period, --from, --to and --last place answers by their time',
      'note: first_response_time has no input: first_response_at in t.csv is empty in every row',
    ]);
  });
});
