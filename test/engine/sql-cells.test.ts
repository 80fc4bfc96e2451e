/**
 * The cell rules as SQL (src/engine/sql-cells.ts) against the JavaScript readers they
 * restate: seeded texts, valid and invalid (31 February, 29 February in leap and other
 * years, 12 AM, a 13 PM, May for a long month name, seconds 60), read by DuckDB with the
 * duckdb dialect and by date-format.ts / cells.ts; the same value, or NULL where the
 * JavaScript reader refuses the text.
 */
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { SQL_DIALECTS } from '../../src/metrics/sql.js';
import { sqlDateFormat, sqlDurationSeconds, sqlWarehouseDuration, sqlZeroMeansNone } from '../../src/engine/sql-cells.js';
import { compileDateFormat } from '../../src/input/cells/date-format.js';
import { parseDuration } from '../../src/input/cells/cells.js';
import { TimeZone } from '../../src/time/time-zone.js';
import { mulberry32 } from './sql-parity.js';

const d = SQL_DIALECTS.duckdb;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function values(exprOf: (t: string) => string, texts: string[]): Promise<(number | null)[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`SET TimeZone = 'UTC'`);
    await c.run(`CREATE TABLE t AS SELECT * FROM (VALUES ${texts.map((x, i) => `(${i}, ${lit(x)})`).join(', ')}) v(i, x)`);
    const rows = (await c.runAndReadAll(`SELECT i, ${exprOf('x')} AS v FROM t ORDER BY i`)).getRowObjects();
    return rows.map((r) => (r.v === null ? null : Number(r.v)));
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

describe('date formats in SQL read what date-format.ts reads', () => {
  const rand = mulberry32(1611);
  const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const cases: [string, () => string][] = [
    ['DD-MM-YYYY HH:mm', () => `${pad(int(0, 32))}-${pad(int(0, 13))}-${int(1999, 2101)} ${pad(int(0, 24))}:${pad(int(0, 60))}`],
    ['M/D/YYYY h:mm A', () => `${int(0, 13)}/${int(1, 31)}/${[2000, 2023, 2024, 2100][int(0, 3)]} ${int(0, 13)}:${pad(int(0, 59))} ${['AM', 'pm', 'Pm', 'XM'][int(0, 3)]}`],
    ['DD/MMM/YY h:mm A', () => `${pad(int(1, 31))}/${[...MONTHS, 'Sept', 'may'][int(0, 13)]}/${pad(int(0, 99))} ${int(1, 12)}:${pad(int(0, 59))} ${['AM', 'PM'][int(0, 1)]}`],
    ['D MMMM YYYY', () => `${int(1, 31)} ${[...LONG, 'Jan', 'MAY'][int(0, 13)]} ${int(1900, 2030)}`],
    ['YYYY-MM-DD[T]HH:mm:ss.SSS', () => `${int(2020, 2025)}-${pad(int(1, 12))}-${pad(int(1, 31))}T${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 60))}.${String(int(0, 999999)).slice(0, int(1, 6))}`],
    ['DD.MM.YY', () => `${pad(int(1, 31))}.${pad(int(1, 12))}.${pad(int(0, 99))}`],
    // The 1–12 check follows the AM/PM token, as date-format.ts's does: HH with a is 1–12.
    ['YYYY-MM-DD HH:mm a', () => `2024-${pad(int(1, 12))}-${pad(int(1, 28))} ${pad(int(0, 13))}:${pad(int(0, 59))} ${['am', 'pm'][int(0, 1)]}`],
    // H and hh, and a bracketed literal of several characters.
    ['D MMMM YYYY [at] H:mm', () => `${int(1, 31)} ${LONG[int(0, 11)]} ${int(2020, 2026)} ${['at', 'At', 'a'][int(0, 2)]} ${int(0, 24)}:${pad(int(0, 59))}`],
    ['MM/DD/YYYY hh:mm:ss a', () => `${pad(int(1, 12))}/${pad(int(1, 28))}/2026 ${pad(int(0, 13))}:${pad(int(0, 59))}:${pad(int(0, 60))} ${['am', 'pm'][int(0, 1)]}`],
  ];
  for (const [format, make] of cases) {
    it(format, async () => {
      const texts = [...Array.from({ length: 400 }, make), '29-02-2024 10:00', '29-02-2023 10:00', '29-02-2000 10:00', '29-02-1900 10:00', 'garbage', '31/Dec/99 12:00 AM', '1/1/2024 12:30 PM', '1/1/2024 0:30 AM', '1/0003/2026 1:00 AM', '0001/3/2026 1:00 AM', '4 May 2026', '4 Mayo 2026'];
      const parse = compileDateFormat(format);
      const expected = texts.map((t) => {
        const v = parse(t, TimeZone.of('UTC'));
        return typeof v === 'number' ? v : null;
      });
      const got = await values((t) => `epoch_ms(${sqlDateFormat(format).local(d, t)})`, texts);
      expect(got.map((g, i) => [texts[i], g])).toEqual(expected.map((e, i) => [texts[i], e]));
      // Not vacuous: both valid and invalid texts in the sample.
      expect(expected.filter((e) => e !== null).length).toBeGreaterThan(20);
      expect(expected.filter((e) => e === null).length).toBeGreaterThan(0);
    });
  }
  it('refuses a format with a character no pattern class holds', () => {
    expect(() => sqlDateFormat('YYYY]MM]DD')).toThrow('date format "YYYY]MM]DD": the characters ] \\ ^ are not expressed in the SQL engines\' patterns');
  });
});

