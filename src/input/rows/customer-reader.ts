/** Reads customer counts per period (or a customer list with a churned flag) into CustomerRows. */
import type { RowProblem } from '../../errors.js';
import type { RecordView } from '../csv/scanner.js';
import { NO_VIEW, RowReader } from './row-reader.js';
import type { Col } from './row-reader.js';
import type { CustomerRow } from './row-types.js';
import type { Observations } from './observations.js';

export class CustomerReader extends RowReader {
  /** period_start → line; a period counted twice would double its new customers. */
  private readonly seen = new Map<number, number>();
  /** The periods read, with their line and text: one that overlaps another would count the new customers of their common days twice. */
  private readonly spans: { start: number; end: number | null; line: number; text: string; startText: string; s: number; e: number }[] = [];
  /** A customer list: customer_id (and period_start) → line; a customer listed twice would count twice. */
  private readonly listed = new Map<string, number>();
  /** A customer list: per period_start, the customers listed (S), those not churned (E), and its first line; their ids, to compare periods by who, not how many. */
  private readonly listPeriods = new Map<number, { s: number; e: number; line: number; ids: Set<string>; kept: Set<string> }>();
  private readonly c = {
    customerId: this.col('customer_id'),
    churned: this.col('churned'),
    periodStart: this.col('period_start'),
    periodEnd: this.col('period_end'),
    start: this.col('customers_start'),
    end: this.col('customers_end'),
    added: this.col('new_customers'),
    lost: this.col('lost_customers'),
  };
  private readonly list = this.has(this.c.churned) && !this.has(this.c.start);

  protected cols(): Record<string, Col> {
    return this.c;
  }

  read(fields: string[], line: number, problems: RowProblem[], view: RecordView = NO_VIEW): CustomerRow | null {
    if (!this.begin(fields, line, problems, view)) return null;
    return this.list ? this.readListRow(line, problems) : this.readCountRow(line, problems);
  }

  /** A customer-list row: one customer, at the start of the period, retained unless churned. */
  private readListRow(line: number, problems: RowProblem[]): CustomerRow | null {
    const before = problems.length;
    const churned = this.boolean(this.c.churned);
    this.required(this.c.churned, churned === null ? null : 1);
    const periodStart = this.time(this.c.periodStart);
    if (problems.length > before) return null;
    const id = this.cell(this.c.customerId);
    if (id !== null) {
      const key = periodStart === null ? id : `${id}\u0000${periodStart}`;
      const first = this.listed.get(key);
      if (first !== undefined) {
        this.problemAbout('customer_id', 'duplicate of the customer on', id, { file: this.file, line: first });
        return null;
      }
      this.listed.set(key, line);
    }
    if (periodStart !== null) {
      const p = this.listPeriods.get(periodStart) ?? { s: 0, e: 0, line, ids: new Set<string>(), kept: new Set<string>() };
      p.s++;
      if (!churned) p.e++;
      if (id !== null) {
        p.ids.add(id);
        if (!churned) p.kept.add(id);
      }
      this.listPeriods.set(periodStart, p);
    }
    return { line, periodStart, periodEnd: null, customersStart: 1, customersEnd: churned ? 0 : 1, newCustomers: 0 };
  }

  private readCountRow(line: number, problems: RowProblem[]): CustomerRow | null {
    const c = this.c;
    const before = problems.length;
    const periodStart = this.time(c.periodStart);
    const periodEnd = this.notBefore(c.periodEnd, this.time(c.periodEnd), periodStart, 'period_start');
    const s = this.count(c.start);
    const e = this.count(c.end);
    const n = this.count(c.added);
    const lost = this.integer(c.lost, 0);
    this.required(c.periodStart, periodStart);
    if (s !== null && e !== null && n !== null) {
      const kept = e - n;
      if (kept < 0 || kept > s)
        this.problem('customers_end', `customers_end − new_customers = ${kept} must lie in 0..customers_start (${s})`, this.cell(c.end));
      else if (lost !== null && lost !== s - kept)
        this.problem('lost_customers', `must equal customers_start − (customers_end − new_customers) = ${s - kept}`, this.cell(c.lost));
    }
    if (periodStart !== null && problems.length === before) {
      const first = this.seen.get(periodStart);
      if (first !== undefined) this.problemAbout('period_start', 'same period as', this.cell(c.periodStart), { file: this.file, line: first });
      else this.checkOverlap(periodStart, periodEnd, line, s!, e!);
    }
    if (problems.length > before) return null;
    return { line, periodStart: periodStart!, periodEnd, customersStart: s!, customersEnd: e!, newCustomers: n! };
  }

  /**
   * Refuses a period that overlaps one read before (its start inside that one's span, or that
   * one's start inside its own); else remembers it. Ends are exclusive, so periods that only
   * touch (January ending 2026-02-01, February starting then) do not overlap. A period without
   * an end spans only its start.
   */
  private checkOverlap(start: number, end: number | null, line: number, s: number, e: number): void {
    const inside = (t: number, s: number, e: number | null) => e !== null && s < t && t < e;
    const other = this.spans.find((p) => inside(start, p.start, p.end) || inside(p.start, start, end));
    const startText = this.cell(this.c.periodStart);
    if (other !== undefined) {
      this.problemAbout('period_start', `overlaps the period (${other.text}) of`, startText, { file: this.file, line: other.line });
      return;
    }
    this.seen.set(start, line);
    const endText = end === null ? null : this.cell(this.c.periodEnd);
    this.spans.push({ start, end, line, text: endText === null ? `${startText}` : `${startText} to ${endText}`, startText: `${startText}`, s, e });
  }

  override observations(): Observations {
    const o = super.observations();
    // In time order, each period starts with the customers the one before ended with; the first that does not.
    // A list over several periods too: a customer listed in a period and not in the one before joined in
    // between, which a list cannot count (it has no new customers), so retention would leave them out.
    // A list's periods are compared by who is in them (the same count can hide one who left unmarked and one who joined).
    const lists = [...this.listPeriods].map(([start, p]) => ({ start, ...p })).sort((a, b) => a.start - b.start);
    const spans = this.list ? lists : [...this.spans].sort((a, b) => a.start - b.start);
    const i = this.list
      ? lists.findIndex((p, k) => k > 0 && (p.s !== lists[k - 1].e || [...p.ids].some((id) => !lists[k - 1].kept.has(id))))
      : spans.findIndex((p, k) => k > 0 && p.s !== spans[k - 1].e);
    // periods: the two periods' starts, so that a note can leave out a break outside compute's window.
    o.customerBreak = i < 0 ? null : { line: spans[i].line, start: spans[i].s, before: spans[i - 1].line, end: spans[i - 1].e, periods: [spans[i - 1].start, spans[i].start] };
    if (i >= 0 && this.list) {
      // Who joined (listed, not kept the period before) and who left without churned (kept, not listed): the first of each.
      const [now, before] = [lists[i], lists[i - 1]];
      const joined = [...now.ids].find((id) => !before.kept.has(id));
      const left = [...before.kept].find((id) => !now.ids.has(id));
      o.customerBreak!.list = { ...(joined !== undefined ? { joined } : {}), ...(left !== undefined ? { left } : {}) };
    }
    if (!this.list) o.customerPeriods = this.spans.map((p) => ({ start: p.start, text: p.startText })).sort((a, b) => a.start - b.start);
    return o;
  }

  /** A required whole number ≥ 0. */
  private count(c: Col): number | null {
    if (this.cell(c) === null) {
      this.problem(c.name, 'is required', null);
      return null;
    }
    return this.integer(c, 0);
  }
}
