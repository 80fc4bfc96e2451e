// The same KPI job as `csm-kpi compute tickets surveys --tz UTC`, in DuckDB SQL (the peer).
// node bench/duckdb-job.mjs TICKETS SURVEYS → prints JSON with the KPI values.
import { openSync, readSync, closeSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

/** The KPI columns' types; any other column of the file (a wide export's) is read as VARCHAR. */
const TYPES = {
  id: 'VARCHAR', created_at: 'TIMESTAMP', first_response_at: 'TIMESTAMP', resolved_at: 'TIMESTAMP',
  status: 'VARCHAR', channel: 'VARCHAR', agent: 'VARCHAR', team: 'VARCHAR', priority: 'VARCHAR',
  customer_id: 'VARCHAR', contacts: 'INTEGER', reopened: 'VARCHAR', talk_seconds: 'DOUBLE',
  hold_seconds: 'DOUBLE', after_work_seconds: 'DOUBLE',
};

/** The header's column names (the bench's files have no quoted or multi-line header). */
function headerOf(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(65536);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return buf.subarray(0, n).toString('utf8').split('\n')[0].replace(/\r$/, '').split(',');
}

export async function duckdbKpis(tickets, surveys) {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  // Explicit types: the timestamps are validated as timestamps, durations as integers.
  // Every column of the file is declared (DuckDB needs all of them with auto_detect off); quoted
  // fields with line breaks (a multi-line subject) are RFC 4180, DuckDB's default quoting.
  const columns = headerOf(tickets).map((c) => `'${c}': '${TYPES[c] ?? 'VARCHAR'}'`).join(', ');
  const t = `read_csv('${tickets}', header = true, auto_detect = false, quote = '"', escape = '"', columns = {${columns}})`;
  const s = `read_csv('${surveys}', header = true, auto_detect = false, columns = {
    'type': 'VARCHAR', 'score': 'DOUBLE', 'responded_at': 'TIMESTAMP', 'ticket_id': 'VARCHAR'})`;
  const sql = `
    WITH t AS (
      SELECT *, lower(status) IN ('resolved', 'solved', 'closed') AS resolved,
        epoch(first_response_at) - epoch(created_at) AS frt,
        epoch(resolved_at) - epoch(created_at) AS rt,
        CASE WHEN talk_seconds IS NULL AND hold_seconds IS NULL AND after_work_seconds IS NULL THEN NULL
             ELSE coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(after_work_seconds, 0) END AS handle
      FROM ${t}),
    k AS (
      SELECT count(*) AS tickets, count(DISTINCT id) AS distinct_ids,
        count(customer_id) / count(DISTINCT customer_id) AS tickets_per_customer,
        avg(frt) AS frt_mean, median(frt) AS frt_median, quantile_cont(frt, 0.9) AS frt_p90,
        count(*) FILTER (WHERE frt IS NULL) AS unanswered,
        avg(rt) FILTER (WHERE resolved) AS rt_mean, quantile_cont(rt, 0.5) FILTER (WHERE resolved) AS rt_median,
        quantile_cont(rt, 0.9) FILTER (WHERE resolved) AS rt_p90,
        100.0 * count(*) FILTER (WHERE resolved) / count(*) AS resolution_rate,
        avg(handle) AS aht,
        100.0 * count(*) FILTER (WHERE resolved AND contacts = 1 AND lower(reopened) NOT IN ('yes', 'true', '1'))
          / count(*) FILTER (WHERE resolved AND contacts IS NOT NULL) AS fcr,
        100.0 * count(*) FILTER (WHERE lower(channel) IN ('chatbot', 'bot', 'help_center', 'faq', 'forum', 'community', 'knowledge_base', 'self_service')) / count(*) AS self_service,
        count(*) FILTER (WHERE frt < 0 OR rt < 0) AS negative_times
      FROM t),
    a AS (
      SELECT 100.0 * count(*) FILTER (WHERE lower(type) = 'csat' AND score >= 4) / count(*) FILTER (WHERE lower(type) = 'csat') AS csat,
        100.0 * (count(*) FILTER (WHERE lower(type) = 'nps' AND score >= 9) - count(*) FILTER (WHERE lower(type) = 'nps' AND score <= 6))
          / count(*) FILTER (WHERE lower(type) = 'nps') AS nps,
        avg(score) FILTER (WHERE lower(type) = 'ces') AS ces,
        count(*) FILTER (WHERE lower(type) NOT IN ('csat', 'nps', 'ces')) AS bad_types
      FROM ${s})
    SELECT * FROM k, a`;
  const reader = await c.runAndReadAll(sql);
  const [row] = reader.getRowObjectsJson();
  c.closeSync?.();
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : Number(v)]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await duckdbKpis(process.argv[2], process.argv[3])));
}
