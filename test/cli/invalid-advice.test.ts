/**
 * What a refused run advises (hunt18): a date_format for timestamps a spreadsheet re-saved,
 * guessed from the cells shown, and only the ways out that lead somewhere — no --skip-invalid
 * when every row is invalid (it would compute on none), no drop_field when it is on already
 * or when only required columns are wrong.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { dateFormatHint } from '../../src/commands/date-format-hint.js';

const US = 'id,created_at,first_response_at,status\nT1,1/2/2024 14:56,1/2/2024 15:10,solved\nT2,1/13/2024 9:05,1/13/2024 9:35,open\n';

describe('timestamps that are not ISO 8601', () => {
  it('every row US-dated, drop_field on: the hint names the date_format; the advice neither --skip-invalid nor drop_field', async () => {
    const dir = scratch({ 't.csv': US, 'c.json': '{"invalid_fields": "drop_field"}', 'ok.json': '{"invalid_fields": "drop_field", "date_format": "M/D/YYYY H:mm"}' });
    const r = await cli(['compute', 't.csv', '--config', 'c.json', '--tz', 'UTC'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-2)).toBe('hint: created_at and first_response_at hold timestamps like "1/2/2024 14:56", not ISO 8601: "date_format": "M/D/YYYY H:mm" in the config reads them');
    expect(lines.at(-1)).toBe('csm-kpi: 2 invalid rows (every row): nothing computed. Fix them (--rejects FILE saves the bad rows).');
    // Following the hint: the report, with the first responses of 14 and 30 minutes.
    const ok = await cli(['compute', 't.csv', '--config', 'ok.json', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).kpis.first_response_time.value).toBe(22 * 60);
  });

  it('dates that fit month-first and day-first (days up to 12) name both', () =>
    expect(dateFormatHint([{ file: 't.csv', line: 2, column: 'created_at', message: 'not an ISO 8601 timestamp (…)', value: '02/03/2026 10:00' }])).toBe(
      'hint: created_at holds timestamps like "02/03/2026 10:00", not ISO 8601: "date_format": "M/D/YYYY H:mm" in the config reads them (or "D/M/YYYY H:mm": the cells shown fit both; the export\'s settings say which)',
    ));

  it('a day over 12 settles it; dates without a time and with dots too', () => {
    const p = (value: string, line: number) => ({ file: 't.csv', line, column: 'created_at', message: 'not an ISO 8601 timestamp (…)', value });
    expect(dateFormatHint([p('31.03.2026', 2), p('1.4.2026', 3)])).toBe('hint: created_at holds timestamps like "31.03.2026", not ISO 8601: "date_format": "D.M.YYYY" in the config reads them');
    expect(dateFormatHint([p('Mar 5, 2024 9:15 AM', 2)])).toContain('"date_format": "MMM D, YYYY h:mm A"');
    expect(dateFormatHint([p('1/13/2024 14:56:07.123', 2)])).toContain('"date_format": "M/D/YYYY H:mm:ss.SSS"');
    // A spreadsheet's serial day is a number no date_format reads: no hint that would send the user to write one.
    expect(dateFormatHint([p('45293.6222', 2)])).toBeNull();
  });

  it('a word is no date: no date_format hint', async () => {
    expect(dateFormatHint([{ file: 't.csv', line: 3, column: 'created_at', message: 'not an ISO 8601 timestamp (…)', value: 'yesterday' }])).toBeNull();
    const dir = scratch({ 't.csv': 'id,created_at\nT1,2026-03-02 10:00\nT2,yesterday\n' });
    const r = await cli(['compute', 't.csv'], { cwd: dir });
    expect(r.stderr).not.toContain('hint:');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('csm-kpi: 1 invalid row: nothing computed. Fix them, or compute on the valid rows with --skip-invalid (--rejects FILE saves the bad rows).');
  });

  it('some rows valid and an optional field wrong: both ways out', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,first_response_at\nT1,2026-03-02 10:00,2026-03-02 10:30\nT2,2026-03-02 11:00,soon\n' });
    const r = await cli(['compute', 't.csv'], { cwd: dir });
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'csm-kpi: 1 invalid row: nothing computed. Fix them, compute on the valid rows with --skip-invalid, or keep the rows without their invalid fields with --invalid-fields drop_field (--rejects FILE saves the bad rows).',
    );
  });
});
