/**
 * The fixture files as a warehouse's typed canonical tables (tickets, surveys, customers) in
 * an in-memory DuckDB, for running what `csm-kpi sql --dialect duckdb` prints: `after`
 * changes the tables first (a renamed column, an invalid row), then the query's rows.
 */
export async function runDuckdb(sql: string, after = ''): Promise<Record<string, unknown>[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`SET TimeZone = 'UTC'`);
    // The tickets table's other optional columns as NULLs.
    const none = (cols: string[], type: string) => cols.map((x) => `, NULL::${type} AS ${x}`).join('');
    const durations = ['first_response', 'resolution', 'requester_wait', 'agent_work'].flatMap((b) => ['seconds', 'minutes', 'hours'].map((u) => `${b}_${u}`));
    await c.run(`CREATE TABLE tickets AS SELECT *${none([...durations, 'handle_seconds', 'csat_score', 'replies'], 'DOUBLE')}${none(['self_service'], 'BOOLEAN')}
      FROM read_csv('fixtures/tickets.csv', types = {'created_at': 'TIMESTAMPTZ', 'first_response_at': 'TIMESTAMPTZ', 'resolved_at': 'TIMESTAMPTZ', 'reopened': 'BOOLEAN', 'contacts': 'DOUBLE'})`);
    await c.run(`CREATE TABLE surveys AS SELECT *${none(['channel', 'team', 'priority'], 'VARCHAR')} FROM read_csv('fixtures/surveys.csv', types = {'responded_at': 'TIMESTAMPTZ', 'score': 'DOUBLE'})`);
    await c.run(`CREATE TABLE customers AS SELECT * FROM read_csv('fixtures/customers.csv', types = {'period_start': 'DATE'})`);
    if (after) await c.run(after);
    return (await c.runAndReadAll(sql)).getRowObjects();
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
