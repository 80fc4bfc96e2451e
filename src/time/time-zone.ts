import { CsmError } from '../errors.js';

const MINUTE = 60_000;
const BUCKET = 15 * MINUTE; // every zone's offset changes at a multiple of 15 minutes (UTC and local)
/** Added to a cached offset whose local times a DST change skipped (offsets are within ±1e8 ms). */
const GAP = 2 ** 40;

/**
 * An IANA time zone, backed by the runtime's ICU data (Intl), with offsets cached per
 * 15-minute bucket so that converting millions of timestamps costs a map look-up each.
 */
export class TimeZone {
  private readonly format: Intl.DateTimeFormat | null;
  private readonly offsetCache = new Map<number, number>();
  private readonly localCache = new Map<number, number>();
  /** How many local times fromLocal has read that a DST change skipped (moved forward): readers compare it before and after a cell. */
  gaps = 0;

  private constructor(readonly name: string) {
    this.format =
      name === 'UTC'
        ? null
        : new Intl.DateTimeFormat('en-US', {
            timeZone: name,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
            era: 'short',
          });
  }

  /** The zone named (an IANA name such as Europe/Madrid, or UTC); the system zone when name is undefined. */
  static of(name: string | undefined): TimeZone {
    const resolved = name ?? TimeZone.systemName();
    if (resolved === 'UTC' || resolved === 'Etc/UTC' || resolved === 'Z') return new TimeZone('UTC');
    try {
      const canonical = new Intl.DateTimeFormat('en-US', { timeZone: resolved }).resolvedOptions().timeZone;
      // Keep the name as given (ICU would report Asia/Kolkata as its legacy Asia/Calcutta).
      // UTC however spelled (utc, Etc/UTC): one zone, written Z as --tz UTC writes it.
      return new TimeZone(canonical === 'Etc/UTC' || canonical === 'UTC' ? 'UTC' : resolved);
    } catch {
      throw new CsmError('CSM_USAGE', `unknown time zone "${resolved}" (use an IANA name such as Europe/Madrid or UTC)`);
    }
  }

  /**
   * The system's zone (TZ, else /etc/localtime). Asked only when no zone is named: the
   * question loads ICU's zone data, ~20 ms of a run that --tz UTC would not otherwise spend.
   */
  private static systemName(): string {
    // An empty or unknown TZ makes ICU answer Etc/Unknown (or nothing); the C library reads it as UTC, and so do we.
    const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return system === undefined || system === 'Etc/Unknown' ? 'UTC' : system;
  }

  /** Offset from UTC in milliseconds at the instant utcMs (local = utc + offset). */
  offsetAt(utcMs: number): number {
    if (this.format === null) return 0;
    const bucket = Math.floor(utcMs / BUCKET);
    let off = this.offsetCache.get(bucket);
    if (off === undefined) {
      off = this.computeOffset(bucket * BUCKET);
      this.offsetCache.set(bucket, off);
    }
    return off;
  }

  /** Local wall-clock time (as if it were UTC) of the instant utcMs. */
  toLocal(utcMs: number): number {
    return utcMs + this.offsetAt(utcMs);
  }

  /**
   * The instant of a local wall-clock time given as milliseconds-as-if-UTC. A time that
   * occurs twice (autumn change) is the first occurrence; a time skipped (spring change)
   * is read with the offset before the change, as JavaScript's Date does (02:30 → 03:30),
   * and counted in gaps.
   */
  fromLocal(localMs: number): number {
    if (this.format === null) return localMs;
    const bucket = Math.floor(localMs / BUCKET);
    let off = this.localCache.get(bucket);
    if (off === undefined) {
      off = this.resolveLocalOffset(bucket * BUCKET);
      this.localCache.set(bucket, off);
    }
    if (off > GAP / 2) {
      this.gaps++;
      return localMs - (off - GAP);
    }
    return localMs - off;
  }

  /** The offset of a local time's instant, plus GAP when the time was skipped. */
  private resolveLocalOffset(localMs: number): number {
    const day = 86_400_000;
    const before = this.offsetAt(localMs - day);
    const after = this.offsetAt(localMs + day);
    const validBefore = this.offsetAt(localMs - before) === before;
    const validAfter = this.offsetAt(localMs - after) === after;
    if (validBefore && validAfter) return Math.max(before, after); // ambiguous: larger offset = earlier instant
    if (validAfter) return after;
    if (validBefore) return before;
    return before + GAP; // a skipped time
  }

  private computeOffset(utcMs: number): number {
    const parts = this.format!.formatToParts(new Date(utcMs));
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, bc = false;
    for (const p of parts) {
      switch (p.type) {
        case 'year': y = Number(p.value); break;
        case 'month': mo = Number(p.value); break;
        case 'day': d = Number(p.value); break;
        case 'hour': h = Number(p.value); break;
        case 'minute': mi = Number(p.value); break;
        case 'second': s = Number(p.value); break;
        case 'era': bc = p.value.startsWith('B'); break;
      }
    }
    const local = Date.UTC(bc ? 1 - y : y, mo - 1, d, h, mi, s);
    const whole = Math.floor(utcMs / 1000) * 1000;
    return local - whole;
  }
}
