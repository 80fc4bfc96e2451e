/** A two-sided confidence interval at a level (0.95 = 95 %), in the unit of what it bounds. */
export interface Interval {
  low: number;
  high: number;
  level: number;
}
