import type { KpiDefinition } from './definition.js';
import type { AnswerFacts, Scale } from './facts.js';
import { mean, percent } from '../stats/ratio.js';
import { sqlMean, sqlPercent } from './sql.js';

export const csat: KpiDefinition = {
  id: 'csat',
  title: 'Customer satisfaction (CSAT)',
  unit: 'percent',
  formula:
    'answers in the top two scores of the scale (4–5 on 1..5) / csat answers × 100; also mean_score; response_rate = answers / (answers + surveys offered and not answered) × 100',
  inputs: "surveys: type csat, score; or tickets: csat_score (response_rate: a csat_score of Offered, as Zendesk's preset reads it)",
  better: 'higher',
  estimate: (r) => ({ kind: 'proportion', successes: r.satisfied as number, n: r.responses as number }),
  bands: [
    { label: 'exceptional', text: '≥ 95 %', test: (v) => v >= 95 },
    { label: 'above_average', text: '≥ 90 % (90–95 %)', test: (v) => v >= 90 },
    { label: 'typical', text: '≥ 80 % (~85 %)', test: (v) => v >= 80 },
    { label: 'below_typical', text: '< 80 %', test: () => true },
  ],
  example: '65 satisfied of 80 answers → 81.25 %; 80 answers and 120 surveys Offered and not answered → response_rate 80 / 200 = 40 %',
  sql: {
    family: 'answers',
    fields: (d, o) => {
      // Satisfied: the top two scores (Csat's threshold, scale.max − 1).
      const satisfied = d.countIf(`type = 'csat' AND score >= ${o.csatScale.max - 1}`);
      const responses = d.countIf(`type = 'csat' AND NOT offered`);
      // Offered and not answered: a row without a score, counted for response_rate only.
      const offered = d.countIf(`type = 'csat' AND offered`);
      return [
        { name: 'value', sql: sqlPercent(d, satisfied, responses) },
        { name: 'satisfied', sql: satisfied, count: true },
        { name: 'responses', sql: responses, count: true },
        { name: 'mean_score', sql: sqlMean(d, `SUM(CASE WHEN type = 'csat' AND NOT offered THEN score END)`, responses) },
        { name: 'offered', sql: offered, count: true },
        { name: 'response_rate', sql: sqlPercent(d, responses, `(${responses} + ${offered})`) },
      ];
    },
  },
};

export interface CsatResult {
  value: number | null;
  unit: 'percent';
  satisfied: number;
  responses: number;
  mean_score: number | null;
  scale: string;
  /** Surveys offered and not answered (Zendesk's Offered). */
  offered: number;
  /** responses / (responses + offered) × 100; null when the input cannot show offered surveys. */
  response_rate: number | null;
}

export class Csat {
  satisfied = 0;
  responses = 0;
  scoreSum = 0;
  offered = 0;
  private readonly threshold: number;

  constructor(readonly scale: Scale) {
    this.threshold = scale.max - 1;
  }

  add(a: AnswerFacts): void {
    if (a.offered) {
      this.offered++;
      return;
    }
    this.responses++;
    this.scoreSum += a.score;
    if (a.score >= this.threshold) this.satisfied++;
  }

  merge(o: Csat): void {
    this.satisfied += o.satisfied;
    this.responses += o.responses;
    this.scoreSum += o.scoreSum;
    this.offered += o.offered;
  }

  result(): CsatResult {
    return {
      value: percent(this.satisfied, this.responses),
      unit: 'percent',
      satisfied: this.satisfied,
      responses: this.responses,
      mean_score: mean(this.scoreSum, this.responses),
      scale: `${this.scale.min}-${this.scale.max}`,
      offered: this.offered,
      response_rate: percent(this.responses, this.responses + this.offered),
    };
  }
}
