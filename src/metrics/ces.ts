import type { KpiDefinition } from './definition.js';

/** "1-5" → { min: 1, max: 5 }: the interval of a mean score stays on its scale. */
function scaleOf(text: unknown): { min?: number; max?: number } {
  const [min, max] = String(text).split('-').map(Number);
  return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : {};
}
import type { AnswerFacts, Scale } from './facts.js';
import { sampleSd } from '../stats/mean-interval.js';
import { mean, percent } from '../stats/ratio.js';
import { sqlMean, sqlPercent, sqlSd } from './sql.js';

export const ces: KpiDefinition = {
  id: 'ces',
  title: 'Customer effort score (CES)',
  unit: 'score',
  formula:
    'mean ces score (higher = easier); easy_percent = answers above the scale midpoint (4–5 on 1..5, 5–7 on 1..7) / answers × 100',
  inputs: 'surveys: type ces, score',
  better: 'higher',
  estimate: (r) => ({ kind: 'mean', mean: r.value as number | null, sd: r.sd as number | null, n: r.responses as number, ...scaleOf(r.scale as string) }),
  bands: null,
  example: 'answers 7, 6, 5, 3 and 2 on 1..7 → mean 4.6; easy (5–7) 3 of 5 → easy_percent 60 %',
  sql: {
    family: 'answers',
    fields: (d, o) => {
      const responses = d.countIf(`type = 'ces'`);
      // Easy: above the scale's midpoint (Ces's rule), compared doubled to stay in integers.
      const easy = d.countIf(`type = 'ces' AND 2 * score > ${o.cesScale.min + o.cesScale.max}`);
      return [
        { name: 'value', sql: sqlMean(d, `SUM(CASE WHEN type = 'ces' THEN score END)`, responses) },
        { name: 'sd', sql: sqlSd(`CASE WHEN type = 'ces' THEN score END`) },
        { name: 'easy_percent', sql: sqlPercent(d, easy, responses) },
        { name: 'easy', sql: easy, count: true },
        { name: 'responses', sql: responses, count: true },
      ];
    },
  },
};

export interface CesResult {
  value: number | null;
  unit: 'score';
  /** Sample standard deviation of the scores (n − 1). */
  sd: number | null;
  easy_percent: number | null;
  easy: number;
  responses: number;
  scale: string;
}

export class Ces {
  easy = 0;
  responses = 0;
  scoreSum = 0;
  /** Σ score², for the standard deviation. */
  scoreSquares = 0;
  private readonly midpoint: number;

  constructor(readonly scale: Scale) {
    this.midpoint = (scale.min + scale.max) / 2;
  }

  add(a: AnswerFacts): void {
    this.responses++;
    this.scoreSum += a.score;
    this.scoreSquares += a.score * a.score;
    if (a.score > this.midpoint) this.easy++;
  }

  merge(o: Ces): void {
    this.easy += o.easy;
    this.responses += o.responses;
    this.scoreSum += o.scoreSum;
    this.scoreSquares += o.scoreSquares;
  }

  result(): CesResult {
    return {
      value: mean(this.scoreSum, this.responses),
      unit: 'score',
      sd: sampleSd(this.responses, this.scoreSum, this.scoreSquares),
      easy_percent: percent(this.easy, this.responses),
      easy: this.easy,
      responses: this.responses,
      scale: `${this.scale.min}-${this.scale.max}`,
    };
  }
}
