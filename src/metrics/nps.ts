import type { KpiDefinition } from './definition.js';
import type { AnswerFacts } from './facts.js';
import { percent } from '../stats/ratio.js';
import { sqlPercent } from './sql.js';

export const nps: KpiDefinition = {
  id: 'nps',
  title: 'Net Promoter Score (NPS)',
  unit: 'score',
  formula:
    '(promoters 9–10 − detractors 0–6) / nps answers × 100, on the standard 0–10 question; passives are 7–8 (not 8–9, and not a 0–100 scale, as two seed articles say)',
  inputs: 'surveys: type nps, score (integer 0..10)',
  better: 'higher',
  estimate: (r) => ({ kind: 'nps', promoters: r.promoters as number, detractors: r.detractors as number, n: r.responses as number }),
  bands: [
    { label: 'exceptional', text: '> 70', test: (v) => v > 70 },
    { label: 'above_average', text: '≥ 50 (50–60)', test: (v) => v >= 50 },
    { label: 'typical', text: '≥ 30 (30–40)', test: (v) => v >= 30 },
    { label: 'below_typical', text: '< 30', test: () => true },
  ],
  example: '60 % promoters, 20 % passives, 20 % detractors → 40',
  sql: {
    family: 'answers',
    fields: (d) => {
      const promoters = d.countIf(`type = 'nps' AND score >= 9`);
      const passives = d.countIf(`type = 'nps' AND score >= 7 AND score < 9`);
      const detractors = d.countIf(`type = 'nps' AND score < 7`);
      const responses = d.countIf(`type = 'nps'`);
      return [
        { name: 'value', sql: sqlPercent(d, `${promoters} - ${detractors}`, responses) },
        { name: 'promoters', sql: promoters, count: true },
        { name: 'passives', sql: passives, count: true },
        { name: 'detractors', sql: detractors, count: true },
        { name: 'responses', sql: responses, count: true },
      ];
    },
  },
};

export interface NpsResult {
  value: number | null;
  unit: 'score';
  promoters: number;
  passives: number;
  detractors: number;
  responses: number;
}

export class Nps {
  promoters = 0;
  passives = 0;
  detractors = 0;

  add(a: AnswerFacts): void {
    if (a.score >= 9) this.promoters++;
    else if (a.score >= 7) this.passives++;
    else this.detractors++;
  }

  merge(o: Nps): void {
    this.promoters += o.promoters;
    this.passives += o.passives;
    this.detractors += o.detractors;
  }

  result(): NpsResult {
    const responses = this.promoters + this.passives + this.detractors;
    return {
      value: percent(this.promoters - this.detractors, responses),
      unit: 'score',
      promoters: this.promoters,
      passives: this.passives,
      detractors: this.detractors,
      responses,
    };
  }
}
