/**
 * Industry bands (US figures from the seed articles) shown beside a value. Each KPI
 * lists its bands best first; the first whose test passes names the value's band.
 */
export type BandLabel = 'exceptional' | 'above_average' | 'typical' | 'below_typical';

export interface Band {
  label: BandLabel;
  /** Human wording of the band's range, for `explain` and the table. */
  text: string;
  test: (value: number) => boolean;
}

export function classify(value: number | null, bands: readonly Band[] | null): BandLabel | null {
  if (value === null || bands === null) return null;
  for (const band of bands) if (band.test(value)) return band.label;
  return null;
}
