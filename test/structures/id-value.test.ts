import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctIds } from '../../src/structures/distinct-ids.js';
import { IdValue } from '../../src/structures/id-value.js';
import { idPrefix, numberedId } from '../../src/structures/numbered-id.js';

describe('IdValue: one id, whatever its encoding', () => {
  it('a numbered id gives back its exact text, and counts as the same id as its text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5000 }).map((n) => `C${n}`), fc.constantFrom('C007', 'x', 'C', 'D12', '')), { maxLength: 300 }), (ids) => {
        const byValue = new DistinctIds();
        const id = new IdValue();
        for (const text of ids) {
          const n = numberedId(text, 'C');
          // The reader's two ways of holding the same id: its number, or its text.
          if (n >= 0 && idPrefix(text) === 'C') id.setNumbered('C', n);
          else id.set(text === '' ? null : text);
          expect(id.textOrNull()).toBe(text === '' ? null : text);
          id.addTo(byValue);
        }
        expect(byValue.size).toBe(new Set(ids.filter((t) => t !== '')).size);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('no id is not present, prints as empty and counts nothing', () => {
    const d = new DistinctIds();
    const none = IdValue.of(null);
    none.addTo(d);
    expect([none.present, none.toString(), none.textOrNull(), d.size]).toEqual([false, '', null, 0]);
  });

  it('a copy does not change with the reused original', () => {
    const id = new IdValue().setNumbered('T', 41);
    const kept = id.copy();
    id.set('other');
    expect(kept.toString()).toBe('T41');
  });
});
