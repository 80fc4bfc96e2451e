// Seeded generator of realistic tickets and survey answers for the benchmark.
// node bench/generate.mjs ROWS OUT_DIR  → OUT_DIR/tickets-ROWS.csv, OUT_DIR/surveys-ROWS.csv
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n) => (n < 10 ? '0' + n : '' + n);
function ts(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

async function write(path, header, rows, line) {
  const out = createWriteStream(path);
  out.write(header + '\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
}

export async function generate(rows, dir) {
  mkdirSync(dir, { recursive: true });
  const rand = mulberry32(20261123 + rows);
  const start = Date.UTC(2025, 0, 1);
  const span = 365 * 86400_000;
  const channels = ['email', 'chat', 'phone', 'web', 'help_center', 'chatbot'];
  const agents = Array.from({ length: 40 }, (_, i) => `agent${i + 1}`);
  const teams = ['support', 'billing', 'tech', 'onboarding'];
  const priorities = ['low', 'normal', 'high', 'urgent'];
  const statuses = ['solved', 'closed', 'open', 'pending'];
  const tickets = join(dir, `tickets-${rows}.csv`);
  await write(
    tickets,
    'id,created_at,first_response_at,resolved_at,status,channel,agent,team,priority,customer_id,contacts,reopened,talk_seconds,hold_seconds,after_work_seconds',
    rows,
    (i) => {
      const created = start + Math.floor(rand() * span / 1000) * 1000;
      const answered = rand() < 0.88;
      const frt = Math.floor(-Math.log(1 - rand()) * 7200);
      const status = statuses[rand() < 0.8 ? Math.floor(rand() * 2) : 2 + Math.floor(rand() * 2)];
      const resolved = status === 'solved' || status === 'closed';
      const res = frt + Math.floor(-Math.log(1 - rand()) * 86400);
      const phone = rand() < 0.3;
      return [
        `T${i + 1}`,
        ts(created),
        answered ? ts(created + frt * 1000) : '',
        resolved ? ts(created + res * 1000) : '',
        status,
        channels[Math.floor(rand() * channels.length)],
        agents[Math.floor(rand() * agents.length)],
        teams[Math.floor(rand() * teams.length)],
        priorities[Math.floor(rand() * priorities.length)],
        `C${Math.floor(rand() * rows * 0.3)}`,
        resolved ? 1 + Math.floor(-Math.log(1 - rand()) * 0.8) : '',
        rand() < 0.07 ? 'yes' : 'no',
        phone ? 60 + Math.floor(rand() * 600) : '',
        phone ? Math.floor(rand() * 120) : '',
        phone ? Math.floor(rand() * 180) : '',
      ].join(',');
    },
  );
  const answers = Math.floor(rows * 0.3);
  const surveys = join(dir, `surveys-${rows}.csv`);
  await write(surveys, 'type,score,responded_at,ticket_id', answers, () => {
    const r = rand();
    const type = r < 0.5 ? 'csat' : r < 0.85 ? 'nps' : 'ces';
    const score = type === 'nps' ? Math.min(10, Math.floor(rand() * 11.5)) : 1 + Math.min(4, Math.floor(rand() * 5.5));
    return `${type},${score},${ts(start + Math.floor(rand() * span / 1000) * 1000)},T${1 + Math.floor(rand() * rows)}`;
  });
  return { tickets, surveys };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 100000);
  console.log(await generate(rows, process.argv[3] ?? 'bench/data'));
}
