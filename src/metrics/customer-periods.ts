import type { KpiDefinition } from './definition.js';
import type { CustomerPeriodFacts } from './facts.js';
import { percent } from './ratio.js';

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
 * Customer-count periods: keeps the earliest and the latest period and the sum of new
 * customers, which is all retention and churn over any run of periods need.
 */
export class CustomerPeriods {
  first: CustomerPeriodFacts | null = null;
  last: CustomerPeriodFacts | null = null;
  newCustomers = 0;
  periods = 0;

  add(p: CustomerPeriodFacts): void {
    if (this.first === null || p.periodStart < this.first.periodStart) this.first = p;
    if (this.last === null || p.periodStart > this.last.periodStart) this.last = p;
    this.newCustomers += p.newCustomers;
    this.periods++;
  }

  merge(o: CustomerPeriods): void {
    if (o.first && (this.first === null || o.first.periodStart < this.first.periodStart)) this.first = o.first;
    if (o.last && (this.last === null || o.last.periodStart > this.last.periodStart)) this.last = o.last;
    this.newCustomers += o.newCustomers;
    this.periods += o.periods;
  }

  private retained(): number | null {
    return this.last === null ? null : this.last.customersEnd - this.newCustomers;
  }

  retention(): RetentionRateResult {
    const s = this.first?.customersStart ?? null;
    const kept = this.retained();
    return {
      value: s === null || kept === null ? null : percent(kept, s),
      unit: 'percent',
      customers_start: s,
      customers_end: this.last?.customersEnd ?? null,
      new_customers: this.newCustomers,
      periods: this.periods,
    };
  }

  churn(): ChurnRateResult {
    const s = this.first?.customersStart ?? null;
    const kept = this.retained();
    const lost = s === null || kept === null ? null : s - kept;
    return {
      value: s === null || lost === null ? null : percent(lost, s),
      unit: 'percent',
      lost_customers: lost,
      customers_start: s,
    };
  }
}
