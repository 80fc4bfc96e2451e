/**
 * What each KPI's value estimates (KpiDefinition.estimate), read from its result: the
 * intervals and significance tests start from it. Results written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { ces } from '../../src/metrics/ces.js';

describe('ces estimate', () => {
  it('is a mean kept inside the scale the result names', () => {
    expect(ces.estimate!({ value: 5.5, sd: 1.25, responses: 40, scale: '1-7' })).toEqual({ kind: 'mean', mean: 5.5, sd: 1.25, n: 40, min: 1, max: 7 });
  });

  it('has no bounds when the result names no readable scale (no NaN bounds)', () => {
    expect(ces.estimate!({ value: 4, sd: 1, responses: 10 })).toEqual({ kind: 'mean', mean: 4, sd: 1, n: 10 });
    expect(ces.estimate!({ value: 4, sd: 1, responses: 10, scale: 'unknown' })).toEqual({ kind: 'mean', mean: 4, sd: 1, n: 10 });
    // One readable end is not a scale either.
    expect(ces.estimate!({ value: 4, sd: 1, responses: 10, scale: '1-x' })).toEqual({ kind: 'mean', mean: 4, sd: 1, n: 10 });
    expect(ces.estimate!({ value: 4, sd: 1, responses: 10, scale: 'x-7' })).toEqual({ kind: 'mean', mean: 4, sd: 1, n: 10 });
  });
});
