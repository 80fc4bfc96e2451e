import type { Output } from '../context.js';
import type { Progress } from '../input/load.js';
import { humanNumber } from './humanize.js';

export interface ProgressOptions {
  /** Bytes of every input file: what "of" refers to. */
  total: number;
  /** Milliseconds before the line first shows (a short run never draws it). */
  after: number;
  /** Milliseconds between redraws at most. */
  every?: number;
  now?: () => number;
}

/**
 * One line on a terminal's stderr while the files are read: bytes read of the total, rows
 * per second, time left; redrawn in place (carriage return, erase to the end of the line)
 * at most a few times a second, and erased before anything else is written. The readers
 * call advance() once per chunk (a megabyte), never per row: it costs a clock read.
 */
export class ProgressLine implements Progress {
  private bytes = 0;
  private rows = 0;
  private readonly started: number;
  private lastDraw = -Infinity;
  /** The line is on the screen now; it has been at some point. */
  private shown = false;
  private drawn = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;
  private readonly every: number;
  private readonly sources: (() => { bytes: number; rows: number })[] = [];

  constructor(
    private readonly out: Output,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.every = options.every ?? 250;
    this.started = this.now();
  }

  /** Redraws on a timer too, for the time this thread waits (for the worker thread, say). */
  start(): this {
    this.timer = setInterval(() => this.tick(), this.every);
    this.timer.unref();
    return this;
  }

  also(source: () => { bytes: number; rows: number }): void {
    this.sources.push(source);
  }

  advance(bytes: number, rows: number): void {
    this.bytes += bytes;
    this.rows += rows;
    this.tick();
  }

  private tick(): void {
    const t = this.now();
    if (t - this.started < this.options.after || t - this.lastDraw < this.every) return;
    this.lastDraw = t;
    this.draw(this.text(t));
  }

  /** Bytes and rows read so far, by every thread. */
  private counts(): { bytes: number; rows: number } {
    let bytes = this.bytes, rows = this.rows;
    for (const source of this.sources) {
      const other = source();
      bytes += other.bytes;
      rows += other.rows;
    }
    // A part read twice (a worker's part dropped) can count past the total.
    return { bytes: Math.min(this.options.total, bytes), rows };
  }

  private text(t: number): string {
    const { bytes, rows } = this.counts();
    const total = this.options.total;
    const seconds = (t - this.started) / 1000;
    const parts = [`reading ${humanBytes(bytes)} of ${humanBytes(total)} (${total === 0 ? 100 : Math.floor((bytes / total) * 100)} %)`];
    if (seconds > 0) parts.push(`${humanNumber(Math.round(rows / seconds))} rows/s`);
    if (bytes > 0 && bytes < total) parts.push(`${humanSeconds(((total - bytes) / bytes) * seconds)} left`);
    return parts.join(' · ');
  }

  /**
   * The reading is over: says so with the final figures and what comes next (computing the
   * slices can take seconds with many groups), if the line was drawn; no more figures after.
   */
  phase(text: string): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.lastDraw = Infinity;
    if (!this.drawn) return;
    const { bytes, rows } = this.counts();
    const seconds = (this.now() - this.started) / 1000;
    this.draw(`read ${humanBytes(bytes)}, ${humanNumber(rows)} rows in ${seconds.toFixed(1)} s · ${text}`);
  }

  /** Takes the line off the screen (before any other output); it comes back at the next draw. */
  clear(): void {
    if (!this.shown) return;
    this.out.write('\r\x1b[K');
    this.shown = false;
  }

  /** Erases the line for good. */
  done(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clear();
    this.lastDraw = Infinity;
  }

  private draw(text: string): void {
    // One column short of the width: a line that fills it wraps on some terminals.
    const width = (this.out.columns || 80) - 1;
    // The text is ASCII but for · and …, one column each: its length is its width.
    this.out.write('\r' + (text.length > width ? text.slice(0, Math.max(0, width - 1)) + '…' : text) + '\x1b[K');
    this.shown = true;
    this.drawn = true;
  }
}

/** @example humanBytes(1_234_567) // "1.2 MB" */
export function humanBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

function humanSeconds(s: number): string {
  if (s < 60) return `${Math.max(1, Math.round(s))} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
