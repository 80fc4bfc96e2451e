import type { Report } from './report.js';

/** The JSON report (schema csm-kpi/report@1): unrounded values, null where a denominator is 0. */
export interface JsonOptions {
  /** Spaces of indentation; 0 for one line. */
  indent: number;
}

export function renderJson(report: Report, options: JsonOptions = { indent: 2 }): string {
  return JSON.stringify(report, null, options.indent || undefined) + '\n';
}
