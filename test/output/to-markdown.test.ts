import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { escapeMarkdown, escapeMarkdownLine } from '../../src/output/to-markdown.js';
import { HOSTILE_AGENTS, hostileTickets } from './report-data.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'];

/** GitHub's rendering, as near as a spec-following parser gets: GFM, raw HTML allowed as GitHub does before sanitizing. */
function github(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });
}

/** The rendered tables: each a list of rows, each a list of cell texts. */
function tables(html: string): string[][][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) =>
    [...t[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
      [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
        c[1]
          .replace(/<[^>]*>/g, '')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&'),
      ),
    ),
  );
}

/** Cells of a source table line: split on pipes without a backslash before them. */
function sourceCells(line: string): number {
  return line.replace(/\\\\/g, '').split(/(?<!\\)\|/).length - 2;
}

describe('--format markdown', () => {
  it('escapes what would become markup, a link, math, HTML or a new cell', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('`x` *y* _z_ [l](u) ~s~ $m$ #1 \\')).toBe('\\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) \\~s\\~ \\$m\\$ \\#1 \\\\');
    expect(escapeMarkdown('<img src=x onerror=alert(1)> & co')).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; co');
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
    expect(escapeMarkdownLine('- item')).toBe('\\- item');
    expect(escapeMarkdownLine('1. first')).toBe('1\\. first');
    expect(escapeMarkdownLine('0.9 per day')).toBe('0.9 per day');
    expect(escapeMarkdownLine('# h')).toBe('\\# h');
  });

  it('valid GFM: every table renders with one cell per column in every row', async () => {
    const r = await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--period', 'week', '--by', 'agent', '--format', 'markdown']);
    expect(r.code).toBe(0);
    const md = r.stdout;
    const html = github(md);
    const found = tables(html);
    // KPIs, trend by period, by agent, by week and agent, inputs.
    expect(found).toHaveLength(5);
    const [kpis, trend, agents, weekAgents, inputs] = found;
    // No Change column: W11 is partial (the fixtures end on a Thursday), so W10 is compared, with
    // W09, before the tickets' first day (customers.csv's months give W01…W09): partial, its 0
    // tickets are no week of the team's. 8 answers are a small sample (no band), said so, with the interval (a hunt, 2026-11-28: markdown had neither).
    expect(kpis[0]).toEqual(['KPI', 'Value', 'Band', 'n', 'Detail']);
    expect(kpis).toContainEqual(['Customer satisfaction (CSAT)', '75.0 %', 'small sample', '8 responses', '6 of 8 satisfied · mean 4.00 (scale 1-5) · 95\u00a0%\u00a0CI 40.9–92.9\u00a0%']);
    expect(trend).toHaveLength(12);
    expect(trend.at(-1)![0]).toBe('2026-W11 (partial)');
    expect(agents[0].slice(0, 3)).toEqual(['agent', 'Tickets', 'Per customer']);
    expect(agents[1].slice(0, 4)).toEqual(['ana', '3', '1.50 (n=2)', '3m 40s (n=3)']);
    expect(inputs[1]).toEqual(['fixtures/tickets.csv', 'tickets', '10', '10', 'none']);
    // Period × agent: only the weeks an agent had tickets or answers (the fixtures' tickets are
    // in W10 and W11; customers.csv's months give W01… rows that have neither). W10: ana T1 (4m), T3 (2m).
    expect(weekAgents[0].slice(0, 4)).toEqual(['Period', 'agent', 'Tickets', 'Per customer']);
    expect(weekAgents[1].slice(0, 5)).toEqual(['2026-W10', 'ana', '2', '2.00 (n=1)', '3m 00s (n=2)']);
    expect(weekAgents.slice(1).map((row) => row[0]).filter((p) => p !== '')).toEqual(['2026-W10', '2026-W11 (partial)']);
    expect(weekAgents).toHaveLength(1 + 8);
    // The source too: a row with a cell too many or too few is silently fixed by renderers, not by readers.
    for (const block of md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const lines = block.split('\n');
      for (const line of lines) expect(sourceCells(line), line).toBe(sourceCells(lines[0]));
    }
    expect(html).toContain('<h2>By agent</h2>');
    expect(html).toContain('<h2>By week and agent</h2>');
    expect(html).toContain('<li>Changes compare a period');
  });

  it('names from the files stay text in cells and headings: no HTML, link, heading, list or extra cell', async () => {
    const dir = scratch({ 'tickets.csv': hostileTickets() });
    const r = await cli(['compute', 'tickets.csv', '--tz', 'UTC', '--by', 'agent', '--by', 'team', '--format', 'markdown'], { cwd: dir });
    expect(r.code).toBe(0);
    const html = github(r.stdout);
    // The group sections hold the names; the KPI table's values are bold on purpose.
    const groups = html.slice(html.indexOf('<h2>By agent</h2>'), html.indexOf('<h2>Inputs</h2>'));
    expect(groups).toContain('<h2>By agent, then team</h2>');
    expect(groups).not.toMatch(/<img|<b>|<code>|<strong>|<em>|<del>|<h\d>#|<ol>|<ul>|<li>|<math|<span class="katex/);
    // A bare URL may become a link (GitHub links URLs in any text), but never one that hides its target.
    for (const a of groups.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) expect(a[2]).toBe(a[1]);
    expect(groups).toContain('[link](');
    const [, agents, nested] = tables(html);
    const keys = agents.slice(1).map((row) => row[0]);
    for (const name of HOSTILE_AGENTS.slice(0, 4)) expect(keys).toContain(name);
    for (const row of agents) expect(row).toHaveLength(agents[0].length);
    expect(nested[0].slice(0, 2)).toEqual(['agent', 'team']);
    expect(nested.slice(1).map((row) => row[1])).toContain('1. first & <b>last</b>');
  });
});

describe('a window the data reaches none of (a stale export)', () => {
  it('lists every KPI, the ticket volume and backlog too, with their no-data targets and why (a hunt, 2026-11-28: they were left out)', async () => {
    const dir = scratch({ 't.json': '{"ticket_volume": "<= 100", "backlog": "<= 5"}' });
    const r = await cli(['compute', ...FIXTURES.map((f) => `${process.cwd()}/${f}`), '--tz', 'UTC', '--last', '1d', '--now', '2026-04-20T06:00', '--targets', 't.json', '--format', 'markdown'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const rows = tables(github(r.stdout))[0];
    const row = (kpi: string) => rows.find((cells) => cells[0] === kpi);
    expect(row('Ticket volume')).toEqual(['Ticket volume', 'n/a', '', '? <= 100 no data', '', 'no data in this window: the data reaches none of it']);
    expect(row('Backlog')).toEqual(['Backlog', 'n/a', '', '? <= 5 no data', '', 'no data in this window: the data reaches none of it']);
    expect(r.stdout).toContain('- The data reaches none of the window (an export older than the window?): every KPI is n/a.');
    // One note for the window, not one per KPI.
    expect(r.stdout).not.toContain('- Ticket volume: no data');
  });
});
