// Seeded generator of realistic tickets and survey answers for the benchmark.
// node bench/generate.mjs ROWS OUT_DIR [SHAPE] → OUT_DIR/tickets[-SHAPE]-ROWS.csv, OUT_DIR/surveys[-SHAPE]-ROWS.csv
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

/**
 * The shapes of export the bench reads (issue 12): the same tickets and answers, values of
 * another form. `base` is the historical file (T1, C1); the others differ in one respect each.
 */
export const SHAPES = {
  base: 'ids T1, customers C1 (the original bench file)',
  unpadded: 'ids TK1, customers C169894',
  padded: 'zero-padded ids TK00000001, C0169894',
  uuid: 'UUID ticket and customer ids',
  'inc-email': 'ids INC0010001, e-mail addresses as customer ids',
  shuffled: 'rows in no particular order, unpadded ids',
  multiline: '2 % of rows with a quoted multi-line subject',
  wide: '+30 unused columns',
};

/** A bijective 32-bit mix (murmur3's finaliser): distinct inputs give distinct outputs. */
function mix32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
const hex8 = (x) => x.toString(16).padStart(8, '0');
/** A v4-looking UUID for n, unique per (n, salt): its first 8 hex digits are a bijection of n. */
function uuid(n, salt) {
  const a = mix32(n ^ salt), b = mix32(a + 1), c = mix32(b + 1), d = mix32(c + 1);
  const h = hex8(b) + hex8(c) + hex8(d);
  return `${hex8(a)}-${h.slice(0, 4)}-4${h.slice(5, 8)}-${'89ab'[b & 3]}${h.slice(9, 12)}-${h.slice(12, 24)}`;
}
const FIRST = ['ana', 'ben', 'carla', 'dev', 'emma', 'farid', 'greta', 'hugo', 'ines', 'jon', 'kim', 'lea', 'marco', 'nina', 'omar', 'paula', 'quinn', 'rosa', 'sven', 'tara', 'uma', 'victor', 'wen', 'xavi', 'yara'];
const LAST = ['smith', 'garcia', 'muller', 'rossi', 'dubois', 'novak', 'silva', 'kowalski', 'jensen', 'tanaka', 'okafor', 'larsen', 'costa', 'weber', 'moreau', 'nielsen', 'santos', 'fischer', 'ricci', 'ivanova'];
const DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net', 'shop.example', 'example.co.uk', 'acme.example', 'widgets.example.io'];
/** A unique e-mail address for customer n: (n mod 25, ⌊n/25⌋ mod 20, ⌊n/500⌋) is a bijection of n. */
function email(n) {
  const k = Math.floor(n / 500);
  return `${FIRST[n % 25]}.${LAST[Math.floor(n / 25) % 20]}${k === 0 ? '' : k}@${DOMAINS[n % 7]}`;
}

/** How each shape writes ticket number i (1-based) and customer number c. */
function idForms(shape) {
  switch (shape) {
    case 'base': return { ticket: (i) => `T${i}`, customer: (c) => `C${c}` };
    case 'padded': return { ticket: (i) => `TK${String(i).padStart(8, '0')}`, customer: (c) => `C${String(c).padStart(7, '0')}` };
    case 'uuid': return { ticket: (i) => uuid(i, 0x5eed), customer: (c) => uuid(c, 0xc0ffee) };
    case 'inc-email': return { ticket: (i) => `INC${String(10000 + i).padStart(7, '0')}`, customer: email };
    default: return { ticket: (i) => `TK${i}`, customer: (c) => `C${c}` };
  }
}

/** Ticket numbers 1..rows in a seeded random order (Fisher–Yates). */
function permutation(rows, rand) {
  const p = new Int32Array(rows);
  for (let i = 0; i < rows; i++) p[i] = i + 1;
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i]; p[i] = p[j]; p[j] = t;
  }
  return p;
}

const SUBJECTS = ['Cannot log in', 'Refund request', 'Invoice question', 'App crashes on start', 'Change of address', 'Order not received', 'Password reset', 'Upgrade plan'];
const EXTRA = Array.from({ length: 30 }, (_, k) => `custom_field_${k + 1}`);

/**
 * Writes OUT_DIR/tickets[-SHAPE]-ROWS.csv and surveys[-SHAPE]-ROWS.csv. The base shape keeps
 * the original names and bytes (tickets-ROWS.csv), so earlier results stay comparable.
 */
