import { describe, expect, it } from 'vitest';
import { CsmError } from '../../src/errors.js';
import { mapHeader, normalizeCamel, NO_RULES, splitZone } from '../../src/input/header/columns.js';
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

  it('camelCase and PascalCase headers match canonical names', () => {
    const m = mapHeader('t.csv', ['Id', 'createdAt', 'FirstResponseAt', 'CustomerId'], 'tickets', NO_RULES);
    expect(Object.fromEntries(m.index)).toEqual({ id: 0, created_at: 1, first_response_at: 2, customer_id: 3 });
  });

  it('a time zone in parentheses is matched without it and kept for the column', () => {
    expect(splitZone('Conversation started at (America/New_York)')).toEqual({ base: 'Conversation started at', zone: 'America/New_York' });
    expect(splitZone('First response time (in hrs)')).toBeNull();
    expect(splitZone('Time to close (seconds)')).toBeNull();
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
