import { describe, expect, it } from 'vitest';
import { CsmError } from '../../src/errors.js';
import { headerList, headerMatchesName, mapHeader, normalizeCamel, NO_RULES, splitZone } from '../../src/input/header/columns.js';
import type { HeaderRules } from '../../src/input/header/columns.js';

const rules = (explicit: Record<string, string>, preset: Record<string, string> = {}): HeaderRules => ({
  explicit: new Map(Object.entries(explicit)),
  preset: new Map(Object.entries(preset)),
});

function thrown(f: () => unknown): CsmError {
  try {
    f();
  } catch (e) {
    return e as CsmError;
  }
  throw new Error('did not throw');
}

describe('header names', () => {
  it.each([
    ['createdAt', 'created_at'],
    ['CreatedDate', 'created_date'],
    ['firstResponseAt', 'first_response_at'],
    ['CSATScore', 'csat_score'],
    ['CREATEDDATE', 'createddate'],
    ['Created at', 'created_at'],
    ['ticket_id', 'ticket_id'],
  ])('%s splits into %s', (raw, norm) => {
    expect(normalizeCamel(raw)).toBe(norm);
  });

  it("a config's column name matches a header in either spelling, with or without the header's zone", () => {
    expect(headerMatchesName('Conversation started at (America/New_York)', 'conversation started at')).toBe(true);
    expect(headerMatchesName('Conversation started at (America/New_York)', 'Conversation started at (America/New_York)')).toBe(true);
    expect(headerMatchesName('created_at', 'createdAt')).toBe(true);
    expect(headerMatchesName('CreatedAt', 'created_at')).toBe(true);
    expect(headerMatchesName('created_at', 'updated_at')).toBe(false);
  });

  it('a header row is listed whole up to 12 names, cut after', () => {
    const names = Array.from({ length: 13 }, (_, i) => `c${i + 1}`);
    expect(headerList(names.slice(0, 12))).toBe(names.slice(0, 12).join(', '));
    expect(headerList(names)).toBe(`${names.slice(0, 12).join(', ')}, … and 1 more`);
    expect(headerList(names, 2)).toBe('c1, c2, … and 11 more');
  });

  it('camelCase and PascalCase headers match canonical names', () => {
    const m = mapHeader('t.csv', ['Id', 'createdAt', 'FirstResponseAt', 'CustomerId'], 'tickets', NO_RULES);
    expect(Object.fromEntries(m.index)).toEqual({ id: 0, created_at: 1, first_response_at: 2, customer_id: 3 });
  });

  it('a time zone in parentheses is matched without it and kept for the column', () => {
    expect(splitZone('Conversation started at (America/New_York)')).toEqual({ base: 'Conversation started at', zone: 'America/New_York' });
    expect(splitZone('First response time (in hrs)')).toBeNull();
    expect(splitZone('Time to close (seconds)')).toBeNull();
    // Spaces around and inside the parentheses, none before them, zones of one to three parts.
    expect(splitZone('Created at( UTC )  ')).toEqual({ base: 'Created at', zone: 'UTC' });
    expect(splitZone('Closed at (America/Argentina/Buenos_Aires)')).toEqual({ base: 'Closed at', zone: 'America/Argentina/Buenos_Aires' });
    // The zone must end the header.
    expect(splitZone('Created at (UTC) copy')).toBeNull();
    const m = mapHeader('c.csv', ['Conversation ID', 'Conversation started at (America/New_York)', 'Conversation first replied at (America/Vancouver)'], 'tickets', rules({}, {
      conversation_id: 'id',
      conversation_started_at: 'created_at',
      conversation_first_replied_at: 'first_response_at',
    }));
    expect(Object.fromEntries(m.index)).toEqual({ id: 0, created_at: 1, first_response_at: 2 });
    expect(Object.fromEntries(m.zones)).toEqual({ created_at: 'America/New_York', first_response_at: 'America/Vancouver' });
  });

  it('a config column map beats an automatic match (Id vs CaseNumber)', () => {
    const m = mapHeader('cases.csv', ['Id', 'CaseNumber', 'CreatedDate'], 'tickets', rules({ casenumber: 'id', createddate: 'created_at' }));
    expect(m.index.get('id')).toBe(1);
    expect(m.overridden.get(0)).toBe(1);
    expect(m.ignored).toContain('Id');
  });

  it("a preset's first header present wins over its later ones and over canonical names", () => {
    const preset = { status_category: 'status', status: 'status', issue_key: 'id', created: 'created_at' };
    const m = mapHeader('j.csv', ['Issue key', 'Status', 'Created', 'Status Category'], 'tickets', rules({}, preset));
    expect(m.index.get('status')).toBe(3);
    expect(m.overridden.get(1)).toBe(3);
  });

  it('two headers giving one column by the same rule are still an error', () => {
    const e = thrown(() => mapHeader('t.csv', ['id', 'created_at', 'createdAt'], 'tickets', NO_RULES));
    expect(e.code).toBe('CSM_HEADER_DUPLICATE_COLUMN');
    expect(e.message).toMatch(/columns 2 \("created_at"\) and 3 \("createdAt"\) both give created_at/);
    const e2 = thrown(() => mapHeader('t.csv', ['A', 'B', 'created_at'], 'tickets', rules({ a: 'id', b: 'id' })));
    expect(e2.message).toMatch(/columns 1 \("A"\) and 2 \("B"\) both give id/);
  });

  it('a missing column names the header, cut short when it is long', () => {
    const header = ['created_at', ...Array.from({ length: 378 }, (_, i) => `Field ${i + 1}`)];
    const e = thrown(() => mapHeader('wide.csv', header, 'tickets', NO_RULES));
    expect(e.message).toBe('wide.csv: tickets file lacks the required column id (header: created_at, Field 1, Field 2, Field 3, Field 4, Field 5, Field 6, Field 7, Field 8, Field 9, Field 10, Field 11, … and 367 more)');
  });
});

