/** Helpers of the SQL engine tests: report comparison and seeded data. */
import { expect } from 'vitest';
// The bench's seeded generator: one definition for the generated files and the tests' data.
import { mulberry32 } from '../../bench/generate.mjs';

export { mulberry32 };

/**
 * a and b are the same report: the same keys everywhere, integers equal, other numbers
 * equal to 1e-9 relative (sums and standard deviations are added in another order by SQL
 * engines); a difference below 1e-12 absolute counts as equal for values near 0 (a
 * standard deviation of equal values: 0 in one, 1e-17 in the other).
 */
export function expectSameReport(a: unknown, b: unknown, path = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) < 2 ** 53 && Math.abs(a - b) > 1e-9 * Math.max(Math.abs(a), Math.abs(b))) {
      expect.fail(`${path}: ${a} ≠ ${b}`);
    }
    const diff = Math.abs(a - b);
    if (diff > 1e-12 && diff > 1e-9 * Math.max(Math.abs(a), Math.abs(b))) expect.fail(`${path}: ${a} ≠ ${b} (relative ${diff / Math.max(Math.abs(a), Math.abs(b))})`);
    return;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (a !== b) expect.fail(`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    return;
  }
  if (Array.isArray(a) !== Array.isArray(b)) expect.fail(`${path}: array vs object`);
  const ka = Object.keys(a), kb = Object.keys(b);
  expect(kb, `${path}: keys`).toEqual(ka);
  for (const k of ka) {
    const [x, y] = [(a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]];
    expectSameReport(x, y, `${path}.${k}`);
  }
}


const pad = (n: number) => String(n).padStart(2, '0');
const iso = (ms: number, offset = false) => {
  const d = new Date(ms);
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return offset ? `${s.replace(' ', 'T')}Z` : s;
};

/**
 * Seeded tickets, surveys and customer counts with what makes engines differ: empty cells,
 * ties, fractional seconds from minute columns, answers without a time, tickets with a
 * csat_score, timestamps with and without an offset, statuses in any case, self-service by
 * flag or by channel, a group column only some files have, customer periods per team.
 */
export function generated(seed: number, rows: number): Record<'tickets' | 'surveys' | 'customers_support' | 'customers_billing', string> {
  const rand = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const start = Date.UTC(2025, 11, 20);
  const span = 120 * 86_400_000;
  const t: string[] = ['id,created_at,first_response_at,first_response_minutes,resolved_at,resolution_seconds,status,channel,agent,team,customer_id,contacts,reopened,talk_seconds,hold_seconds,handle_seconds,self_service,csat_score,region,replies,requester_wait_minutes,agent_work_seconds'];
  for (let i = 0; i < rows; i++) {
    const created = start + Math.floor(rand() * span / 1000) * 1000;
    const frt = Math.floor(-Math.log(1 - rand()) * 5400);
    const answered = rand();
    const status = pick(['solved', 'Closed', 'open', 'pending', 'RESOLVED', '']);
    const resolved = rand() < 0.7;
    const res = frt + Math.floor(-Math.log(1 - rand()) * 86_400);
    // A ticket's times all with an offset (Z) or all without: naive times are read in --tz.
    const z = rand() < 0.2;
    t.push(
      [
        `T${i + 1}`,
        iso(created, z),
        answered < 0.7 ? iso(created + frt * 1000, z) : '',
        answered >= 0.7 && answered < 0.85 ? (frt / 60).toFixed(2) : '',
        resolved && rand() < 0.8 ? iso(created + res * 1000, z) : '',
        resolved && rand() < 0.3 ? String(res) : '',
        status,
        pick(['email', 'chat', 'Help Center', 'chatbot', 'phone', '']),
        pick(['ana', 'ben', 'cy', 'dee', '']),
        pick(['support', 'billing', 'tech']),
        rand() < 0.9 ? `C${Math.floor(rand() * rows * 0.3)}` : '',
        rand() < 0.6 ? String(1 + Math.floor(-Math.log(1 - rand()) * 0.8)) : '',
        pick(['yes', 'no', '', '0', '2']),
        rand() < 0.3 ? String(60 + Math.floor(rand() * 600)) : '',
        rand() < 0.2 ? String(Math.floor(rand() * 120)) : '',
        rand() < 0.05 ? String(Math.floor(rand() * 900)) : '',
        pick(['', '', '', 'true', 'false']),
        rand() < 0.15 ? String(1 + Math.floor(rand() * 5)) : '',
        pick(['north', 'south']),
        // reopen_rate, one_touch_resolution, requester_wait_time, agent_work_time: empty cells, 0 replies, ties.
        rand() < 0.8 ? String(Math.floor(-Math.log(1 - rand()) * 1.5)) : '',
        rand() < 0.7 ? (Math.floor(-Math.log(1 - rand()) * 3000) / 7).toFixed(2) : '',
        rand() < 0.6 ? String(60 * Math.floor(rand() * 40)) : '',
      ].join(','),
    );
  }
  const s: string[] = ['type,score,responded_at,ticket_id,agent'];
  for (let i = 0; i < Math.floor(rows * 0.6); i++) {
    const type = pick(['csat', 'nps', 'ces', 'NPS']);
    const score = type.toLowerCase() === 'nps' ? Math.floor(rand() * 11) : 1 + Math.floor(rand() * 5);
    s.push([type, score, rand() < 0.95 ? iso(start + Math.floor(rand() * span)) : '', rand() < 0.5 ? `T${1 + Math.floor(rand() * rows)}` : '', rand() < 0.5 ? pick(['ana', 'ben', 'eve']) : ''].join(','));
  }
  // One file per team: a period may appear once per file (the same period twice is an invalid row).
  const customers: Record<string, string> = {};
  for (const team of ['support', 'billing']) {
    const c: string[] = ['period_start,customers_start,customers_end,new_customers,team'];
    let n = 400 + Math.floor(rand() * 100);
    for (let m = 0; m < 5; m++) {
      const added = Math.floor(rand() * 40);
      const kept = n - Math.floor(rand() * 30);
      c.push([`${m === 0 ? 2025 : 2026}-${pad(m === 0 ? 12 : m)}-01`, n, kept + added, added, team].join(','));
      n = kept + added;
    }
    customers[team] = c.join('\n') + '\n';
  }
  return { tickets: t.join('\n') + '\n', surveys: s.join('\n') + '\n', customers_support: customers.support, customers_billing: customers.billing };
}
