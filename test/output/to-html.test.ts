import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { CSP, escapeHtml, renderHtml } from '../../src/output/to-html.js';
import type { Report } from '../../src/output/report.js';
import { HOSTILE_AGENTS, hostileTickets, yearOfWeeks } from './report-data.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'];

async function jsonReport(args: string[], cwd?: string): Promise<Report> {
  const r = await cli(['compute', ...args, '--tz', 'UTC', '--format', 'json'], { cwd });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

/** Text content of an HTML fragment, entities decoded (enough for the entities escapeHtml writes). */
function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('--format html', () => {
  it('escapes every character that could open markup or end an attribute', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')"> & co`)).toBe('&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62; &#38; co');
  });

  it('one page: CSP without scripts, no script, no external reference, the KPIs as text', async () => {
    const r = await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--period', 'week', '--by', 'agent', '--format', 'html']);
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).not.toContain('script-src');
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<img|@import|url\(/i);
    // No attribute points anywhere (the SVG namespaces are names, not requests).
    expect(html).not.toMatch(/\s(src|href|xlink:href|action)=/i);
    expect(text(html)).toContain('First response time16m 30s');
    expect(text(html)).toContain('Customer satisfaction (CSAT)75.0 %');
    // The period × agent table, folded: the 8 rows with tickets or answers (4 agents × W10, W11), none of the empty weeks.
    const crossed = html.slice(html.indexOf('<h2>By week and agent</h2>'));
    expect(crossed).toContain('<summary>8 rows: each agent in each period with tickets or answers');
    expect(text(crossed.slice(0, crossed.indexOf('</table>')))).toContain('2026-W10ana2');
    expect(crossed.slice(0, crossed.indexOf('</table>'))).not.toContain('2026-W09');
  });

  it('a card per KPI with band, target and the change with its direction in words', async () => {
    const dir = scratch({ 'targets.json': JSON.stringify({ csat: '>= 90', first_response_time: '<= 30m' }) });
    // --min-sample 1: the fixtures are small samples, which get no band by default. The
    // fixtures end on a Thursday: W11 is partial; marked whole here, so that the cards compare W11 with W10.
    const report = await jsonReport([...FIXTURES.map((f) => join(process.cwd(), f)), '--period', 'week', '--targets', 'targets.json', '--min-sample', '1'], dir);
    for (const s of report.series!) delete (s as { partial?: true }).partial;
    // And the ticket volume's change the builder leaves out for a partial week: 4 − 6.
    Object.assign(report.series!.at(-1)!.kpis.ticket_volume!, { change: -2, significant: null });
    const html = await renderHtml(report);
    const card = (title: string) => text(html.split(`<h3>${escapeHtml(title)}</h3>`)[1].split('</div>')[0]);
    expect(card('Customer satisfaction (CSAT)')).toContain('below typical');
    expect(card('Customer satisfaction (CSAT)')).toContain('✗ Target >= 90: breached');
    // 3 answers against 5: a change within chance (Newcombe's interval holds 0) is ≈, not better or worse.
    expect(card('Customer satisfaction (CSAT)')).toContain('≈ +40.0 pp (within chance) in 2026-W11 vs 2026-W10');
    expect(card('Customer satisfaction (CSAT)')).toContain('95\u00a0%\u00a0CI 40.9–92.9\u00a0%');
    expect(card('First response time')).toContain('✓ Target <= 30m: met');
    expect(card('First response time')).toContain('≈ +2m 56s (within chance) in 2026-W11 vs 2026-W10');
    // Volume up or down is neither good nor bad: an arrow and no verdict.
    expect(card('Ticket volume')).toMatch(/▼ −2 in 2026-W11 vs 2026-W10(?! \()/);
    expect(html).toContain('<p class="chance">≈ +2m 56s (within chance)');
    // A significant change (set here as --compare or a series marks it) reads better or worse, with its colour class.
    (report.series!.at(-1)!.kpis.csat as any).significant = true;
    expect(await renderHtml(report)).toContain('<p class="better">▲ +40.0 pp (better)');
  });

  it('one chart per KPI with a value in some period, one point per such period, each named in words', async () => {
    const report = await jsonReport([...FIXTURES, '--period', 'week']);
    const html = await renderHtml(report);
    const figures = html.split('<figure').slice(1);
    const withValues = Object.keys(report.kpis).filter((id) => report.series!.some((s) => (s.kpis as any)[id].value !== null));
    expect(figures.map((f) => /data-kpi="([a-z_]+)"/.exec(f)![1])).toEqual(withValues);
    for (const f of figures) {
      const id = /data-kpi="([a-z_]+)"/.exec(f)![1];
      const expected = report.series!.filter((s) => (s.kpis as any)[id].value !== null).length;
      const symbols = f.split('class="mark-symbol')[1].split('</g>')[0];
      expect(symbols.match(/<path /g)?.length, id).toBe(expected);
      expect(f).toMatch(/<svg role="img" aria-label="[^"]+ by week: \d+ of 11 periods with a value/);
      expect(f).toMatch(/<svg[^>]*><title>[^<]+<\/title>/);
    }
  });

  it('group tables: every KPI with data and its n; names from the files shown as text, never as markup', async () => {
    const dir = scratch({ 'tickets.csv': hostileTickets() });
    const r = await cli(['compute', 'tickets.csv', '--tz', 'UTC', '--by', 'agent', '--by', 'team', '--format', 'html'], { cwd: dir });
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html).not.toMatch(/<img|<b>/i);
    for (const name of HOSTILE_AGENTS) expect(text(html)).toContain(name);
    expect(html).toContain('<th scope="row">&#60;img src=x onerror=alert(1)&#62;</th>');
    const byAgent = html.split('id="by-agent"')[1].split('</section>')[0];
    // The columns: the KPIs a tickets file feeds that have a value in some group.
    const heads = [...byAgent.matchAll(/<abbr title="([^"]+)">/g)].map((m) => m[1]);
    expect(heads).toEqual([
      'Ticket volume', 'Tickets per customer', 'First response time', 'Resolution time', 'Resolution rate', 'Average handle time', 'First contact resolution', 'Self-service rate',
      'Reopen rate', 'Backlog',
    ]);
    // n under each value: 3 answered tickets behind the first response time of the <img> agent.
    const row = byAgent.split('&#60;img src=x onerror=alert(1)&#62;</th>')[1].split('</tr>')[0];
    expect(text(row.split('</td>')[2])).toBe('3m 40sn=3');
    expect(html).toContain('By agent, then team');
  });

  it('partial periods (when the series flags them): hollow points, named in the notes, changes from the last complete period', async () => {
    const report = await jsonReport([...FIXTURES, '--period', 'week']);
    const series = report.series!;
    (series[series.length - 1] as any).partial = true;
    const html = await renderHtml(report);
    const csat = html.split('data-kpi="csat"')[1].split('</figure>')[0];
    const points = csat.split('class="mark-symbol')[1].split('</g>')[0].match(/<path [^>]*>/g)!;
    expect(points.at(-1)).toContain('fill="white"');
    expect(points.at(-2)).not.toContain('fill="white"');
    // W01…W09 are partial as the data gives them: before the tickets' first day (2026-03-02, W10),
    // though customers.csv's months start in January; W11 as set above (and as the data gives it).
    const before = Array.from({ length: 9 }, (_, i) => `2026-W0${i + 1}`).join(', ');
    expect(csat).toContain(`partial: ${before}, 2026-W11`);
    expect(text(html)).toContain(`Partial periods (the data — the tickets, when there are tickets — or the window covers only part of them): ${before}, 2026-W11.`);
    expect(text(html)).toContain('2026-W11 (partial)');
    // W11 is partial: the CSAT card compares W10 with W09 (no answers in W09: no change shown).
    const card = text(html.split('<h3>Customer satisfaction (CSAT)</h3>')[1].split('</div>')[0]);
    expect(card).not.toContain('2026-W11');
    // Nor the ticket volume's: its 6 tickets against W09's 0 would be +6, a week the export does not cover.
    const volume = text(html.split('<h3>Ticket volume</h3>')[1].split('</div>')[0]);
    expect(volume).not.toMatch(/▲|▼|2026-W09/);
  });

  it('no change from or to a partial period; with --compare the cards compare the windows', async () => {
    const report = await jsonReport([...FIXTURES, '--period', 'week', '--from', '2026-03-02', '--to', '2026-03-16']);
    expect(report.series!.map((s) => s.period)).toEqual(['2026-W10', '2026-W11']);
    (report.series![0] as any).partial = true;
    let html = await renderHtml(report);
    expect(html).not.toMatch(/▲|▼/);
    // The shape --compare previous gives (issue 13): the window compared with, each KPI's change on the totals.
    (report as any).previous = { window: { from: '2026-02-16T00:00:00Z', to: '2026-03-02T00:00:00Z' }, kpis: {} };
    (report.kpis.csat as any).change = -5;
    (report.kpis.csat as any).significant = true;
    (report.window as any).partial = true;
    html = await renderHtml(report);
    const card = text(html.split('<h3>Customer satisfaction (CSAT)</h3>')[1].split('</div>')[0]);
    expect(card).toContain('▼ −5.0 pp (worse) vs 2026-02-16T00:00:00Z → 2026-03-02T00:00:00Z');
    expect(text(html)).toContain('Changes on the KPIs compare the window with 2026-02-16T00:00:00Z → 2026-03-02T00:00:00Z');
    expect(text(html)).toContain('The data covers the window only in part');
  });

  it('a year of weekly periods with two groupings stays under 400 KB (300 KB before the period × group tables)', async () => {
    const dir = scratch(yearOfWeeks());
    const r = await cli(
      ['compute', 'tickets.csv', 'surveys.csv', 'customers.csv', '--tz', 'UTC', '--period', 'week', '--by', 'agent', '--by', 'team', '--sla', 'first_response=30m,resolution=1d', '-o', 'year.html'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'year.html'), 'utf8');
    const figures = html.match(/<figure/g)!.length;
    // One chart per KPI with a series: the 15 before issue 15, plus reopen rate and backlog (the file has reopened and status).
    expect(figures).toBe(17);
    expect(html).toMatch(/Values by week \(5[2-4] periods\)/);
    // The period × group tables hold the last weeks that fit in 48 rows: 4 agents → 12 weeks; 4 agent/team pairs the same.
    expect(html).toMatch(/<summary>48 rows: each agent in each period with tickets or answers, the last 12 of 5[2-4] periods/);
    expect(Buffer.byteLength(html)).toBeLessThan(400_000);
  });
});
