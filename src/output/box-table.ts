import { displayWidth, pad, wrap } from './text-width.js';

/**
 * A table drawn with box characters for the terminal: columns as wide as their widest
 * cell, cells of several lines, and rows that span the whole table (a KPI's detail under
 * its value when the terminal is narrow). Widths are the caller's to keep within the
 * terminal (cut or wrap cells before adding them): the table only measures and draws.
 * Linear in the cells, unlike cli-table3, which took seconds for 20,000 rows.
 */
export type Align = 'left' | 'right';

interface SpanRow {
  span: string;
  indent: number;
  paint: (s: string) => string;
}

type Row = string[] | SpanRow;

export class BoxTable {
  private readonly rows: Row[] = [];

  constructor(
    private readonly head: string[],
    private readonly aligns: Align[],
  ) {}

  /** A row of cells; a cell with line breaks takes several lines. */
  add(cells: string[]): this {
    this.rows.push(cells);
    return this;
  }

  /** A row across the whole table, its text wrapped to the table's inner width (indented; painted line by line). */
  addSpan(text: string, indent = 0, paint: (s: string) => string = (s) => s): this {
    if (text !== '') this.rows.push({ span: text, indent, paint });
    return this;
  }

  /** Each column's width: its widest line. */
  widths(): number[] {
    const w = this.head.map((h) => displayWidth(h));
    for (const row of this.rows) {
      if (!Array.isArray(row)) continue;
      for (let i = 0; i < row.length; i++) {
        const cell = row[i];
        if (!cell.includes('\n')) w[i] = Math.max(w[i], displayWidth(cell));
        else for (const line of cell.split('\n')) w[i] = Math.max(w[i], displayWidth(line));
      }
    }
    return w;
  }

  /** Columns the table takes on screen. */
  width(): number {
    return tableWidth(this.widths());
  }

  render(bold: (s: string) => string = (s) => s): string {
    const w = this.widths();
    const inner = tableWidth(w) - 4;
    const rule = (l: string, m: string, r: string) => l + w.map((x) => '─'.repeat(x + 2)).join(m) + r;
    const line = (cells: string[]) => '│ ' + cells.map((c, i) => pad(c, w[i], this.aligns[i] ?? 'left')).join(' │ ') + ' │';
    const out = [rule('┌', '┬', '┐'), line(this.head.map((h) => bold(h))), rule('├', '┼', '┤')];
    let lastSpan = false;
    for (const row of this.rows) {
      if (Array.isArray(row)) {
        if (!row.some((c) => c.includes('\n'))) out.push(line(row));
        else {
          const split = row.map((c) => c.split('\n'));
          const height = Math.max(...split.map((l) => l.length));
          for (let k = 0; k < height; k++) out.push(line(split.map((l) => l[k] ?? '')));
        }
        lastSpan = false;
      } else {
        const lead = ' '.repeat(row.indent);
        for (const text of wrap(row.span, inner - row.indent)) out.push('│ ' + row.paint(pad(lead + text, inner)) + ' │');
        lastSpan = true;
      }
    }
    // Under a spanning row there are no columns to close.
    out.push(lastSpan ? rule('└', '─', '┘') : rule('└', '┴', '┘'));
    return out.join('\n');
  }
}

/** Columns taken by a table whose columns have these widths (a space either side, a border between). */
export function tableWidth(widths: readonly number[]): number {
  return widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;
}
