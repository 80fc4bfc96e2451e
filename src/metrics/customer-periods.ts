import type { KpiDefinition } from './definition.js';
import type { CustomerPeriodFacts } from './facts.js';
import { percent } from '../stats/ratio.js';
import { sqlPercent } from './sql.js';

/** S of the earliest period, E of the latest, N summed (CustomerPeriods.span). */
const S = 'MAX(CASE WHEN first_rn = 1 THEN s END)';
const E = 'MAX(CASE WHEN last_rn = 1 THEN e END)';
const N = 'SUM(n)';
/** NULL for a slice without customer periods (CustomerPeriods.span is null). */
const spanned = (x: string) => `CASE WHEN COUNT(*) = 0 THEN NULL ELSE ${x} END`;

export const retentionRate: KpiDefinition = {
  id: 'retention_rate',
  title: 'Customer retention rate',
  unit: 'percent',
  formula: '(E − N) / S × 100; S = customers_start of the first period, E = customers_end of the last, N = new_customers summed',
  inputs: 'customers: period_start, customers_start, customers_end, new_customers',
  better: 'higher',
  bands: [
    { label: 'exceptional', text: '> 90 %', test: (v) => v > 90 },
    { label: 'above_average', text: '≥ 85 % (85–90 %)', test: (v) => v >= 85 },
    { label: 'typical', text: '≥ 75 % (~80 %)', test: (v) => v >= 75 },
    { label: 'below_typical', text: '< 75 %', test: () => true },
  ],
  example: 'S 500, N 200, E 480 → (480 − 200) / 500 = 56 %',
  sql: {
    family: 'customers',
    fields: (d) => [
      { name: 'value', sql: spanned(sqlPercent(d, `${E} - ${N}`, S)) },
      { name: 'customers_start', sql: S },
      { name: 'customers_end', sql: E },
      { name: 'new_customers', sql: `COALESCE(${N}, 0)`, count: true },
      { name: 'periods', sql: 'COUNT(*)', count: true },
    ],
  },
};

export const churnRate: KpiDefinition = {
  id: 'churn_rate',
  title: 'Customer churn rate',
  unit: 'percent',
  formula: 'lost / S × 100, lost = S − (E − N)',
  inputs: 'customers: period_start, customers_start, customers_end, new_customers',
  better: 'lower',
  bands: null,
  example: 'S 500, N 200, E 480 → lost 220 → 44 %',
  sql: {
    family: 'customers',
    fields: (d) => [
      { name: 'value', sql: spanned(sqlPercent(d, `${S} - (${E} - ${N})`, S)) },
      { name: 'lost_customers', sql: `${S} - (${E} - ${N})` },
      { name: 'customers_start', sql: S },
    ],
  },
};

export interface RetentionRateResult {
  value: number | null;
  unit: 'percent';
  customers_start: number | null;
  customers_end: number | null;
  new_customers: number;
  periods: number;
}

export interface ChurnRateResult {
  value: number | null;
  unit: 'percent';
  lost_customers: number | null;
  customers_start: number | null;
}

/**
 * Customer-count periods. Rows of the same period (one per segment, or one per customer
 * in a customer list) add up; retention and churn over any run of periods need only the
 * earliest period's S, the latest period's E and the sum of N. Memory: one entry per period.
 */
export class CustomerPeriods {
  readonly byPeriod = new Map<number, { s: number; e: number; n: number }>();

  add(p: CustomerPeriodFacts): void {
    const cur = this.byPeriod.get(p.periodStart);
    if (cur === undefined) this.byPeriod.set(p.periodStart, { s: p.customersStart, e: p.customersEnd, n: p.newCustomers });
    else {
      cur.s += p.customersStart;
      cur.e += p.customersEnd;
      cur.n += p.newCustomers;
    }
  }

  merge(o: CustomerPeriods): void {
    for (const [start, v] of o.byPeriod) this.add({ periodStart: start, customersStart: v.s, customersEnd: v.e, newCustomers: v.n });
  }

  private span(): { s: number; e: number; n: number; periods: number } | null {
    if (this.byPeriod.size === 0) return null;
    let first = Infinity, last = -Infinity, n = 0;
    for (const [start, v] of this.byPeriod) {
      // Stryker disable next-line EqualityOperator: Map keys are distinct, so start never equals an earlier key (first/last hold one, or ±Infinity)
      if (start < first) first = start;
      // Stryker disable next-line EqualityOperator: as above
      if (start > last) last = start;
      n += v.n;
    }
    return { s: this.byPeriod.get(first)!.s, e: this.byPeriod.get(last)!.e, n, periods: this.byPeriod.size };
  }

  retention(): RetentionRateResult {
    const sp = this.span();
    return {
      value: sp === null ? null : percent(sp.e - sp.n, sp.s),
      unit: 'percent',
      customers_start: sp?.s ?? null,
      customers_end: sp?.e ?? null,
      new_customers: sp?.n ?? 0,
      periods: sp?.periods ?? 0,
    };
  }

  churn(): ChurnRateResult {
    const sp = this.span();
    const lost = sp === null ? null : sp.s - (sp.e - sp.n);
    return {
      value: sp === null || lost === null ? null : percent(lost, sp.s),
      unit: 'percent',
      lost_customers: lost,
      customers_start: sp?.s ?? null,
    };
  }
}