export async function generate(rows, dir, shape = 'base') {
  if (!(shape in SHAPES)) throw new Error(`unknown shape ${shape} (${Object.keys(SHAPES).join(', ')})`);
  mkdirSync(dir, { recursive: true });
  const rand = mulberry32(20261123 + rows);
  const start = Date.UTC(2025, 0, 1);
  const span = 365 * 86400_000;
  const channels = ['email', 'chat', 'phone', 'web', 'help_center', 'chatbot'];
  const agents = Array.from({ length: 40 }, (_, i) => `agent${i + 1}`);
  const teams = ['support', 'billing', 'tech', 'onboarding'];
  const priorities = ['low', 'normal', 'high', 'urgent'];
  const statuses = ['solved', 'closed', 'open', 'pending'];
  const ids = idForms(shape);
  // Its own seed: the shared stream of values stays the same in every shape.
  const order = shape === 'shuffled' ? permutation(rows, mulberry32(7 + rows)) : null;
  const other = mulberry32(99 + rows);
  const tag = shape === 'base' ? '' : `-${shape}`;
  const tickets = join(dir, `tickets${tag}-${rows}.csv`);
  let header = 'id,created_at,first_response_at,resolved_at,status,channel,agent,team,priority,customer_id,contacts,reopened,talk_seconds,hold_seconds,after_work_seconds';
  if (shape === 'multiline') header += ',subject';
  if (shape === 'wide') header = `${EXTRA.slice(0, 10).join(',')},${header},${EXTRA.slice(10).join(',')}`;
  await write(tickets, header, rows, (i) => {
    const created = start + Math.floor(rand() * span / 1000) * 1000;
    const answered = rand() < 0.88;
    const frt = Math.floor(-Math.log(1 - rand()) * 7200);
    const status = statuses[rand() < 0.8 ? Math.floor(rand() * 2) : 2 + Math.floor(rand() * 2)];
    const resolved = status === 'solved' || status === 'closed';
    const res = frt + Math.floor(-Math.log(1 - rand()) * 86400);
    const phone = rand() < 0.3;
    const fields = [
      ids.ticket(order === null ? i + 1 : order[i]),
      ts(created),
      answered ? ts(created + frt * 1000) : '',
      resolved ? ts(created + res * 1000) : '',
      status,
      channels[Math.floor(rand() * channels.length)],
      agents[Math.floor(rand() * agents.length)],
      teams[Math.floor(rand() * teams.length)],
      priorities[Math.floor(rand() * priorities.length)],
      ids.customer(Math.floor(rand() * rows * 0.3)),
      resolved ? 1 + Math.floor(-Math.log(1 - rand()) * 0.8) : '',
      rand() < 0.07 ? 'yes' : 'no',
      phone ? 60 + Math.floor(rand() * 600) : '',
      phone ? Math.floor(rand() * 120) : '',
      phone ? Math.floor(rand() * 180) : '',
    ];
    if (shape === 'multiline') {
      const s = SUBJECTS[Math.floor(other() * SUBJECTS.length)];
      // A pasted e-mail: line breaks, a comma and doubled quotes inside one quoted field.
      fields.push(other() < 0.02 ? `"${s}
Hello, my order #${i} ""arrived"" broken.
Thanks"` : s);
    }
    if (shape === 'wide') {
      const extra = EXTRA.map((_, k) => (k % 3 === 0 ? String(Math.floor(other() * 100000)) : k % 3 === 1 ? `tag${Math.floor(other() * 50)}` : other() < 0.6 ? `Product line ${Math.floor(other() * 900)} / region eu-west-${Math.floor(other() * 9)} / tier gold` : ''));
      return [...extra.slice(0, 10), ...fields, ...extra.slice(10)].join(',');
    }
    return fields.join(',');
  });
  const answers = Math.floor(rows * 0.3);
  const surveys = join(dir, `surveys${tag}-${rows}.csv`);
  await write(surveys, 'type,score,responded_at,ticket_id', answers, () => {
    const r = rand();
    const type = r < 0.5 ? 'csat' : r < 0.85 ? 'nps' : 'ces';
    const score = type === 'nps' ? Math.min(10, Math.floor(rand() * 11.5)) : 1 + Math.min(4, Math.floor(rand() * 5.5));
    return `${type},${score},${ts(start + Math.floor(rand() * span / 1000) * 1000)},${ids.ticket(1 + Math.floor(rand() * rows))}`;
  });
  return { tickets, surveys };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 100000);
  console.log(await generate(rows, process.argv[3] ?? 'bench/data', process.argv[4] ?? 'base'));
}
