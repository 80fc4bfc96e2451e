import type { DistinctIds } from './distinct-ids.js';
import { IdForm } from './numbered-id.js';
import { unitsText } from './string-table.js';

/**
 * An id as the metrics and the engine see it: a value they compare, count and (when asked)
 * print, whatever its encoding. How it is held is this class's business: an id of its
 * column's numbered form (C1, C2…, C0000001… — see numbered-id.ts) is kept as its form and
 * number, any other ASCII id as the bytes where it lies in the file's buffer; either way
 * straight from the file's bytes, and its text is made only when somebody asks for it.
 * A reader fills one IdValue per column and reuses it row after row: a caller that keeps an
 * id keeps its text (toString) or copies it (copy), never the IdValue itself.
 *
 * @example IdValue.of('C7').toString() // 'C7'; new IdValue().present // false
 */
export class IdValue {
  private text: string | null = null;
  private form: IdForm | null = null;
  private number = -1;
  /** An ASCII id not yet decoded: bytes[from, to) (null otherwise). */
  private bytes: Uint8Array | null = null;
  private from = 0;
  private to = 0;

  /** An id with the given text (null: no id). */
  static of(text: string | null): IdValue {
    return new IdValue().set(text);
  }

  /** Whether the row has this id at all. */
  get present(): boolean {
    return this.text !== null || this.number >= 0 || this.bytes !== null;
  }

  /** This id is text (null: no id). */
  set(text: string | null): this {
    this.text = text;
    this.form = null;
    this.number = -1;
    this.bytes = null;
    return this;
  }

  /**
   * This id is number under form (a prefix alone: the unpadded form), with no text made.
   *
   * @example new IdValue().setNumbered(new IdForm('TK', 8), 7).toString() // 'TK00000007'
   */
  setNumbered(form: IdForm | string, number: number): this {
    this.text = null;
    this.form = typeof form === 'string' ? new IdForm(form, 0) : form;
    this.number = number;
    this.bytes = null;
    return this;
  }

  /**
   * This id is the ASCII bytes bytes[from, to) (every byte below 0x80: the caller checked),
   * with no text made; valid until those bytes change (the reader's next chunk).
   */
  setAscii(bytes: Uint8Array, from: number, to: number): this {
    this.text = null;
    this.form = null;
    this.number = -1;
    this.bytes = bytes;
    this.from = from;
    this.to = to;
    return this;
  }

  /** The id's text, made once when the id was read as a number or bytes; '' for no id. */
  toString(): string {
    if (this.text === null) {
      if (this.number >= 0) this.text = this.form!.text(this.number);
      else if (this.bytes !== null) {
        this.text = unitsText(this.bytes, this.from, this.to);
        this.bytes = null;
      }
    }
    return this.text ?? '';
  }

  /** The text, or null for no id (group keys, joins). */
  textOrNull(): string | null {
    return this.present ? this.toString() : null;
  }

  /** Counts this id in a distinct count: as a number or as bytes when it is one, so no string is made. */
  addTo(ids: DistinctIds): void {
    if (this.text !== null) ids.add(this.text);
    else if (this.number >= 0) ids.addNumbered(this.form!, this.number);
    else if (this.bytes !== null) ids.addAscii(this.bytes, this.from, this.to);
  }

  /** A copy that owns its value (bytes are decoded: the buffer they lie in is reused). */
  copy(): IdValue {
    const c = new IdValue();
    if (this.bytes !== null) this.toString();
    c.text = this.text;
    c.form = this.form;
    c.number = this.number;
    return c;
  }
}
