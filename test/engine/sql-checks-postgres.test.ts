/**
 * csm-kpi sql's validity rules on a PostgreSQL server (started here, as in
 * sql-postgres.test.ts): PostgreSQL has no function that raises in SQL, so commands/sql.ts's fail()
 * casts the message to an integer; the planner must not fold it (the message reads the row),
 * and a valid row must pass. Apart from sql-checks.test.ts: starting a server is no cost for
 * the engine-sql mutation folder's runs to pay.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { COLUMNS } from '../../src/input/header/columns.js';
import { cli } from '../helpers.js';
import { startPostgres } from './postgres-server.js';
import type { PgServer } from './postgres-server.js';

const server = await startPostgres();
const skip = typeof server === 'string' ? server : null;
afterAll(() => {
  if (skip === null) (server as PgServer).stop();
});

describe.skipIf(skip !== null)(`csm-kpi sql's checks on a PostgreSQL server${skip ? ` (skipped: ${skip})` : ''}`, () => {
  /** The canonical tables (every column csm-kpi sql reads, typed), two tickets; the second's first_response_seconds given. */
  async function run(firstResponseSeconds: number | string, type = 'double precision'): Promise<string | null> {
    const s = server as PgServer;
    const client = new pg.Client({ host: s.host, port: s.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      const sqlType = (t: string) => (t === 'timestamp' ? 'timestamptz' : t === 'date' ? 'date' : t === 'string' ? 'text' : t === 'boolean' || t === 'reopened' ? 'boolean' : 'double precision');
      const table = (name: string, kind: keyof typeof COLUMNS) =>
        `DROP TABLE IF EXISTS ${name}; CREATE TABLE ${name} (${COLUMNS[kind].map((c) => `${c.name} ${c.name === 'first_response_seconds' ? type : sqlType(c.type)}`).join(', ')})`;
      await client.query(`${table('tickets', 'tickets')}; ${table('surveys', 'surveys')}; ${table('customers', 'customers')}`);
      await client.query("INSERT INTO tickets (id, created_at, first_response_at, status) VALUES ('T1', '2026-03-02 09:00+00', '2026-03-02 09:04+00', 'open')");
      await client.query("INSERT INTO tickets (id, created_at, first_response_seconds, status) VALUES ('T2', '2026-03-02 10:00+00', $1, 'open')", [firstResponseSeconds]);
      await client.query((await cli(['sql', '--tz', 'UTC', '--dialect', 'postgres'])).stdout);
      return null;
    } catch (e) {
      return (e as Error).message;
    } finally {
      await client.end();
    }
  }

  it('a negative first response stops it, the message naming the row', async () => {
    expect(await run(-60)).toBe(`invalid input syntax for type integer: "csm-kpi: tickets: id T2: first_response_seconds or first_response_minutes or first_response_hours (in seconds): negative duration (-60)"`);
  });

  it('clock text with a minus too; a valid one runs', async () => {
    expect(await run('-0:01:00', 'text')).toMatch(/: negative duration \(-60\)"$/);
    expect(await run('0:01:00', 'text')).toBe(null);
    expect(await run(60)).toBe(null);
  });
});
