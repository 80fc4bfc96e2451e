import { describe, expect, it } from 'vitest';
import { KeyedLists } from '../../src/structures/keyed-lists.js';

describe('KeyedLists', () => {
  it('gives back each id its list; unknown ids undefined; a second set replaces the first', () => {
    const m = new KeyedLists<string | null>();
    m.set('T1', ['ann', 'billing']);
    m.set('T2', ['bob', null]);
    m.set('Ticket-ü', ['ann', 'billing']);
    expect(m.get('T1')).toEqual(['ann', 'billing']);
    expect(m.get('T2')).toEqual(['bob', null]);
    expect(m.get('Ticket-ü')).toEqual(['ann', 'billing']);
    expect(m.get('T3')).toBeUndefined();
    m.set('T1', ['bob', null]);
    expect(m.get('T1')).toEqual(['bob', null]);
  });
  it('lists are stored once and copied: equal lists are one object, the caller may reuse its array', () => {
    const m = new KeyedLists<string | null>();
    const scratch: (string | null)[] = ['ann', null];
    m.set('a', scratch);
    scratch[0] = 'bob';
    m.set('b', scratch);
    m.set('c', ['ann', null]);
    expect(m.get('a')).toEqual(['ann', null]);
    expect(m.get('b')).toEqual(['bob', null]);
    expect(m.get('c')).toBe(m.get('a'));
    // A list and its prefix are different lists; null and "null" are different values.
    m.set('d', ['ann']);
    m.set('e', ['null', null]);
    m.set('f', [null, null]);
    expect(m.get('d')).toEqual(['ann']);
    expect(m.get('e')).toEqual(['null', null]);
    expect(m.get('f')).toEqual([null, null]);
  });
  it('holds many ids (past its first buffers), each with its own list', () => {
    const m = new KeyedLists<string>();
    for (let i = 0; i < 5000; i++) m.set(`T${i}`, [`agent${i % 7}`]);
    for (let i = 0; i < 5000; i += 97) expect(m.get(`T${i}`)).toEqual([`agent${i % 7}`]);
    expect(m.get('T5000')).toBeUndefined();
  });
});
