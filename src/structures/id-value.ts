import type { DistinctIds } from './distinct-ids.js';

/**
 * An id as the metrics and the engine see it: a value they compare, count and (when asked)
 * print, whatever its encoding. How it is held is this class's business: an id of its
 * column's numbered form (C1, C2… — see numbered-id.ts) is kept as its prefix and number,
 * read straight from the file's bytes, and its text is made only when somebody asks for it.
 * A reader fills one IdValue per column and reuses it row after row: a caller that keeps an
 * id keeps its text (toString) or copies it (copy).
 *
 * @example IdValue.of('C7').toString() // 'C7'; new IdValue().present // false
 */
export class IdValue {
  private text: string | null = null;
  private prefix: string | null = null;
  private number = -1;

  /** An id with the given text (null: no id). */
  static of(text: string | null): IdValue {
    return new IdValue().set(text);
  }

  /** Whether the row has this id at all. */
  get present(): boolean {
    return this.text !== null || this.number >= 0;
  }

  /** This id is text (null: no id). */
  set(text: string | null): this {
    this.text = text;
    this.prefix = null;
    this.number = -1;
    return this;
  }

  /** This id is prefix + number (numberedId(prefix + number, prefix) === number), with no text made. */
  setNumbered(prefix: string, number: number): this {
    this.text = null;
    this.prefix = prefix;
    this.number = number;
    return this;
  }

  /** The id's text, made once when the id was read as a number; '' for no id. */
  toString(): string {
    if (this.text === null && this.number >= 0) this.text = this.prefix + String(this.number);
    return this.text ?? '';
  }

  /** The text, or null for no id (group keys, joins). */
  textOrNull(): string | null {
    return this.present ? this.toString() : null;
  }

  /** Counts this id in a distinct count: as a number when it is one, so no string is made. */
  addTo(ids: DistinctIds): void {
    if (this.text === null && this.number >= 0) ids.addNumbered(this.prefix!, this.number);
    else if (this.text !== null) ids.add(this.text);
  }

  copy(): IdValue {
    const c = new IdValue();
    c.text = this.text;
    c.prefix = this.prefix;
    c.number = this.number;
    return c;
  }
}