describe('durations in SQL read what cells.ts parseDuration reads', () => {
  const texts = ['0:02:23', '00:04:02', '1:02:03', '391:30:46', '-391:30:46', '-00:00:00', '-0:00', '2:05', '2:5', '2:60', '1:60:00', '1:02:03.5', '1:02.25', '1:2:03', '1:02:03:04', '4', '4.5', '-4', '', ':30', '1::30', 'abc', '12:34:56.789', '0:00:00'];
  for (const unit of [1, 60, 3600]) {
    it(`clock text and plain numbers, unit ${unit} s`, async () => {
      const expected = texts.map((t) => {
        const v = parseDuration(t, unit);
        return typeof v === 'number' ? v : null;
      });
      expect(await values((t) => sqlDurationSeconds(d, t, unit), texts)).toEqual(expected);
      expect(expected.filter((e) => e !== null).length).toBeGreaterThan(10);
    });
  }
  for (const unit of [60, 3600]) {
    it(`a warehouse column: numbers times the unit, clock text as parseDuration, unit ${unit} s`, async () => {
      const clock = ['0:02:23', '1:02:03.5', '-00:00:00', '4', '4.5', '1:30', '26:00', '-0:00'];
      const expected = clock.map((t) => parseDuration(t, unit));
      expect(expected.every((v) => typeof v === 'number')).toBe(true);
      expect(await values((t) => sqlWarehouseDuration(d, t, unit), clock)).toEqual(expected);
      // A minus before clock text: the negative value, which csm-kpi sql's checks refuse (parseDuration: "negative duration").
      expect(await values((t) => sqlWarehouseDuration(d, t, unit), ['-0:05:00', '-1:30'])).toEqual([-300, unit === 60 ? -90 : -5400]);
      expect(parseDuration('-0:05:00', unit)).toEqual({ message: 'negative duration' });
    });
  }
  it('a warehouse column: clock text no rule reads (2:60) fails the query, not left out as no value', async () => {
    await expect(values((t) => sqlWarehouseDuration(d, t, 60), ['2:60'])).rejects.toThrow("Could not convert string '2:60' to DOUBLE");
  });
  it('two parts by hand: M:SS, H:MM in an hours column', async () => {
    expect(await values((t) => sqlDurationSeconds(d, t, 60), ['1:30', '26:00'])).toEqual([90, 1560]);
    expect(await values((t) => sqlDurationSeconds(d, t, 3600), ['1:30', '26:00'])).toEqual([5400, 93600]);
  });
});

describe('zero means none in SQL reads what ticket-reader.ts reads', () => {
  it('a 0 is no value while the time it leads to is empty, and a value otherwise', async () => {
    // Text i: the duration (clock text) and whether its time column is filled ('|' between).
    const cells = ['00:00:00|', '00:00:00|at', '00:05:00|', '00:05:00|at', '-00:00:00|', '|'];
    const expr = (t: string) => {
      const duration = sqlDurationSeconds(d, `NULLIF(split_part(${t}, '|', 1), '')`, 3600);
      return sqlZeroMeansNone(duration, `NULLIF(split_part(${t}, '|', 2), '')`);
    };
    // By hand: Freshdesk's 00:00:00 (and -00:00:00) with no response time is "none"; with one, 0 s.
    expect(await values(expr, cells)).toEqual([null, 0, 300, 300, null, null]);
  });
  it('with no time column in the table, every 0 is no value', async () => {
    const expr = (t: string) => sqlZeroMeansNone(sqlDurationSeconds(d, t, 3600), null);
    expect(await values(expr, ['00:00:00', '00:05:00', '-00:00:00'])).toEqual([null, 300, null]);
  });
});
