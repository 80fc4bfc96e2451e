/**
 * Stress sizes. Under `npm run mutation` (vitest.stryker.config.ts sets CSM_KPI_MUTATION=1)
 * the instrumented code runs 5–50 times slower and each surviving mutant runs every test
 * that reaches it, so the few stress tests (a million strings, 36k-value sorts) take their
 * smaller size there: still past every threshold and growth step they are about.
 */
export const MUTATION = process.env.CSM_KPI_MUTATION === '1';

export function stress(full: number, underMutation: number): number {
  return MUTATION ? underMutation : full;
}