describe('mapHeader: which header wins, joins, zones, required columns', () => {
  it('a stronger rule wins whichever comes first, and each loser points at the final winner', () => {
    // Preset order: Start (rank 0) before Opened (rank 1); both beat the canonical name.
    const r = rules({}, { start: 'created_at', opened: 'created_at' });
    const m = mapHeader('t.csv', ['id', 'created_at', 'Opened', 'Start'], 'tickets', r);
    expect(m.index.get('created_at')).toBe(3);
    expect(Object.fromEntries(m.overridden)).toEqual({ 1: 3, 2: 3 });
    expect(m.ignored).toEqual(['created_at', 'Opened']);
    // Weaker ones after the winner lose to it.
    const w = mapHeader('t.csv', ['id', 'Start', 'Opened', 'created_at'], 'tickets', r);
    expect(w.index.get('created_at')).toBe(1);
    expect(Object.fromEntries(w.overridden)).toEqual({ 2: 1, 3: 1 });
    // A config's entry beats a preset's.
    const e = mapHeader('t.csv', ['id', 'Start', 'Logged'], 'tickets', rules({ logged: 'created_at' }, { start: 'created_at' }));
    expect(e.index.get('created_at')).toBe(2);
    expect(Object.fromEntries(e.overridden)).toEqual({ 1: 2 });
    // Ignored headers are listed in the header's order, a loser among them.
    expect(mapHeader('t.csv', ['id', 'created_at', 'note', 'Start'], 'tickets', r).ignored).toEqual(['created_at', 'note']);
  });

  it('two headers by the same rule are refused, naming both', () => {
    const twice = 'CSM_HEADER_DUPLICATE_COLUMN';
    const byName = thrown(() => mapHeader('t.csv', ['id', 'created_at', 'Created-At'], 'tickets', NO_RULES));
    expect([byName.code, byName.message]).toEqual([twice, `t.csv: columns 2 ("created_at") and 3 ("Created-At") both give created_at; keep one, or name the one to use in the config's "columns"`]);
    const byConfig = thrown(() => mapHeader('t.csv', ['id', 'a', 'b'], 'tickets', rules({ a: 'created_at', b: 'created_at' })));
    expect([byConfig.code, byConfig.message]).toEqual([twice, `t.csv: columns 2 ("a") and 3 ("b") both give created_at; keep one, or name the one to use in the config's "columns"`]);
  });

  it('a zone in a header is kept for time and date columns only', () => {
    const t = mapHeader('t.csv', ['id', 'created_at (Asia/Tokyo)', 'status (UTC)'], 'tickets', NO_RULES);
    expect(Object.fromEntries(t.zones)).toEqual({ created_at: 'Asia/Tokyo' });
    expect(t.index.get('status')).toBe(2);
    const c = mapHeader('c.csv', ['period_start (Europe/Paris)', 'customers_start', 'customers_end', 'new_customers'], 'customers', NO_RULES);
    expect(Object.fromEntries(c.zones)).toEqual({ period_start: 'Europe/Paris' });
  });

  it('joins cells into a column only when every source is there and no header gives the column', () => {
    const j = mapHeader('t.csv', ['id', 'Date', 'Time', 'note'], 'tickets', NO_RULES, { created_at: ['date', 'time'] });
    expect(Object.fromEntries(j.joins)).toEqual({ created_at: [1, 2] });
    expect(j.ignored).toEqual(['note']);
    const given = mapHeader('t.csv', ['id', 'created_at', 'Date', 'Time'], 'tickets', NO_RULES, { created_at: ['date', 'time'] });
    expect(given.joins.size).toBe(0);
    expect(given.ignored).toEqual(['Date', 'Time']);
    // A column that is not one of the file's kind is not made.
    const foreign = mapHeader('t.csv', ['id', 'created_at', 'a', 'b'], 'tickets', NO_RULES, { score: ['a', 'b'] });
    expect(foreign.joins.size).toBe(0);
    expect(thrown(() => mapHeader('t.csv', ['id', 'Date'], 'tickets', NO_RULES, { created_at: ['date', 'time'] })).message).toBe(
      't.csv: tickets file lacks the required column created_at (header: id, Date)',
    );
  });

  it('a customer list needs only churned; customer counts need all four columns', () => {
    expect(mapHeader('c.csv', ['customer_id', 'churned'], 'customers', NO_RULES).index.get('churned')).toBe(1);
    expect(thrown(() => mapHeader('c.csv', ['period_start', 'customers_start', 'churned'], 'customers', NO_RULES)).message).toBe(
      'c.csv: customers file lacks the required columns customers_end, new_customers (header: period_start, customers_start, churned)',
    );
    // churned in a tickets file does not make it a list.
    expect(thrown(() => mapHeader('t.csv', ['churned', 'status'], 'tickets', NO_RULES)).message).toBe(
      't.csv: tickets file lacks the required columns id, created_at (header: churned, status)',
    );
  });
});
