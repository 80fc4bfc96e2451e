import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { percent } from '../stats/ratio.js';
import { sqlPercent } from './sql.js';

export const oneTouchResolution: KpiDefinition = {
  id: 'one_touch_resolution',
  title: 'One-touch resolution',
  unit: 'percent',
  formula:
    'resolved tickets with exactly 1 agent reply / resolved tickets having a replies count × 100; zero_touch (0 replies), two_touch (2) and multi_touch (3 or more) are counted beside it',
  inputs: "tickets: replies (agent replies, 0 allowed: Zendesk's Replies), status",
  better: 'higher',
  estimate: (r) => ({ kind: 'proportion', successes: r.one_touch as number, n: r.resolved_with_replies as number }),
  bands: null,
  example: '200 resolved tickets: 20 with 0 replies, 90 with 1, 50 with 2, 40 with 3 or more → 90 / 200 = 45 %',
  sql: {
    family: 'tickets',
    fields: (d) => {
      const one = d.countIf('resolved AND replies = 1');
      const n = d.countIf('resolved AND replies IS NOT NULL');
      return [
        { name: 'value', sql: sqlPercent(d, one, n) },
        { name: 'one_touch', sql: one, count: true },
        { name: 'zero_touch', sql: d.countIf('resolved AND replies = 0'), count: true },
        { name: 'two_touch', sql: d.countIf('resolved AND replies = 2'), count: true },
        { name: 'multi_touch', sql: d.countIf('resolved AND replies >= 3'), count: true },
        { name: 'resolved_with_replies', sql: n, count: true },
      ];
    },
  },
};

export interface OneTouchResolutionResult {
  value: number | null;
  unit: 'percent';
  one_touch: number;
  zero_touch: number;
  two_touch: number;
  multi_touch: number;
  resolved_with_replies: number;
}

export class OneTouchResolution {
  zero = 0;
  one = 0;
  two = 0;
  multi = 0;

  add(t: TicketFacts): void {
    if (!t.resolved || t.replies === null) return;
    if (t.replies === 0) this.zero++;
    else if (t.replies === 1) this.one++;
    else if (t.replies === 2) this.two++;
    else this.multi++;
  }

  merge(o: OneTouchResolution): void {
    this.zero += o.zero;
    this.one += o.one;
    this.two += o.two;
    this.multi += o.multi;
  }

  result(): OneTouchResolutionResult {
    const n = this.zero + this.one + this.two + this.multi;
    return {
      value: percent(this.one, n),
      unit: 'percent',
      one_touch: this.one,
      zero_touch: this.zero,
      two_touch: this.two,
      multi_touch: this.multi,
      resolved_with_replies: n,
    };
  }
}
