/**
 * What a reader saw of a file beyond its rows' validity: facts no single row is wrong about
 * but that point to a mapping mistake giving plausible wrong numbers (a status column none
 * of whose values means resolved, a scale no answer reaches the top of, a column that is
 * empty in every row), and local times a DST change skipped. Plain data: a worker thread's
 * part crosses back and is merged (mergeObservations).
 */
export interface Observations {
  /** Canonical column (mapped in the file) → cells that had a value. */
  filled: Record<string, number>;
  /** Distinct status texts (after value maps), the first STATUS_SAMPLE of them; more: there were others. */
  statuses: string[];
  moreStatuses: boolean;
  /** Whether one of the statuses means resolved. */
  resolvedStatus: boolean;
  /**
   * Per status that does not mean resolved (every one, up to OPEN_STATUS_CAP): its rows, and
   * how many have a resolution time (resolved_at or a resolution duration). A `Done` whose
   * every row has one is resolved in all but name, and counts as open. Not capped at a sample:
   * a part read on another thread must count the same statuses as one reader of the whole file.
   * moreOpenStatuses: past the cap (a status column of free text), so the counts are partial.
   */
  openStatuses: OpenStatus[];
  moreOpenStatuses: boolean;
  /**
   * Statuses that mean resolved once their invisible characters are taken out (`solved` +
   * U+200B), the first STATUS_SAMPLE of them: read as unresolved.
   */
  hiddenResolved: string[];
  /** Answers with a score, and the highest, per survey type checked against a scale. */
  scores: { csat: ScoreRange; ces: ScoreRange; nps: ScoreRange };
  /** Local times skipped by a DST change (read as if the clock had not moved yet), and the first one. */
  dstGaps: number;
  firstGap: { line: number; column: string; text: string } | null;
  /**
   * Per duration column (first_response_minutes, resolution_seconds…): the rows where it
   * disagrees with the time between their timestamps by more than its unit, and the first of
   * them. The KPIs take the timestamps, so a column mapped from the wrong field goes unseen otherwise.
   */
  timeMismatches: Record<string, { count: number; first: TimeMismatch }>;
  /**
   * Per timestamp column of a tickets file, over its first OFFSET_SAMPLE valid rows (per part
   * read): the cells with a value, those that give their UTC offset (`Z`, `+02:00`), and those
   * whose offset is UTC. One column with an offset on every row beside another with none reads
   * the other in --tz, where it may well be in the first one's zone.
   */
  offsets?: Record<string, { cells: number; withOffset: number; utc: number }>;
  /** Over the same sample: customer_id cells that hold a placeholder word (PLACEHOLDERS), per word as written. */
  placeholderCustomers?: Record<string, number>;
  /**
   * Rows giving handle_seconds and its parts (talk, hold, after-work) that disagree by more
   * than their unit: handle time takes handle_seconds, so parts mapped from other fields, or a
   * handle column that is something else, would go unseen. The first: its line and the two sums
   * (seconds), and the unit of the coarsest column.
   */
  handleParts?: { count: number; first: { line: number; handle: number; parts: number; unit: number } };
  /** Invalid records that are the header line again (files joined with cat): how many, and the first's line. */
  repeatedHeader?: { count: number; line: number };
  /**
   * Records with a quoted field holding lines that read as rows of the file (as many
   * delimiters as the header has): a stray opening quote swallows the rows after it into one
   * cell, legal CSV read as fewer rows. The first: its line, column, and how many such lines.
   */
  swallowed?: { count: number; first: { line: number; column: string; rows: number } };
  /**
   * In a file delimited by `;` (the export of a locale that writes 1.200 for twelve hundred
   * and 4,5 for four and a half), per numeric column: the cells that read as a decimal but
   * look like thousands grouped with dots (`1.200`, `12.345.678`), the first of them, and the
   * column's other cells with a dot (`1.5`: then the dots are decimals, and nothing is said).
   */
  thousandsDots?: Record<string, ThousandsDots>;
  /** Customer counts: the first period (in time order) whose customers_start is not the customers_end of the period before. */
  customerBreak?: {
    line: number;
    start: number;
    before: number;
    end: number;
    /** A customer list's: the first customer listed who was not kept the period before, and the first kept who is not listed. */
    list?: { joined?: string; left?: string };
    periods: [number, number];
  } | null;
  /**
   * Times more than a month after the run's clock (ReadOptions.futureAfter): an export holds no
   * time yet to come, so `2062` for `2026` (a typo); the first one.
   */
  future?: { count: number; first: { line: number; column: string; text: string } };
  /** Customer counts: each period's start (its period_start text), in time order. */
  customerPeriods?: { start: number; text: string }[];
}

export interface ThousandsDots {
  count: number;
  /** null until a cell like `1.200` is met (the column's first dotted cells were decimals). */
  first: { line: number; text: string } | null;
  decimals: number;
}

export interface OpenStatus {
  status: string;
  rows: number;
  timed: number;
}

