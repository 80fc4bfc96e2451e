/**
 * Inputs that read without an invalid row and still give plausible wrong numbers get a note
 * on stderr from compute and validate, naming the file, the column and what was seen; a
 * --by field no input has is a usage error.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { encodingNotes, groupSplitNotes } from '../../src/commands/input-notes.js';

const notes = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('note: '));

describe('notes on likely mapping mistakes', () => {
  it('a status column none of whose values means resolved: its values and how to map them', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,status\nT1,2026-03-02,Y\nT2,2026-03-02,N\nT3,2026-03-03,Y\n' });
    const want = 'note: t.csv: status: none of "Y", "N" means resolved (resolved, solved, closed do), so the resolution rate is 0 %; map yours in the config: "values": {"status": {"Y": "resolved"}}';
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).kpis.resolution_rate.value).toBe(0);
    expect(notes(r.stderr)).toEqual([want]);
    const v = await cli(['validate', 't.csv', '--tz', 'UTC'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(notes(v.stderr)).toEqual([want]);
    // Y mapped, it is right, and N, neither resolved nor an open status, is named (a hunt, 2026-11-27: Jira's Done beside Resolved was counted open unsaid).
    const mapped = scratch({ 't.csv': 'id,created_at,status\nT1,2026-03-02,Y\nT2,2026-03-02,N\n', 'c.json': '{"values": {"status": {"Y": "resolved"}}}', 'both.json': '{"values": {"status": {"Y": "resolved", "N": "open"}}}' });
    const ok = await cli(['compute', 't.csv', '--tz', 'UTC', '--config', 'c.json', '--format', 'json'], { cwd: mapped });
    expect(JSON.parse(ok.stdout).kpis.resolution_rate.value).toBe(50);
    expect(notes(ok.stderr)).toEqual([
      'note: t.csv: status: "N" (1 ticket) is neither resolved (resolved, solved, closed are) nor an open ticket\'s status, so its tickets count as open; say which are resolved in the config, e.g. "values": {"status": {"<status>": "resolved"}} (and the open ones: "open")',
    ]);
    // Both mapped: silent.
    const both = await cli(['compute', 't.csv', '--tz', 'UTC', '--config', 'both.json', '--format', 'json'], { cwd: mapped });
    expect(JSON.parse(both.stdout).kpis.resolution_rate.value).toBe(50);
    expect(both.stderr).toBe('');
  });

  it('a status that means resolved but for an invisible character (zero-width space, soft hyphen, word joiner): named, with the config line that maps it', async () => {
    // Each as a web page or an editor may leave it: U+200B after, U+00AD inside, U+2060 before and NBSP (trimmed) after.
    const dir = scratch({ 't.csv': 'id,created_at,status\nT1,2026-03-02,solved\u200b\nT2,2026-03-02,Clo\u00adsed\nT3,2026-03-02,\u2060resolved\u00a0\nT4,2026-03-02,solved\nT5,2026-03-02,open\u200b\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    // Read as they are: only T4 is resolved. "open" with a U+200B is no resolved status: no note.
    expect(JSON.parse(r.stdout).kpis.resolution_rate.value).toBe(20);
    expect(notes(r.stderr)).toEqual([
      'note: t.csv: status "solved<U+200B>" is not read as resolved: it is "solved" with an invisible U+200B; clean the export or map it in the config: "values": {"status": {"solved\\u200B": "solved"}}',
      'note: t.csv: status "Clo<U+00AD>sed" is not read as resolved: it is "closed" with an invisible U+00AD; clean the export or map it in the config: "values": {"status": {"Clo\\u00ADsed": "closed"}}',
      'note: t.csv: status "<U+2060>resolved" is not read as resolved: it is "resolved" with an invisible U+2060; clean the export or map it in the config: "values": {"status": {"\\u2060resolved": "resolved"}}',
    ]);
    // The line given, pasted into a config, maps it.
    const line = notes(r.stderr)[0].split('config: ')[1];
    const mapped = scratch({ 't.csv': 'id,created_at,status\nT1,2026-03-02,solved\u200b\nT2,2026-03-02,open\n', 'c.json': `{${line}}` });
    const ok = await cli(['compute', 't.csv', '--tz', 'UTC', '--config', 'c.json', '--format', 'json'], { cwd: mapped });
    expect(JSON.parse(ok.stdout).kpis.resolution_rate.value).toBe(50);
    expect(notes(ok.stderr)).toEqual([]);
  });

  it('statuses that do not mean resolved on tickets that (nearly) all have a resolution time: named with their counts and the config line', async () => {
    const rows = [
      'T1,2026-03-02 09:00,2026-03-02 10:00,Resolved',
      // Jira's and ServiceNow's: every ticket has a resolved_at.
      'T2,2026-03-02 09:00,2026-03-02 11:00,Done',
      'T3,2026-03-02 09:00,2026-03-02 12:00,Done',
      'T4,2026-03-02 09:00,2026-03-02 13:00,Closed Complete',
      // Half of them: no sign.
      'T5,2026-03-02 09:00,,In Review',
      'T6,2026-03-02 09:00,2026-03-02 13:00,In Review',
      // An open status of the helpdesks keeps a reopened ticket's old resolved_at: no sign either.
      'T7,2026-03-02 09:00,2026-03-02 13:00,Open',
      'T8,2026-03-02 09:00,2026-03-02 13:00,on-hold',
    ];
    const dir = scratch({ 't.csv': `id,created_at,resolved_at,status\n${rows.join('\n')}\n` });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).kpis.resolution_rate.value).toBe(12.5);
    const want =
      'note: t.csv: status: "Done" (2 tickets, all with a resolution time) and "Closed Complete" (1 ticket, with a resolution time) do not mean resolved (resolved, solved, closed do), so their tickets count as open; ' +
      'if they are resolved, map them in the config: "values": {"status": {"Done": "resolved", "Closed Complete": "resolved"}}';
    expect(notes(r.stderr)).toEqual([want]);
    // The line given, pasted into a config: resolved, and nothing said.
    const c = scratch({ 't.csv': `id,created_at,resolved_at,status\n${rows.join('\n')}\n`, 'c.json': `{${want.split('config: ')[1]}}` });
    const ok = await cli(['compute', 't.csv', '--tz', 'UTC', '--config', 'c.json', '--format', 'json'], { cwd: c });
    expect(JSON.parse(ok.stdout).kpis.resolution_rate.value).toBe(50);
    expect(notes(ok.stderr)).toEqual([]);
    // Nine of ten with a resolution time still looks resolved; one of them alone: "does", "its".
    const most = Array.from({ length: 10 }, (_, i) => `T${i},2026-03-02 09:00,${i === 0 ? '' : '2026-03-02 10:00'},Done`).concat('X,2026-03-02 09:00,,solved');
    const m = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,resolved_at,status\n${most.join('\n')}\n` }) });
    expect(notes(m.stderr)).toEqual([
      'note: t.csv: status: "Done" (10 tickets, 9 with a resolution time) does not mean resolved (resolved, solved, closed do), so its tickets count as open; if they are resolved, map them in the config: "values": {"status": {"Done": "resolved"}}',
    ]);
    // Eight of ten: no sign from the times, but Done is neither resolved nor an open status: said without them.
    const fewer = most.map((l, i) => (i === 1 ? l.replace('2026-03-02 10:00', '') : l));
    const f = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,resolved_at,status\n${fewer.join('\n')}\n` }) });
    expect(notes(f.stderr)).toEqual([
      'note: t.csv: status: "Done" (10 tickets) is neither resolved (resolved, solved, closed are) nor an open ticket\'s status, so its tickets count as open; say which are resolved in the config, e.g. "values": {"status": {"Done": "resolved"}} (and the open ones: "open")',
    ]);
  });

  it('a file of open tickets only: the 0 % said, and no map offered that would count an open status resolved (a hunt, 2026-11-27)', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,status\nT1,2026-03-02,open\nT2,2026-03-02,Pending\nT3,2026-03-02,Awaiting User Info\n' });
    for (const engine of ['js', 'duckdb']) {
      const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--engine', engine, '--format', 'json'], { cwd: dir });
      expect(JSON.parse(r.stdout).kpis.resolution_rate.value).toBe(0);
      expect(notes(r.stderr), engine).toEqual([
        'note: t.csv: status: none of "open", "Pending", "Awaiting User Info" means resolved (resolved, solved, closed do), so the resolution rate is 0 %; all are open tickets\' statuses: right for an export of open tickets; if some are resolved, map their status in the config: "values": {"status": {"<status>": "resolved"}}',
      ]);
    }
    // Beside open ones, the line offers the first status that reads as resolved (Done), else none:
    // the first status not open, as offered before a review of 2026-11-27, was Neu (new).
    for (const [third, offered] of [['Done', 'Done'], ['Erledigt', '<status>']]) {
      const other = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,status\nT1,2026-03-02,open\nT2,2026-03-02,Neu\nT3,2026-03-02,${third}\n` }) });
      expect(notes(other.stderr)).toEqual([
        `note: t.csv: status: none of "open", "Neu", "${third}" means resolved (resolved, solved, closed do), so the resolution rate is 0 %; map yours in the config: "values": {"status": {"${offered}": "resolved"}}`,
      ]);
    }
  });

  it('a wait or a negation on tickets that all have a resolution time: the timed note, not silence (a review, 2026-11-27)', async () => {
    // Pending Closure and Not Reproducible read as open ones' for the note on unknown statuses,
    // not for this one: their resolution times say they are likely resolved.
    const rows = ['T1,2026-03-02 09:00,2026-03-02 10:00,Pending Closure', 'T2,2026-03-02 09:00,2026-03-02 10:00,Not Reproducible', 'T3,2026-03-02 09:00,2026-03-02 10:00,solved'];
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,resolved_at,status\n${rows.join('\n')}\n` }) });
    expect(notes(r.stderr)).toEqual([
      'note: t.csv: status: "Pending Closure" (1 ticket, with a resolution time) and "Not Reproducible" (1 ticket, with a resolution time) do not mean resolved (resolved, solved, closed do), so their tickets count as open; ' +
        'if they are resolved, map them in the config: "values": {"status": {"Pending Closure": "resolved", "Not Reproducible": "resolved"}}',
    ]);
  });

  it('no status means resolved at all: the one status note, not a second on the resolution times', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,resolved_at,status\nT1,2026-03-02 09:00,2026-03-02 10:00,Done\nT2,2026-03-02 09:00,,Open\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(notes(r.stderr)).toEqual([
      'note: t.csv: status: none of "Done", "Open" means resolved (resolved, solved, closed do), so the resolution rate is 0 %; map yours in the config: "values": {"status": {"Done": "resolved"}}',
    ]);
  });

  it("customers files that give different periods: each file's periods named; the same periods in another order: silent", async () => {
    const head = 'period_start,period_end,customers_start,customers_end,new_customers\n';
    const jan = '2026-01-01,2026-01-31,500,520,40\n';
    const feb = '2026-02-01,2026-02-28,520,530,30\n';
    const dir = scratch({ 'a.csv': head + jan, 'b.csv': head + jan + feb, 'c.csv': head + feb + jan });
    const r = await cli(['compute', 'a.csv', 'b.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    // Added up as segments: S = 500 + 500 of January, E = 530 of February (b alone), N = 40 + 40 + 30.
    expect(JSON.parse(r.stdout).kpis.retention_rate.value).toBe(42);
    expect(notes(r.stderr)).toEqual([
      'note: customers files give different periods (a.csv: 1 period, starting 2026-01-01; b.csv: 2 periods, starting 2026-01-01 … 2026-02-01): their counts are added up period by period as segments of one customer base, ' +
        'and retention and churn take S of the first period and E of the last, so each file must give the same periods; give one file, or the same periods in each',
    ]);
    // Two segments over the same periods, rows in another order: (1060 − 140) / 1000 = 92 %, nothing said.
    const same = await cli(['compute', 'b.csv', 'c.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(same.stdout).kpis.retention_rate.value).toBe(92);
    expect(notes(same.stderr)).toEqual([]);
    // A window of January alone: both files give January there, February is never added up.
    // S = 500 + 500, E = 520 + 520, N = 40 + 40: (1040 − 80) / 1000 = 96 %, nothing said.
    const january = await cli(['compute', 'a.csv', 'b.csv', '--tz', 'UTC', '--format', 'json', '--from', '2026-01-01', '--to', '2026-02-01'], { cwd: dir });
    expect(JSON.parse(january.stdout).kpis.retention_rate.value).toBe(96);
    expect(notes(january.stderr)).toEqual([]);
    // A window that takes February too: the note again.
    const both = await cli(['compute', 'a.csv', 'b.csv', '--tz', 'UTC', '--format', 'json', '--from', '2026-01-01', '--to', '2026-03-01'], { cwd: dir });
    expect(notes(both.stderr).map((n) => n.slice(0, 48))).toEqual(['note: customers files give different periods (a.']);
  });

  it('a survey export with a created_at is read as tickets: said, with --surveys to give', async () => {
    const dir = scratch({ 'r.csv': 'id,type,score,created_at\nR1,nps,9,2026-03-02\nR2,nps,3,2026-03-03\n' });
    const r = await cli(['compute', 'r.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).kpis.ticket_volume.value).toBe(2);
    expect(notes(r.stderr)[0]).toBe(
      'note: r.csv: read as tickets (it has created_at), but its score column is a surveys file\'s: if it holds survey answers, give it with --surveys r.csv, and rename its created_at column responded_at (as surveys, created_at is not read: no window or period could place the answers)',
    );
    // Given as surveys: NPS from both answers ((1 promoter − 1 detractor) / 2 = 0), nothing said of it.
    const s = await cli(['compute', '--surveys', 'r.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(s.stdout).kpis.nps).toMatchObject({ value: 0, responses: 2 });
    expect(notes(s.stderr).filter((n) => n.includes('read as tickets'))).toEqual([]);
  });

  it('survey answers that repeat an earlier one exactly, in the same file or a copy: counted, the first named; a different time or ticket is another answer', async () => {
    const answers = 'type,score,responded_at,ticket_id\ncsat,1,2026-03-02 10:00,T1\ncsat,5,2026-03-02 11:00,T2\n';
    const dir = scratch({
      't.csv': 'id,created_at\nT1,2026-03-02\nT2,2026-03-02\n',
      's.csv': answers,
      'copy.csv': answers,
      // Line 4 repeats line 2; line 5 differs by its time, line 6 by its ticket, line 7 has no ticket or customer.
      'd.csv': answers + 'csat,1,2026-03-02 10:00,T1\ncsat,1,2026-03-02 10:01,T1\ncsat,1,2026-03-02 10:00,T2\ncsat,1,2026-03-02 10:00,\ncsat,1,2026-03-02 10:00,\n',
    });
    const r = await cli(['compute', 't.csv', 's.csv', 'copy.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    // Each still counts: 4 responses, 2 of them satisfied.
    expect(JSON.parse(r.stdout).kpis.csat).toMatchObject({ value: 50, responses: 4 });
    expect(notes(r.stderr)).toEqual([
      'note: copy.csv: 2 answers repeat an earlier one exactly (type, score, responded_at, ticket or customer; the first: line 2, the same as s.csv:2) and count again: if they are copies (an export given twice, exports that overlap), give each answer once',
    ]);
    // Answers a window leaves out count nowhere, so not twice either.
    const w = await cli(['compute', 't.csv', 's.csv', 'copy.csv', '--tz', 'UTC', '--from', '2026-03-03', '--format', 'json'], { cwd: dir });
    expect(notes(w.stderr).filter((n) => n.includes('repeat'))).toEqual([]);
    const d = await cli(['validate', 't.csv', 'd.csv', '--tz', 'UTC'], { cwd: dir });
    expect(notes(d.stderr)).toEqual([
      'note: d.csv: 1 answer repeats an earlier one exactly (type, score, responded_at, ticket or customer; the first: line 4, the same as line 2) and counts again: if it is a copy (an export given twice, exports that overlap), give each answer once',
    ]);
  });

  it('one timestamp column with a UTC offset on every row, others with none: read in --tz, said with the zone to check', async () => {
    // created_at in UTC with its Z, the others in UTC without: in New York they are 5 h later than written.
    const rows = Array.from({ length: 6 }, (_, i) => `T${i},2026-03-02T09:00:00Z,2026-03-02 09:20:00,2026-03-02 11:00:00,solved`);
    const dir = scratch({ 't.csv': `id,created_at,first_response_at,resolved_at,status\n${rows.join('\n')}\n` });
    const ny = await cli(['compute', 't.csv', '--tz', 'America/New_York', '--format', 'json'], { cwd: dir });
    // 09:20 New York (EST, UTC−5) is 14:20 UTC: 5 h 20 min after 09:00 UTC.
    expect(JSON.parse(ny.stdout).kpis.first_response_time.value).toBe(19200);
    expect(notes(ny.stderr)).toEqual([
      'note: t.csv: created_at gives a UTC offset on every row looked at (the first 1,000), first_response_at and resolved_at on none: they are read as local times in America/New_York (--tz); if they are in UTC like created_at, give --tz UTC',
    ]);
    // As the note says: 20 min, nothing said.
    const utc = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(utc.stdout).kpis.first_response_time.value).toBe(1200);
    expect(notes(utc.stderr)).toEqual([]);
    // Offsets that are not UTC: the zone to check, under --tz UTC too.
    const paris = scratch({ 't.csv': `id,created_at,first_response_at,resolved_at,status\n${rows.map((r) => r.replace('Z,', '+01:00,')).join('\n')}\n` });
    const p = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: paris });
    expect(notes(p.stderr)).toEqual([
      'note: t.csv: created_at gives a UTC offset on every row looked at (the first 1,000), first_response_at and resolved_at on none: they are read as local times in UTC (--tz); check the zone they were written in',
    ]);
    // Fewer than 5 rows: no sign.
    const few = await cli(['compute', 't.csv', '--tz', 'America/New_York', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,first_response_at,resolved_at,status\n${rows.slice(0, 4).join('\n')}\n` }) });
    expect(notes(few.stderr)).toEqual([]);
    const mixed = rows.map((r, i) => (i === 0 ? r.replace('09:20:00', '09:20:00Z') : r));
    const m = await cli(['compute', 't.csv', '--tz', 'America/New_York', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,first_response_at,resolved_at,status\n${mixed.join('\n')}\n` }) });
    // A column with an offset on some rows only: its cells without one are read in --tz, which a hunt
    // (2026-11-27) showed giving a first response of 3.5 h for 1 h. Said for that column on its own.
    expect(notes(m.stderr)).toEqual([
      'note: t.csv: created_at gives a UTC offset on every row looked at (the first 1,000), resolved_at on none: it is read as local time in America/New_York (--tz); if it is in UTC like created_at, give --tz UTC',
      'note: t.csv: first_response_at gives a UTC offset on 1 of the 6 cells looked at (the first 1,000 rows) and none on the other 5: those are read as local time in America/New_York (--tz); check the zone they were written in',
    ]);
    // In UTC, with UTC offsets only: the same clock either way, nothing said; another offset is said under --tz UTC too.
    const mu = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,first_response_at,resolved_at,status\n${mixed.join('\n')}\n` }) });
    expect(notes(mu.stderr)).toEqual([]);
    const plus = mixed.map((r, i) => (i === 0 ? r.replace('09:20:00Z', '11:20:00+02:00') : r));
    const pl = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,first_response_at,resolved_at,status\n${plus.join('\n')}\n` }) });
    expect(notes(pl.stderr)).toEqual([
      'note: t.csv: first_response_at gives a UTC offset on 1 of the 6 cells looked at (the first 1,000 rows) and none on the other 5: those are read as local time in UTC (--tz); check the zone they were written in',
    ]);
  });

  it('statuses that begin with a word meaning resolved but are not one (a hunt, 2026-11-27): named with their counts and the config line, by both engines', async () => {
    const rows = ['solved', 'Closed - duplicate', 'closed.', 'Resolved (auto)', 'Resolved (auto)', 'open', 'Done', 'Closedown', 'Not resolved', 'solved_by_bot'].map((st, i) => `T${i},2026-03-02,${st}`);
    const dir = scratch({ 't.csv': `id,created_at,status\n${rows.join('\n')}\n` });
    const want = [
      'note: t.csv: status: "Closed - duplicate" (1 ticket), "closed." (1 ticket), "Resolved (auto)" (2 tickets) and "solved_by_bot" (1 ticket) begin with a word that means resolved but are not one (resolved, solved, closed are), so their tickets count as open; ' +
        'if they are resolved, map them in the config: "values": {"status": {"Closed - duplicate": "resolved", "closed.": "resolved", "Resolved (auto)": "resolved", "solved_by_bot": "resolved"}}',
      // Done and Closedown are no word of either kind (Not resolved is an open one's).
      'note: t.csv: status: "Done" (1 ticket) and "Closedown" (1 ticket) are neither resolved (resolved, solved, closed are) nor an open ticket\'s status, so their tickets count as open; ' +
        'say which are resolved in the config, e.g. "values": {"status": {"Done": "resolved"}} (and the open ones: "open")',
    ];
    for (const engine of ['js', 'duckdb']) {
      const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--engine', engine, '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      // 1 of 10 resolved, by hand.
      expect(JSON.parse(r.stdout).kpis.resolution_rate.value, engine).toBe(10);
      expect(notes(r.stderr), engine).toEqual(want);
    }
    // The first line given, in a config: 6 of 10, and the other note left.
    const mapped = await cli(['compute', 't.csv', '--tz', 'UTC', '--config', 'c.json', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,status\n${rows.join('\n')}\n`, 'c.json': `{${want[0].split('config: ')[1]}}` }) });
    expect(JSON.parse(mapped.stdout).kpis.resolution_rate.value).toBe(60);
    expect(notes(mapped.stderr)).toEqual([want[1]]);
  });

  it('a file of a kind without the columns another file of that kind feeds a KPI from (a hunt, 2026-11-27): said once per file, by both engines', async () => {
    const dir = scratch({
      'fa.csv': 'id,created_at,status,first_response_at\nA1,2026-03-02 09:00Z,solved,2026-03-02 10:00Z\nA2,2026-03-02 09:00Z,solved,2026-03-02 10:00Z\n',
      'fb.csv': 'id,created_at\nB1,2026-03-02 09:00Z\nB2,2026-03-02 09:00Z\n',
      'fc.csv': 'id,created_at,status,first_response_at\nC1,2026-03-02 09:00Z,open,\n',
    });
    for (const engine of ['js', 'duckdb']) {
      const r = await cli(['compute', 'fa.csv', 'fb.csv', 'fc.csv', '--tz', 'UTC', '--engine', engine, '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      // As read: fb's tickets open and unanswered (2 of 5 resolved, 3 unanswered).
      const k = JSON.parse(r.stdout).kpis;
      expect([k.resolution_rate.value, k.first_response_time.unanswered], engine).toEqual([40, 3]);
      expect(notes(r.stderr), engine).toEqual([
        'note: fb.csv has none of the columns fa.csv feeds first_response_time, resolution_rate, backlog from (first_response_at, status): its 2 tickets count there as unanswered, open; give the files the same columns, or compute them apart',
      ]);
    }
    // A column whose absence leaves a ticket out (CSAT, handle time): nothing to say; self-service counts it as not (a review, 2026-11-27).
    const other = await cli(['compute', 'a.csv', 'b.csv', '--tz', 'UTC', '--format', 'json'], {
      cwd: scratch({ 'a.csv': 'id,created_at,csat_score,talk_seconds,self_service\nA1,2026-03-02,5,60,yes\n', 'b.csv': 'id,created_at\nB1,2026-03-02\n' }),
    });
    expect(notes(other.stderr).filter((n) => n.startsWith('note: b.csv'))).toEqual([
      'note: b.csv has none of the columns a.csv feeds self_service_rate from (self_service): its 1 ticket counts there as not self-service; give the files the same columns, or compute them apart',
    ]);
    // The same columns in every file: nothing said (fc.csv's only status is an open one, and fa.csv's resolve).
    const one = await cli(['compute', 'fa.csv', 'fc.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(notes(one.stderr)).toEqual([]);
    // A file whose statuses are not open ones either, beside one that resolves: its own tickets, not the rate, are said.
    const de = await cli(['compute', 'fa.csv', 'fd.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 'fa.csv': 'id,created_at,status\nA1,2026-03-02,solved\n', 'fd.csv': 'id,created_at,status\nD1,2026-03-02,Erledigt\nD2,2026-03-02,Offen\n' }) });
    expect(notes(de.stderr)).toEqual([
      'note: fd.csv: status: none of "Erledigt", "Offen" means resolved (resolved, solved, closed do), so none of its tickets counts as resolved; map yours in the config: "values": {"status": {"<status>": "resolved"}}',
    ]);
  });

  it('the status notes after ten other statuses; a hidden resolved status in one note only; a bidi mark shown, not sent raw', async () => {
    const others = Array.from({ length: 11 }, (_, i) => `S${i},2026-03-02 09:00,,s${i}`);
    const rows = ['R,2026-03-02 09:00,2026-03-02 10:00,solved', ...others, 'D1,2026-03-02 09:00,2026-03-02 10:00,Done', 'D2,2026-03-02 09:00,2026-03-02 10:00,Done', 'H,2026-03-02 09:00,2026-03-02 10:00,solved\u200b', 'B,2026-03-02 09:00,2026-03-02 10:00,Fixed\u202eX'];
    const dir = scratch({ 't.csv': `id,created_at,resolved_at,status\n${rows.join('\n')}\n` });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(notes(r.stderr)).toEqual([
      'note: t.csv: status "solved<U+200B>" is not read as resolved: it is "solved" with an invisible U+200B; clean the export or map it in the config: "values": {"status": {"solved\\u200B": "solved"}}',
      'note: t.csv: status: "Done" (2 tickets, all with a resolution time) and "Fixed<U+202E>X" (1 ticket, with a resolution time) do not mean resolved (resolved, solved, closed do), so their tickets count as open; ' +
        'if they are resolved, map them in the config: "values": {"status": {"Done": "resolved", "Fixed\\u202EX": "resolved"}}',
      // The others, neither resolved nor open: the first ten named (s10 is the eleventh).
      `note: t.csv: status: ${Array.from({ length: 10 }, (_, i) => `"s${i}" (1 ticket)`).join(', ').replace(/, ("s9")/, ' and $1')} are neither resolved (resolved, solved, closed are) nor an open ticket's status, so their tickets count as open; ` +
        'say which are resolved in the config, e.g. "values": {"status": {"<status>": "resolved"}} (and the open ones: "open")',
    ]);
  });

  it('a placeholder customer_id (N/A) on several tickets: one customer of many tickets, said with null_tokens; given, tickets per customer is right', async () => {
    // By hand: 4 customers with one ticket each, 6 tickets with N/A: 10 / 5 = 2 as read, 4 / 4 = 1 with N/A as none.
    const rows = [...Array.from({ length: 4 }, (_, i) => `T${i},2026-03-02,C${i}`), ...Array.from({ length: 6 }, (_, i) => `U${i},2026-03-02,N/A`), 'V,2026-03-02,none'];
    const dir = scratch({ 't.csv': `id,created_at,customer_id\n${rows.join('\n')}\n`, 'c.json': '{"null_tokens": ["N/A", "none"]}' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).kpis.tickets_per_customer).toMatchObject({ value: 11 / 6, customers: 6 });
    // "none" on one ticket only: no sign.
    expect(notes(r.stderr)).toEqual([
      'note: t.csv: customer_id "N/A" on 6 of the first 1,000 tickets looks like a placeholder for no customer: those tickets count as one customer\'s in tickets per customer; "null_tokens": ["N/A"] in the config reads it as none',
    ]);
    const ok = await cli(['compute', 't.csv', '--tz', 'UTC', '--config', 'c.json', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(ok.stdout).kpis.tickets_per_customer).toMatchObject({ value: 1, tickets: 4, customers: 4 });
    expect(notes(ok.stderr)).toEqual([]);
  });

  it('lists at most ten distinct statuses', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => `T${i},2026-03-02,s${i}`).join('\n');
    const dir = scratch({ 't.csv': `id,created_at,status\n${rows}\n` });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(notes(r.stderr)[0]).toMatch(/none of "s0", "s1", .*"s9", … means resolved/);
  });

  it('a CSAT scale no answer reaches the top of (tickets and surveys): the highest score seen', async () => {
    const answers = Array.from({ length: 12 }, (_, i) => `csat,${1 + (i % 3)}`).join('\n');
    const tickets = Array.from({ length: 12 }, (_, i) => `T${i},2026-03-02,${1 + (i % 3)}`).join('\n');
    const dir = scratch({ 's.csv': `type,score\n${answers}\n`, 't.csv': `id,created_at,csat_score\n${tickets}\n` });
    // CSAT from both files: said too (test/cli/hostile-input.test.ts).
    const BOTH = 'note: csat counts both the csat_score of t.csv (12) and the csat answers of s.csv (12): if they are the same ratings, each counts twice: give only one of them';
    const r = await cli(['compute', 's.csv', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(notes(r.stderr)).toEqual([
      'note: t.csv: csat_score: no csat answer reaches the top of the 1..5 scale (12 answers, highest 3); if the scale is 1..3, give --csat-scale 1-3 (or "scales" in the config)',
      'note: s.csv: score: no csat answer reaches the top of the 1..5 scale (12 answers, highest 3); if the scale is 1..3, give --csat-scale 1-3 (or "scales" in the config)',
      BOTH,
    ]);
    const fixed = await cli(['compute', 's.csv', 't.csv', '--tz', 'UTC', '--csat-scale', '1-3', '--format', 'json'], { cwd: dir });
    expect(notes(fixed.stderr)).toEqual([BOTH]);
    // A few answers without a 5 are no sign of a wrong scale.
    const few = scratch({ 's.csv': 'type,score\ncsat,3\ncsat,4\n' });
    expect(notes((await cli(['compute', 's.csv', '--format', 'json'], { cwd: few })).stderr)).toEqual([]);
  });

  it('a KPI whose mapped columns are empty in every row', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,first_response_at,status,resolved_at,channel\nT1,2026-03-02,,,,web\nT2,2026-03-03,,,,\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(notes(r.stderr)).toEqual([
      'note: first_response_time has no input: first_response_at in t.csv is empty in every row',
      'note: resolution_time has no input: resolved_at in t.csv is empty in every row',
      'note: resolution_rate has no input: status, resolved_at in t.csv are empty in every row',
      // Which tickets are open is read from the same columns.
      'note: backlog has no input: status, resolved_at in t.csv are empty in every row',
    ]);
    const v = await cli(['validate', 't.csv'], { cwd: dir });
    expect(notes(v.stderr)).toHaveLength(4);
    // The numbers say it too: null with the note, not the 0 % (or 2 open) that empty cells give.
    const k = JSON.parse(r.stdout).kpis;
    expect([k.resolution_rate.value, k.resolution_rate.note]).toEqual([null, 'no input: status, resolved_at in t.csv are empty in every row']);
    expect([k.backlog.value, k.backlog.note]).toEqual([null, 'no input: status, resolved_at in t.csv are empty in every row']);
    // Resolution time was null without a time anyway, with no note in the JSON. First response time is null
    // with its note and no unanswered count: an empty column cannot say "never answered", which its SLA would
    // count as missed (test/engine/sla-overdue.test.ts).
    expect([k.resolution_time.value, k.resolution_time.note]).toEqual([null, undefined]);
    expect([k.first_response_time.value, k.first_response_time.unanswered, k.first_response_time.note]).toEqual([null, null, 'no input: first_response_at in t.csv is empty in every row']);
  });

  it('a file of open tickets (no status column, resolved_at empty in every row): 0 % resolved and all of them in the backlog, not null (a review, 2026-11-27)', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,resolved_at\nT1,2026-03-02,\nT2,2026-03-02,\nT3,2026-03-03,\n' });
    for (const engine of ['js', 'duckdb']) {
      const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--engine', engine, '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const k = JSON.parse(r.stdout).kpis;
      expect([k.resolution_rate.value, k.resolution_rate.note, k.backlog.value, k.backlog.note], engine).toEqual([0, undefined, 3, undefined]);
    }
  });

  it('a KPI whose columns are empty in every row is null, with what was empty, from both engines, and a target on it is not met (a hunt, 2026-11-27)', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,status,self_service\nT1,2026-03-02,solved,\nT2,2026-03-02,open,\n', 'targets.json': '{"self_service_rate": ">= 1", "resolution_rate": ">= 50"}' });
    for (const engine of ['js', 'duckdb']) {
      const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--engine', engine, '--targets', 'targets.json', '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const k = JSON.parse(r.stdout).kpis;
      // Before: 0 % (no ticket flagged self-service), a CI of 0–65.8 % and a target ">= 0" met (a rule now refused: ">= 1" here).
      expect([k.self_service_rate.value, k.self_service_rate.ci, k.self_service_rate.note], engine).toEqual([null, null, 'no input: self_service in t.csv is empty in every row']);
      expect(k.self_service_rate.target.status, engine).not.toBe('met');
      expect([k.resolution_rate.value, k.resolution_rate.target.status], engine).toEqual([50, 'met']);
      expect(notes(r.stderr), engine).toEqual(['note: self_service_rate has no input: self_service in t.csv is empty in every row']);
    }
  });

  it('a duration column that disagrees with its timestamps: counted per column, the first row shown, the timestamps used', async () => {
    const rows = [
      // Exactly a minute apart (the margin itself): no disagreement.
      'T0,2026-03-02T09:00:00Z,2026-03-02T09:31:00Z,30,2026-03-02T10:00:00Z,3660,solved',
      // Within a unit (rounded to whole minutes; a seconds column off by 30 s): no disagreement.
      'T1,2026-03-02T09:00:00Z,2026-03-02T09:30:40Z,31,2026-03-02T10:00:00Z,3630,solved',
      // 12 minutes given, 30 between the timestamps (a column mapped from another field).
      'T2,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,12,2026-03-02T10:00:00Z,3600,solved',
      // Resolution: 2 minutes off in seconds.
      'T3,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,30,2026-03-02T10:00:00Z,3480,solved',
      'T4,2026-03-02T09:00:00Z,2026-03-02T09:10:00Z,70,2026-03-02T10:00:00Z,3600,solved',
      // No timestamp to check against: the column alone, nothing said.
      'T5,2026-03-02T09:00:00Z,,5,,900,solved',
      // An open ticket's stale resolved_at feeds no KPI: not a disagreement.
      'T7,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,30,2026-03-09T10:00:00Z,60,open',
      // An invalid row (created_at unreadable) is not counted.
      'T6,yesterday,2026-03-02T09:30:00Z,1,,,open',
    ];
    const dir = scratch({ 't.csv': `id,created_at,first_response_at,first_response_minutes,resolved_at,resolution_seconds,status\n${rows.join('\n')}\n` });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--skip-invalid', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(notes(r.stderr)).toEqual([
      'note: t.csv: first_response_minutes disagrees with first_response_at − created_at by more than a minute on 2 rows, e.g. line 4: 12 min given, 30 min between the timestamps; the KPIs use first_response_minutes only where a timestamp is missing (check that both measure the same thing)',
      'note: t.csv: resolution_seconds disagrees with resolved_at − created_at by more than a minute on 1 row, e.g. line 5: 3480 s given, 3600 s between the timestamps; the KPIs use resolution_seconds only where a timestamp is missing (check that both measure the same thing)',
    ]);
    // The timestamps' times: 1860, 1840, 1800, 1800, 600, 1800 s and T5's 5 minutes from its
    // column, mean 10000 / 7 s (the columns' would be 1800, 1860, 720, 1800, 4200, 300, 1800).
    expect(JSON.parse(r.stdout).kpis.first_response_time).toMatchObject({ value: 10000 / 7, median: 1800, count: 7 });
    // An hours column: off by less than an hour is rounding, by more is said in hours.
    const hours = scratch({ 't.csv': 'id,created_at,resolved_at,resolution_hours,status\nT1,2026-03-02T09:00:00Z,2026-03-02T11:40:00Z,2,solved\nT2,2026-03-02T09:00:00Z,2026-03-02T19:00:00Z,2.5,solved\n' });
    const h = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: hours });
    expect(notes(h.stderr)).toEqual([
      'note: t.csv: resolution_hours disagrees with resolved_at − created_at by more than an hour on 1 row, e.g. line 3: 2.5 h given, 10 h between the timestamps; the KPIs use resolution_hours only where a timestamp is missing (check that both measure the same thing)',
    ]);
  });

  it('a header-only file: "no rows", exit 0 and volume 0', async () => {
    const dir = scratch({ 't.csv': 'id,created_at\n', 'blank.csv': 'id,created_at\n,\n\n' });
    const r = await cli(['compute', 't.csv', 'blank.csv', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).kpis.ticket_volume.value).toBe(0);
    expect(notes(r.stderr)).toEqual(['note: t.csv: no rows (only a header)', 'note: blank.csv: no rows (only a header)']);
    const v = await cli(['validate', 't.csv'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stderr).toBe('note: t.csv: no rows (only a header)\n');
  });
});

describe('--by a column no input has', () => {
  it('is a usage error naming the columns there are, before reading', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,agent\nT1,2026-03-02,ana\n', 's.csv': 'type,score,team\nnps,9,x\n' });
    const r = await cli(['compute', 't.csv', 's.csv', '--by', 'agnet'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('csm-kpi: --by: no input has a column "agnet" (columns: id, created_at, agent, type, score, team)\n');
    // A column of one input is enough; preset names count (Assignee is agent in Zendesk's export).
    expect((await cli(['compute', 't.csv', 's.csv', '--by', 'team', '--format', 'json'], { cwd: dir })).code).toBe(0);
    const z = scratch({ 'z.csv': 'Id,Created at,Assignee\n1,2026-03-02,ana\n' });
    expect((await cli(['compute', 'z.csv', '--preset', 'zendesk', '--by', 'agent', '--format', 'json'], { cwd: z })).code).toBe(0);
  });
});

describe('local times in a DST gap', () => {
  it('are read with the offset before the change and counted once per file', async () => {
    const text = 'id,created_at,resolved_at\nT1,2026-03-29 01:30,\nT2,2026-03-29 02:30,2026-03-29 02:45\nT3,2026-03-29 03:30,\nT4,2026-10-25 02:30,\n';
    const dir = scratch({ 't.csv': text });
    const r = await cli(['compute', 't.csv', '--tz', 'Europe/Madrid', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(notes(r.stderr)).toEqual([
      'note: t.csv: 2 local times fall in a DST gap of Europe/Madrid (clocks skip them) and are read with the offset before the change, e.g. line 3: created_at "2026-03-29 02:30" as 2026-03-29T03:30:00+02:00',
    ]);
    const one = await cli(['compute', 't.csv', '--tz', 'Europe/Madrid', '--format', 'json'], { cwd: scratch({ 't.csv': 'id,created_at\nT1,2026-03-29 02:30\n' }) });
    expect(notes(one.stderr)).toEqual([
      'note: t.csv: 1 local time falls in a DST gap of Europe/Madrid (clocks skip it) and is read with the offset before the change, e.g. line 2: created_at "2026-03-29 02:30" as 2026-03-29T03:30:00+02:00',
    ]);
    // The repeated autumn hour is not a gap: its first occurrence (summer time) is taken.
    const autumn = scratch({ 'a.csv': 'id,created_at,resolved_at\nT1,2026-10-25 02:30,2026-10-25 03:00\n' });
    const a = await cli(['compute', 'a.csv', '--tz', 'Europe/Madrid', '--format', 'json'], { cwd: autumn });
    expect(notes(a.stderr)).toEqual([]);
    expect(JSON.parse(a.stdout).kpis.resolution_time.value).toBe(90 * 60);
    const utc = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(notes(utc.stderr)).toEqual([]);
  });
});

describe('a known helpdesk export read without its preset', () => {
  const zendesk = 'Id,Requester id,Group,Status,Via,Created at,Solved at,Satisfaction Score\n1,10,Support,Solved,Mail,2026-03-02 09:00,2026-03-02 10:00,Offered\n';
  it('compute and validate say which preset to add; with it (or a config) they do not', async () => {
    const dir = scratch({ 'z.csv': zendesk, 'c.json': '{"null_tokens": ["Offered"]}' });
    const hint = 'note: z.csv: looks like a Zendesk export: add --preset zendesk';
    const r = await cli(['compute', 'z.csv', '--tz', 'UTC', '--skip-invalid', '--format', 'json'], { cwd: dir });
    expect(notes(r.stderr)).toContain(hint);
    const v = await cli(['validate', 'z.csv', '--tz', 'UTC'], { cwd: dir });
    expect(notes(v.stderr)).toContain(hint);
    const p = await cli(['compute', 'z.csv', '--tz', 'UTC', '--preset', 'zendesk', '--format', 'json'], { cwd: dir });
    expect(p.stderr).not.toContain('looks like');
    const c = await cli(['compute', 'z.csv', '--tz', 'UTC', '--config', 'c.json', '--format', 'json'], { cwd: dir });
    expect(c.stderr).not.toContain('looks like');
  });
  // A Freshdesk export's header that places no kind without its preset.
  const FRESHDESK = 'Ticket ID,Subject,Status,Source,Agent,Group,Created time,Resolved time,Initial response time\n1,a,Open,Email,ana,g,2026-03-02,,\n';
  it('a header whose kind cannot be told gets the hint in the error too', async () => {
    const dir = scratch({ 'f.csv': FRESHDESK });
    const r = await cli(['compute', 'f.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^csm-kpi: f\.csv: cannot tell what this file holds .*; it looks like a Freshdesk export: add --preset freshdesk\n$/);
  });
  it('no hint when the header looks like no export, or a preset or config was given (it was chosen)', async () => {
    const dir = scratch({
      'f.csv': FRESHDESK,
      'u.csv': 'foo,bar\n1,2\n',
      'c.json': '{"columns": {"Subject": "channel"}}',
    });
    const plain = await cli(['compute', 'u.csv'], { cwd: dir });
    expect(plain.stderr).toMatch(/^csm-kpi: u\.csv: cannot tell what this file holds from its header \(foo, bar\); tickets need created_at, surveys score, customers customers_start: rename the columns, use --preset or --config, or name the kind with --tickets\/--surveys\/--customers\n$/);
    for (const given of [['--preset', 'intercom'], ['--config', 'c.json']]) {
      const r = await cli(['compute', 'f.csv', ...given], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot tell what this file holds/);
      expect(r.stderr).not.toContain('looks like');
    }
  });
  it('a joined column places a file only when every part of it is in the header', async () => {
    const dir = scratch({
      'half.csv': 'Call Id,Date\n1,2026-03-02\n',
      'whole.csv': 'Call Id,Date,Time\n1,2026-03-02,10:00:00\n',
      'c.json': '{"columns": {"Call Id": "id"}, "join": {"created_at": ["Date", "Time"]}}',
    });
    const half = await cli(['compute', 'half.csv', '--config', 'c.json'], { cwd: dir });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/^csm-kpi: half\.csv: cannot tell what this file holds from its header \(Call Id, Date\)/);
    const whole = await cli(['compute', 'whole.csv', '--config', 'c.json', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.stdout).kpis.ticket_volume.value).toBe(1);
  });
});

describe('csm-kpi columns on a file it cannot place', () => {
  it('says so, and lists every header with what it could map to (a canonical column, or one with a preset)', async () => {
    const dir = scratch({
      'f.csv': 'Ticket ID,Subject,Status,Created time\n1,a,Open,2026-03-02\n',
      'm.csv': 'id,status\n1,open\n',
      't.csv': 'id,created_at\n1,2026-03-02\n',
    });
    const r = await cli(['columns', 'f.csv', 't.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 7)).toEqual([
      'f.csv: kind unknown: tickets need created_at, surveys score, customers customers_start or churned (delimiter ",")',
      '  what each header could map to:',
      '  Ticket ID     → ticket_id (in surveys); → id with --preset zendesk or freshdesk',
      '  Subject       (no canonical column)',
      '  Status        → status (in tickets)',
      '  Created time  → created_at with --preset freshdesk',
      't.csv: tickets (delimiter ",")',
    ]);
    expect(r.stdout).toContain('KPIs without input in these files:');
    const m = await cli(['columns', '--tickets', 'm.csv'], { cwd: dir });
    expect(m.stdout.split('\n').slice(0, 2)).toEqual(['m.csv: tickets file lacks the required column created_at (delimiter ",")', '  what each header could map to:']);
  });
  it('says which preset a known export needs', async () => {
    const r = await cli(['columns', 'fixtures/datasets/zendesk-plum.csv']);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['fixtures/datasets/zendesk-plum.csv: tickets (delimiter ",")', '  looks like a Zendesk export: add --preset zendesk']);
    const p = await cli(['columns', 'fixtures/datasets/zendesk-plum.csv', '--preset', 'zendesk']);
    expect(p.stdout).not.toContain('looks like');
  });
});

describe('a file read as Latin-1 or Windows-1252 whose text is UTF-8', () => {
  const file = (encoding: 'utf-8' | 'latin1' | 'windows-1252') => ({ path: 'p', name: 't.csv', encoding });
  const head = (text: string | Buffer) => () => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text);

  it('names a word as it reads now, and the option to drop', () => {
    expect(encodingNotes([file('latin1')], head('id,agent\nT1,José\n'))).toEqual([
      'note: t.csv: read as latin1, but its text is UTF-8 ("José" reads as "JosÃ©"): if the file is UTF-8, drop --encoding latin1 (or "encoding" in the config)',
    ]);
    // Windows-1252 and Latin-1 differ for 0x80–0x9F: "…" is E2 80 A6, "â€¦" in Windows-1252, 0x80 a control in Latin-1 (escaped).
    expect(encodingNotes([file('windows-1252')], head('a,b\n1,wait…\n'))[0]).toContain('("wait…" reads as "waitâ€¦")');
    expect(encodingNotes([file('latin1')], head('a,b\n1,wait…\n'))[0]).toContain('("wait…" reads as "waitâ\\x80¦")');
  });

  it('silent on real Latin-1 text, on ASCII, and on files read as UTF-8', () => {
    expect(encodingNotes([file('latin1')], head(Buffer.from('id,agent\nT1,Jos\xe9\n', 'latin1')))).toEqual([]);
    expect(encodingNotes([file('windows-1252')], head('id,agent\nT1,Jose\n'))).toEqual([]);
    expect(encodingNotes([file('utf-8')], () => { throw new Error('not read'); })).toEqual([]);
  });

  it('a sample that ends inside a character is read up to it', () => {
    const text = Buffer.concat([Buffer.from('a,b\n1,Zoë\n'), Buffer.from('é').subarray(0, 1)]);
    expect(encodingNotes([file('latin1')], head(text))[0]).toContain('("Zoë" reads as "ZoÃ«")');
    // Three bytes of a four-byte character.
    const emoji = Buffer.concat([Buffer.from('a,b\n1,Zoë\n'), Buffer.from('😀').subarray(0, 3)]);
    expect(encodingNotes([file('latin1')], head(emoji))[0]).toContain('("Zoë" reads as "ZoÃ«")');
  });

  it('through compute (both engines) and validate: the config\'s encoding against a UTF-8 export', async () => {
    const dir = scratch({
      't.csv': 'id,created_at,status\nT1,2026-03-02,Résolu\nT2,2026-03-02,closed\n',
      'c.json': '{"encoding": "latin1", "values": {"status": {"Résolu": "resolved"}}}',
    });
    const want = 'note: t.csv: read as latin1, but its text is UTF-8 ("Résolu" reads as "RÃ©solu"): if the file is UTF-8, drop --encoding latin1 (or "encoding" in the config)';
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--config', 'c.json', '--format', 'json'], { cwd: dir });
    // The value map does not match the misread text: 1 of 2 resolved.
    expect(JSON.parse(r.stdout).kpis.resolution_rate.value).toBe(50);
    expect(notes(r.stderr)).toContain(want);
    const v = await cli(['validate', 't.csv', '--tz', 'UTC', '--config', 'c.json'], { cwd: dir });
    expect(notes(v.stderr)).toContain(want);
    const duck = await cli(['compute', 't.csv', '--tz', 'UTC', '--config', 'c.json', '--engine', 'duckdb', '--format', 'json'], { cwd: dir });
    expect(notes(duck.stderr)).toContain(want);
  });
});

describe('--by groups whose names differ only in case, spaces or dashes', () => {
  it('named per field, over every level, with the config line for a mapped column (every other spelling onto the first); a raw column without', () => {
    const g = (...keys: unknown[]) => keys.map((key) => ({ key }));
    // --by channel --by region: region exists only inside the nested level.
    expect(groupSplitNotes({ channel: g('Email', 'chat', 'email', 'E-mail', 'Web Form', 'web_form', null), 'channel/region': g(['Email', 'EU'], ['email', 'eu'], ['chat', null]) })).toEqual([
      'note: --by channel: groups "Email" and "email" and "E-mail"; "Web Form" and "web_form" differ only in case, spaces, dashes or underscores and are counted apart: ' +
        'if they are one, map them in the config: "values": {"channel": {"email": "Email", "e-mail": "Email", "web_form": "Web Form"}}',
      'note: --by region: groups "EU" and "eu" differ only in case, spaces, dashes or underscores and are counted apart',
    ]);
    expect(groupSplitNotes({ agent: g('a', 'A', 'b', 'B', 'c', 'C', 'd', 'D') })[0]).toContain('"a" and "A"; "b" and "B"; "c" and "C"; and 1 more differ');
    expect(groupSplitNotes({ team: g('a', 'b'), 'team/agent': g(['a', 'x'], ['b', 'y']) })).toEqual([]);
  });

  it('spellings in another Unicode form (é as e and U+0301, a full-width letter): said so, with their code points, and a config line that merges them', async () => {
    const g = (...keys: unknown[]) => keys.map((key) => ({ key }));
    expect(groupSplitNotes({ agent: g('Am\u00e9lie', 'Ame\u0301lie', '\uff21nn', 'Ann', 'Zo\u00eb') })).toEqual([
      'note: --by agent: groups "Am\\u00e9lie" and "Ame\\u0301lie"; "\\uff21nn" and "Ann" differ only in case, spaces, dashes, underscores or Unicode form and are counted apart: ' +
        'if they are one, map them in the config: "values": {"agent": {"ame\\u0301lie": "Am\\u00e9lie", "ann": "\\uff21nn"}}',
    ]);
    const tickets = 'id,created_at,agent\nT1,2026-03-02,Am\u00e9lie\nT2,2026-03-02,Am\u00e9lie\nT3,2026-03-02,Ame\u0301lie\n';
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'json'], { cwd: scratch({ 't.csv': tickets }) });
    const note = notes(r.stderr).find((n) => n.startsWith('note: --by agent'))!;
    expect(note).toContain('"Am\\u00e9lie" and "Ame\\u0301lie" differ only in case, spaces, dashes, underscores or Unicode form');
    // The config line as printed, \u escapes and all, merges them.
    const mapped = scratch({ 't.csv': tickets, 'c.json': `{${note.split('config: ')[1]}}` });
    const ok = await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--config', 'c.json', '--format', 'json'], { cwd: mapped });
    expect(JSON.parse(ok.stdout).groups.agent.map((e: { key: string; kpis: { ticket_volume: { value: number } } }) => [e.key, e.kpis.ticket_volume.value])).toEqual([['Am\u00e9lie', 3]]);
  });

  it('through compute, both engines; the config line given merges them', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,channel\nT1,2026-03-02,Email\nT2,2026-03-02,email\nT3,2026-03-02,chat\n' });
    const want = 'note: --by channel: groups "Email" and "email" differ only in case, spaces, dashes or underscores and are counted apart: if they are one, map them in the config: "values": {"channel": {"email": "Email"}}';
    for (const engine of ['js', 'duckdb']) {
      const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'channel', '--engine', engine, '--format', 'json'], { cwd: dir });
      expect(notes(r.stderr), engine).toContain(want);
    }
    const mapped = scratch({ 't.csv': 'id,created_at,channel\nT1,2026-03-02,Email\nT2,2026-03-02,email\nT3,2026-03-02,chat\n', 'c.json': `{${want.split('config: ')[1]}}` });
    const ok = await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'channel', '--config', 'c.json', '--format', 'json'], { cwd: mapped });
    expect(JSON.parse(ok.stdout).groups.channel.map((e: { key: string; kpis: { ticket_volume: { value: number } } }) => [e.key, e.kpis.ticket_volume.value])).toEqual([['Email', 2], ['chat', 1]]);
    expect(notes(ok.stderr).filter((n) => n.startsWith('note: --by'))).toEqual([]);
    // Two --by fields: the second is checked too, inside the nested level.
    const two = await cli(['compute', 't.csv', '--tz', 'UTC', '--by', 'agent', '--by', 'region', '--format', 'json'], { cwd: scratch({ 't.csv': 'id,created_at,agent,region\nT1,2026-03-02,ana,EU\nT2,2026-03-02,ana,eu\n' }) });
    expect(notes(two.stderr)).toEqual(['note: --by region: groups "EU" and "eu" differ only in case, spaces, dashes or underscores and are counted apart']);
  });
});
