/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core (which
 * downloads nothing). Screenshots go to test-artifacts/ (gitignored) for a person to look at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from '../helpers.js';
import { CSP } from '../../src/output/to-html.js';
import type { Report } from '../../src/output/report.js';
import { HOSTILE_AGENTS, hostileTickets } from '../output/report-data.js';
import { findChromium } from './chromium.js';

const browser = findChromium();
if (!browser.path && process.env.CI) throw new Error(`CI must have chromium (.ci/run installs it): ${browser.reason}`);
if (!browser.path) console.warn(`skipping the browser tests: ${browser.reason}`);

const ARTIFACTS = join(ROOT, 'test-artifacts');
const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'].map((f) => join(ROOT, f));
const ZENDESK = [join(ROOT, 'fixtures/datasets/zendesk-plum.csv'), '--preset', 'zendesk'];

interface Visit {
  page: Page;
  /** Console errors and warnings, uncaught page errors, dialogs (alert() and the like). */
  problems: string[];
  /** Every request other than the report file itself. */
  requests: string[];
}

describe.skipIf(!browser.path)('the HTML report in Chromium', () => {
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'csm-kpi-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.path!,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Writes the report of args as HTML and opens it. */
  async function open(name: string, args: string[], cwd?: string): Promise<Visit & { report: Report }> {
    const dir = cwd ?? scratch({});
    const file = join(dir, `${name}.html`);
    const run = await cli(['compute', ...args, '--tz', 'UTC', '-o', file], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const json = await cli(['compute', ...args, '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    return { ...(await visit(file)), report: JSON.parse(json.stdout) as Report };
  }

  async function visit(file: string): Promise<Visit> {
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, problems, requests };
  }

  /** Per chart: its KPI and the points drawn. */
  const points = (page: Page) =>
    page.$$eval('figure[data-kpi]', (figs) => figs.map((f) => ({ kpi: f.getAttribute('data-kpi')!, points: f.querySelectorAll('svg .mark-symbol path').length })));

  /** Per KPI: the periods with a value, from the JSON report of the same files. */
  const expectedPoints = (report: Report) =>
    Object.keys(report.kpis)
      .map((kpi) => ({ kpi, points: report.series!.filter((s) => (s.kpis as any)[kpi].value !== null).length }))
      .filter((c) => c.points > 0);

  /** The text a person gets by selecting an element with the mouse (or select-all). */
  const selectText = (page: Page, selector: string) =>
    page.$eval(selector, (el) => {
      // Runs in the page (the project's TypeScript has no DOM library).
      const win = globalThis as any;
      const range = win.document.createRange();
      range.selectNodeContents(el);
      const sel = win.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return { text: String(sel.toString()), userSelect: String(win.getComputedStyle(el).userSelect) };
    });

  it('the fixtures by week and agent: renders, no console error, no request, a chart per KPI with its points, selectable text', async () => {
    const { page, problems, requests, report } = await open('fixtures', [...FIXTURES, '--period', 'week', '--by', 'agent']);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.title()).toBe('Customer-service KPIs · all time');
    expect(await points(page)).toEqual(expectedPoints(report));
    // The charts are drawn: an SVG of real size, lines and axis labels inside.
    const box = await page.locator('figure[data-kpi="csat"] svg').boundingBox();
    expect(box!.width).toBeGreaterThan(250);
    expect(box!.height).toBeGreaterThan(100);
    expect(await page.locator('figure[data-kpi="csat"] svg .mark-line path').count()).toBe(1);
    expect(await page.locator('figure[data-kpi="csat"] svg').getAttribute('aria-label')).toMatch(/^Customer satisfaction \(CSAT\) by week: 2 of 11 periods/);
    const value = await selectText(page, '.card:nth-child(3) .value');
    expect(value).toEqual({ text: '16m 30s', userSelect: 'auto' });
    expect((await selectText(page, '#by-agent + .wide table')).text).toMatch(/ana\s+3\s+1\.50\s+n=2/);
    expect((await selectText(page, 'figure[data-kpi="csat"] svg .role-axis-label')).text).toMatch(/2026-W11/);
    // Every section a person looks for is there, as text.
    const body = await page.locator('main').innerText();
    for (const heading of ['KPIs', 'Trends by week', 'By agent', 'Inputs', 'Notes']) expect(body).toContain(heading);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-fixtures.png'), fullPage: true });
  });

  it('agent names that are markup show as text; no script runs, no image loads', async () => {
    const dir = scratch({ 'tickets.csv': hostileTickets() });
    const { page, problems, requests } = await open('hostile', ['tickets.csv', ...FIXTURES.slice(1), '--period', 'week', '--by', 'agent'], dir);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('img, script, a, b').count()).toBe(0);
    const keys = await page.$$eval('#by-agent + .wide tbody th', (ths) => ths.map((th) => th.textContent));
    for (const name of HOSTILE_AGENTS.slice(0, 4)) expect(keys).toContain(name);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-hostile-names.png'), fullPage: true });
  });

  it('the page CSP blocks scripts and outside requests (a control page with both)', async () => {
    const dir = scratch({});
    const file = join(dir, 'control.html');
    writeFileSync(
      file,
      `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${CSP}"><title>before</title></head>` +
        `<body><script>document.title = 'script ran'</script><img src="http://127.0.0.1:9/x.png" onerror="document.title='handler ran'"></body></html>`,
    );
    const { page, problems } = await visit(file);
    expect(await page.title()).toBe('before');
    // Chromium says why: the refusals are the console errors this page expects.
    expect(problems.join('\n')).toMatch(/Content Security Policy/);
  });

  it('the Zendesk sample by week and group: renders with its charts and group table', async () => {
    const { page, problems, requests, report } = await open('zendesk', [...ZENDESK, '--period', 'week', '--by', 'Group']);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    const charts = await points(page);
    expect(charts).toEqual(expectedPoints(report));
    expect(charts.map((c) => c.kpi)).toEqual([
      'ticket_volume', 'tickets_per_customer', 'resolution_time', 'resolution_rate', 'self_service_rate',
      // Issue 15: from Reopens, Replies, Requester wait time, and the tickets open at each week's end.
      'reopen_rate', 'one_touch_resolution', 'requester_wait_time', 'backlog',
      'csat',
    ]);
    const groups = await page.$$eval('#by-group + .wide tbody th', (ths) => ths.map((th) => th.textContent));
    expect(groups).toEqual(report.groups!.group.map((g) => g.key));
    const text = await page.locator('main').innerText();
    expect(text).toContain('Resolution time by week');
    expect(text).toMatch(/first_response_time|First response time: no input column/);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-zendesk.png'), fullPage: true });
    expect(readFileSync(join(ARTIFACTS, 'html-report-zendesk.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
