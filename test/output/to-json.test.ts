import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks, renderJson } from '../../src/output/to-json.js';
import type { Report } from '../../src/output/report.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli, scratch } from '../helpers.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'];
const TARGETS = join(scratch({ 'targets.json': '{"csat": ">= 90", "first_response_time": "<= 1h", "churn_rate": "< 5"}' }), 'targets.json');

describe('JSON written in pieces', () => {
  it('is byte for byte JSON.stringify(report, null, 2) on the reports the CLI makes', async () => {
    const variants = [
      [],
      ['--period', 'week'],
      ['--period', 'day', '--by', 'agent', '--by', 'team'],
      ['--business-hours', 'Mon-Fri 09:00-18:00', '--sla', 'first_response=1h,resolution=24h', '--by', 'channel'],
      ['--targets', TARGETS, '--from', '2026-03-01', '--to', '2026-04-01', '--period', 'month'],
    ];
    for (const args of variants) {
      const r = await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--format', 'json', ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(JSON.stringify(JSON.parse(r.stdout), null, 2) + '\n');
    }
  });

  it('goes to --output in pieces with the same bytes as to stdout', async () => {
    // 3,000 groups: ~9 MB of JSON, nine pieces.
    const rows = ['id,created_at,agent,csat_score'];
    for (let i = 0; i < 3000; i++) rows.push(`T${i},2026-03-02 09:00,agent-${i},${1 + (i % 5)}`);
    const dir = scratch({ 't.csv': rows.join('\n') });
    const args = ['compute', join(dir, 't.csv'), '--tz', 'UTC', '--by', 'agent', '--format', 'json'];
    const toStdout = await cli(args);
    expect(toStdout.stdout.length).toBeGreaterThan(8e6);
    expect(toStdout.stdout).toBe(JSON.stringify(JSON.parse(toStdout.stdout), null, 2) + '\n');
    const toFile = await cli([...args, '--output', 'out.json'], { cwd: dir });
    expect(toFile.code).toBe(0);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(toStdout.stdout);
  });

  it('equals JSON.stringify on any JSON value, indented or not', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 2, 4), (value, indent) => {
        const expected = JSON.stringify(value, null, indent || undefined) + '\n';
        expect(renderJson(value as unknown as Report, { indent })).toBe(expected);
      }),
      { numRuns: 500, seed: 14 },
    );
    // What JSON.stringify leaves out of objects and turns to null in arrays, and keys that need escaping.
    const odd = { a: undefined, b: [undefined, () => 1, NaN, Infinity], 'c"\n': { d: new Date(0), e: [], f: {} } };
    expect(renderJson(odd as unknown as Report)).toBe(JSON.stringify(odd, null, 2) + '\n');
  });

  it('writes a report longer than the longest string V8 can make, in pieces of about a megabyte', () => {
    // 135,000 groups sharing one KPI object (the fixtures', ~7 KB as JSON since issue 15's KPIs): little memory, but ~900 MB of JSON.
    const kpis = JSON.parse(readFileSync(join(ROOT, 'test/golden/fixtures-utc.json'), 'utf8')).kpis;
    const entries = Array.from({ length: 135_000 }, (_, i) => ({ key: `agent-${i}`, keys: { agent: `agent-${i}` }, kpis }));
    const report = { schema: 'csm-kpi/report@1', timezone: 'UTC', window: { from: null, to: null }, inputs: [], kpis, groups: { agent: entries } } as unknown as Report;
    let total = 0;
    let largest = 0;
    let pieces = 0;
    let head = '';
    let tail = '';
    for (const piece of jsonChunks(report)) {
      total += piece.length;
      largest = Math.max(largest, piece.length);
      if (pieces++ === 0) head = piece.slice(0, 200);
      tail = (tail + piece).slice(-200);
    }
    expect(total).toBeGreaterThan(2 ** 29); // V8's limit is 2^29 − 24 characters
    expect(largest).toBeLessThan(2 ** 21);
    expect(head).toMatch(/^\{\n {2}"schema": "csm-kpi\/report@1",\n {2}"timezone": "UTC",/);
    expect(tail).toMatch(/"band": null\n {10}\}\n {8}\}\n {6}\}\n {4}\]\n {2}\}\n\}\n$/);
  });
});
