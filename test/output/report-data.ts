/** Input files for the report-format tests: hostile group names, and a year of weekly data. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/** Agent names that are markup in HTML or markdown: each must show as the text it is. */
export const HOSTILE_AGENTS = [
  '<img src=x onerror=alert(1)>',
  'a|b `code` **bold** [link](https://example.com) $x$',
  '# heading',
  '- item',
  '1. first & <b>last</b>',
];

/** fixtures/tickets.csv with its agents renamed to HOSTILE_AGENTS (quoted for CSV). */
export function hostileTickets(): string {
  const names = new Map([
    ['ana', HOSTILE_AGENTS[0]],
    ['ben', HOSTILE_AGENTS[1]],
    ['carla', HOSTILE_AGENTS[2]],
  ]);
  const lines = readFileSync(join(ROOT, 'fixtures/tickets.csv'), 'utf8').trimEnd().split('\n');
  const head = lines[0].split(',');
  const agent = head.indexOf('agent');
  const team = head.indexOf('team');
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return (
    [
      lines[0],
      ...lines.slice(1).map((line, i) => {
        const cells = line.split(',');
        cells[agent] = quote(names.get(cells[agent]) ?? (cells[agent] === '' && i % 2 ? HOSTILE_AGENTS[3] : cells[agent]));
        if (cells[team] !== undefined) cells[team] = quote(i % 2 ? HOSTILE_AGENTS[4] : cells[team]);
        return cells.join(',');
      }),
    ].join('\n') + '\n'
  );
}

/** A year of weeks (2025): 5 tickets a day over 4 agents in 2 teams, CSAT/NPS/CES answers, monthly customers. */
export function yearOfWeeks(): Record<string, string> {
  const agents = ['ana', 'ben', 'carla', 'dmitri'];
  const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  let tickets = 'id,created_at,first_response_at,resolved_at,status,channel,agent,team,contacts,reopened,talk_seconds,hold_seconds,after_work_seconds,customer_id\n';
  let surveys = 'type,score,responded_at,ticket_id,agent\n';
  let id = 0;
  const start = Date.UTC(2025, 0, 6);
  for (let d = 0; d < 360; d++) {
    for (let j = 0; j < 5; j++) {
      id++;
      const c = start + d * 86400e3 + (8 + j) * 3600e3;
      const a = agents[(d + j) % 4];
      const team = a === 'ana' || a === 'ben' ? 'north' : 'south';
      tickets += `T${id},${iso(c)},${iso(c + (300 + ((id * 37) % 3000)) * 1e3)},${iso(c + (3600 + ((id * 997) % 90000)) * 1e3)},solved,email,${a},${team},${1 + (id % 3)},no,${200 + (id % 400)},30,60,C${id % 300}\n`;
      surveys += `csat,${1 + (id % 5)},${iso(c + 7200e3)},T${id},\n`;
      if (j === 0) surveys += `nps,${id % 11},${iso(c + 7200e3)},,${a}\n`;
      if (j === 1) surveys += `ces,${1 + (id % 5)},${iso(c + 7200e3)},,${a}\n`;
    }
  }
  let customers = 'period_start,period_end,customers_start,customers_end,new_customers\n';
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    customers += `2025-${mm}-01,2025-${mm}-28,${500 + m * 10},${510 + m * 10},20\n`;
  }
  return { 'tickets.csv': tickets, 'surveys.csv': surveys, 'customers.csv': customers };
}