export interface TimeMismatch {
  line: number;
  /** The duration column's seconds per unit, and the time column it was checked against. */
  unit: number;
  at: string;
  /** Seconds: as the column gives them, and as the timestamps give them. */
  given: number;
  stamped: number;
}

export interface ScoreRange {
  count: number;
  max: number;
}

/** How many rows of a tickets file (of each part read) the offset sample looks at. */
export const OFFSET_SAMPLE = 1000;

/**
 * Words exports write for "no value" (R's NA, Excel's #N/A, pandas' nan, a dash), lower-cased.
 * None is read as empty unless the config's null_tokens says so (an agent may be called None).
 */
export const PLACEHOLDERS: ReadonlySet<string> = new Set(['na', 'n/a', '#n/a', 'null', 'nan', 'none', '-', '--', '(blank)', 'nil', 'undefined', '?', 'unknown']);

/** A timestamp text's UTC offset at its end, after a time: `Z`, `+02:00`, `-0500`, `+02` (null: none; a date's `-02` is its day). */
export function offsetOf(text: string): string | null {
  return /[Tt ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?([zZ]|[+-]\d\d(?::?\d\d)?)$/.exec(text)?.[1] ?? null;
}

/** How many distinct open statuses a reader counts rows of (a status column is a handful of values, not free text). */
export const OPEN_STATUS_CAP = 1000;

/**
 * Unicode format characters (zero-width space and joiners, word joiner, soft hyphen, bidi
 * marks): they print as nothing, and trim() keeps them, so `solved` copied from a web page
 * with one stuck to it looks resolved and is not. Global: for replace().
 */
export const INVISIBLE = /\p{Cf}/gu;

/** A status as it reads without its invisible characters, trimmed and lower-cased, when it has any; else null. */
export function withoutInvisible(status: string): string | null {
  const bare = status.replace(INVISIBLE, '').trim().toLowerCase();
  return bare === status.trim().toLowerCase() ? null : bare;
}

/** How many distinct statuses a note lists. */
export const STATUS_SAMPLE = 10;

export function emptyObservations(): Observations {
  return {
    filled: {},
    statuses: [],
    moreStatuses: false,
    resolvedStatus: false,
    openStatuses: [],
    moreOpenStatuses: false,
    hiddenResolved: [],
    scores: { csat: { count: 0, max: -Infinity }, ces: { count: 0, max: -Infinity }, nps: { count: 0, max: -Infinity } },
    dstGaps: 0,
    firstGap: null,
    timeMismatches: {},
  };
}

/** Notes a status text met for the first time (resolvedStatuses: the texts that mean resolved). */
export function seeStatus(o: Observations, status: string, resolved: boolean, resolvedStatuses?: ReadonlySet<string>): void {
  if (resolved) o.resolvedStatus = true;
  else if (resolvedStatuses !== undefined && o.hiddenResolved.length < STATUS_SAMPLE && !o.hiddenResolved.includes(status)) {
    const bare = withoutInvisible(status);
    if (bare !== null && resolvedStatuses.has(bare)) o.hiddenResolved.push(status);
  }
  if (o.statuses.includes(status)) return;
  if (o.statuses.length < STATUS_SAMPLE) o.statuses.push(status);
  else o.moreStatuses = true;
}

/**
 * The entry of an open status, made when it is met first (null past OPEN_STATUS_CAP):
 * a reader keeps it and counts its rows in it.
 */
export function seeOpenStatus(o: Observations, status: string): OpenStatus | null {
  if (o.openStatuses.length >= OPEN_STATUS_CAP) {
    o.moreOpenStatuses = true;
    return null;
  }
  const e = { status, rows: 0, timed: 0 };
  o.openStatuses.push(e);
  return e;
}

/** a and then b (a part of the same file read after a, its lines already counted from the file's start). */
export function mergeObservations(a: Observations, b: Observations): Observations {
  const filled = { ...a.filled };
  for (const [k, n] of Object.entries(b.filled)) filled[k] = (filled[k] ?? 0) + n;
  const o: Observations = { ...emptyObservations(), filled, resolvedStatus: a.resolvedStatus || b.resolvedStatus, moreStatuses: a.moreStatuses || b.moreStatuses };
  o.statuses = [...a.statuses];
  for (const s of b.statuses) seeStatus(o, s, false);
  o.openStatuses = a.openStatuses.map((e) => ({ ...e }));
  o.moreOpenStatuses = a.moreOpenStatuses || b.moreOpenStatuses;
  const at = new Map(o.openStatuses.map((e) => [e.status, e]));
  for (const e of b.openStatuses) {
    const same = at.get(e.status);
    if (same) {
      same.rows += e.rows;
      same.timed += e.timed;
    } else if (o.openStatuses.length < OPEN_STATUS_CAP) o.openStatuses.push({ ...e });
    else o.moreOpenStatuses = true;
  }
  o.hiddenResolved = [...a.hiddenResolved];
  for (const h of b.hiddenResolved) if (o.hiddenResolved.length < STATUS_SAMPLE && !o.hiddenResolved.includes(h)) o.hiddenResolved.push(h);
  for (const t of ['csat', 'ces', 'nps'] as const) o.scores[t] = { count: a.scores[t].count + b.scores[t].count, max: Math.max(a.scores[t].max, b.scores[t].max) };
  o.dstGaps = a.dstGaps + b.dstGaps;
  o.firstGap = a.firstGap ?? b.firstGap;
  o.timeMismatches = { ...a.timeMismatches };
  for (const [column, m] of Object.entries(b.timeMismatches)) {
    const before = o.timeMismatches[column];
    o.timeMismatches[column] = counted(before, m);
  }
  o.customerBreak = a.customerBreak ?? b.customerBreak ?? null;
  if (a.handleParts || b.handleParts) o.handleParts = counted(a.handleParts, b.handleParts);
  if (a.repeatedHeader || b.repeatedHeader) o.repeatedHeader = { count: (a.repeatedHeader?.count ?? 0) + (b.repeatedHeader?.count ?? 0), line: (a.repeatedHeader ?? b.repeatedHeader)!.line };
  if (a.swallowed || b.swallowed) o.swallowed = counted(a.swallowed, b.swallowed);
  if (a.future || b.future) o.future = counted(a.future, b.future);
  if (a.thousandsDots || b.thousandsDots) {
    const dots: NonNullable<Observations['thousandsDots']> = { ...a.thousandsDots };
    for (const [column, d] of Object.entries(b.thousandsDots ?? {})) {
      const before = dots[column];
      dots[column] = before ? { count: before.count + d.count, first: before.first ?? d.first, decimals: before.decimals + d.decimals } : d;
    }
    o.thousandsDots = dots;
  }
  if (a.placeholderCustomers || b.placeholderCustomers) {
    const words: Record<string, number> = { ...a.placeholderCustomers };
    for (const [w, n] of Object.entries(b.placeholderCustomers ?? {})) words[w] = (words[w] ?? 0) + n;
    o.placeholderCustomers = words;
  }
  if (a.offsets || b.offsets) {
    const offsets: NonNullable<Observations['offsets']> = {};
    for (const part of [a.offsets ?? {}, b.offsets ?? {}]) {
      for (const [column, n] of Object.entries(part)) {
        const t = (offsets[column] ??= { cells: 0, withOffset: 0, utc: 0 });
        t.cells += n.cells;
        t.withOffset += n.withOffset;
        t.utc += n.utc;
      }
    }
    o.offsets = offsets;
  }
  // Only a tickets file is ever read in parts: a customers file's periods come from one reader.
  if (a.customerPeriods || b.customerPeriods) o.customerPeriods = a.customerPeriods ?? b.customerPeriods;
  return o;
}

/** Two parts' counts of one kind of row, each with its first (a's comes first in the file): their sum, and the first of all. */
function counted<F>(a: { count: number; first: F } | undefined, b: { count: number; first: F } | undefined): { count: number; first: F } {
  return { count: (a?.count ?? 0) + (b?.count ?? 0), first: (a ?? b)!.first };
}

/** A count of rows with its first, that row's line moved by offset. */
function shifted<F extends { line: number }, T extends { first: F }>(c: T, offset: number): T {
  return { ...c, first: { ...c.first, line: c.first.line + offset } };
}

/** The observations of a part read apart, its lines moved by offset (the lines before the part). */
export function shiftObservations(o: Observations, offset: number): Observations {
  const columns = Object.keys(o.timeMismatches);
  if (o.firstGap === null && columns.length === 0 && o.swallowed === undefined && o.handleParts === undefined && o.repeatedHeader === undefined && o.thousandsDots === undefined && o.future === undefined) return o;
  const timeMismatches: Observations['timeMismatches'] = {};
  for (const [column, m] of Object.entries(o.timeMismatches)) timeMismatches[column] = shifted(m, offset);
  const repeatedHeader = o.repeatedHeader && { count: o.repeatedHeader.count, line: o.repeatedHeader.line + offset };
  const thousandsDots = o.thousandsDots && Object.fromEntries(Object.entries(o.thousandsDots).map(([column, d]) => [column, d.first === null ? d : { ...d, first: { ...d.first, line: d.first.line + offset } }]));
  return {
    ...o,
    firstGap: o.firstGap && { ...o.firstGap, line: o.firstGap.line + offset },
    timeMismatches,
    ...(o.swallowed ? { swallowed: shifted(o.swallowed, offset) } : {}),
    ...(o.handleParts ? { handleParts: shifted(o.handleParts, offset) } : {}),
    ...(o.future ? { future: shifted(o.future, offset) } : {}),
    ...(repeatedHeader ? { repeatedHeader } : {}),
    ...(thousandsDots ? { thousandsDots } : {}),
  };
}
