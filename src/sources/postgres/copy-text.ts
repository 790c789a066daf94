/**
 * PostgreSQL's `COPY` text format, decoded from `COPY ... TO STDOUT` (each column's text read as
 * copy-columns.ts says; the encoding for `COPY ... FROM STDIN` is copy-encode.ts): rows end at a newline
 * byte, fields are separated by tabs, `\N` is NULL, and backslash escapes stand for the special characters
 * inside a field. Each field's unescaped text is exactly what the server prints for the value in a query
 * result, so the connection's own type parsers turn it into the values.ts representation. Pure: bytes in,
 * column batches out.
 *
 * Raw newline and tab bytes never occur inside a field (the server escapes them), and a UTF-8 multi-byte
 * sequence never contains them, so a chunk's complete lines are decoded as one text and cut there. A field's
 * value may then share that text's memory (a slice of it): whoever keeps a value beyond the batch it came in
 * keeps a copy (`detachText` in shared/detach-text.ts), or it would hold the whole chunk in memory.
 */
import { isAscii } from 'node:buffer';
import { decimalDigits, type LineColumn } from '../../catalog/line-numbers.js';
import { NULL_SPAN, spanValue, type TextSpans } from '../../catalog/text-spans.js';
import type { Row, Value } from '../../catalog/values.js';
import type { RowBatch } from '../contract.js';
import type { CopyColumn } from './copy-columns.js';

/**
 * A batch whose columns named in `readInPlace` come as numbers (`lines`: numeric, dates, timestamps) or as
 * their texts in place (`spans`: text types), not as values (`columns` lacks them). Their arrays are the
 * decoder's own, reused by its next `push`: they are read before it.
 */
export interface DecodedBatch extends RowBatch {
  readonly lines?: Readonly<Record<string, LineColumn>>;
  readonly spans?: Readonly<Record<string, TextSpans>>;
}

/** A line column of a batch: the numbers with the field texts they were read from. */
class TextLine implements LineColumn {
  constructor(
    readonly kind: LineColumn['kind'],
    readonly numbers: Float64Array,
    private readonly spans: TextSpans,
    private readonly parse: (text: string) => Value,
  ) {}

  value(index: number): Value {
    return spanValue(this.spans, index, this.parse);
  }

  digits(index: number): number {
    return decimalDigits(this.spans.text, this.spans.starts[index]!, this.spans.ends[index]!);
  }
}

/**
 * The rows of a column read in place, while a batch is decoded (arrays grown as needed, kept between batches);
 * fields held apart are of type `T` (texts here, values in copy-binary.ts).
 */
export class SpanBuilder<T = string> {
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  /** Line columns' numbers; null for a text column. */
  numbers: Float64Array | null;
  others: T[] = [];
  rows = 0;

  constructor(line: boolean) {
    this.numbers = line ? new Float64Array(1024) : null;
  }

  /** Empties it for the next batch. */
  reset(): void {
    this.rows = 0;
    this.others = [];
  }

  /** Appends a row: `start` and `end` as `TextSpans` holds them, and the number of a line column. */
  add(start: number, end: number, number: number): void {
    const row = this.rows++;
    if (row === this.starts.length) this.grow();
    this.starts[row] = start;
    this.ends[row] = end;
    if (this.numbers !== null) this.numbers[row] = number;
  }

  /** Appends a field held apart (`others`), with a NaN number. */
  addOther(field: T): void {
    this.add(-2 - this.others.length, NULL_SPAN, Number.NaN);
    this.others.push(field);
  }

  private grow(): void {
    const capacity = this.starts.length * 2;
    this.starts = copied(this.starts, new Int32Array(capacity));
    this.ends = copied(this.ends, new Int32Array(capacity));
    if (this.numbers !== null) this.numbers = copied(this.numbers, new Float64Array(capacity));
  }
}

/**
 * One empty array per column for a batch's values, made by a loop: `Array.prototype.map` makes an array of
 * another kind once its caller is optimized, and the decoding code that reads it would be deoptimized.
 */
export function emptyColumns(count: number): Value[][] {
  const columns: Value[][] = [];
  for (let index = 0; index < count; index++) columns.push([]);
  return columns;
}

/** `into` (a larger array) with `from` copied to its start. */
export function copied<T extends Int32Array | Float64Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

const NEWLINE = 0x0a;
const NEWLINE_TEXT = '\n';
const TAB = '\t';
const BACKSLASH = '\\';
const NULL_TEXT = '\\N';

/**
 * Splits a byte stream of COPY text rows into column batches, carrying partial lines across chunks. Columns
 * left out by `select` are skipped over without being decoded (their batches lack them).
 */
export class CopyTextDecoder {
  private rest: Buffer | null = null;
  private wanted: readonly boolean[];
  /** Columns up to the last wanted one: the rest of a line is not even cut. */
  private through: number;
  /** The current batch's rows of the columns read in place (`readInPlace`; null for the others). */
  private spans: readonly (SpanBuilder | null)[];

  constructor(private readonly columns: readonly CopyColumn[]) {
    this.wanted = columns.map(() => true);
    this.through = columns.length;
    this.spans = columns.map(() => null);
  }

  /** Decodes only the columns named in `names` from the next chunk on (every column when null). */
  select(names: ReadonlySet<string> | null): void {
    this.wanted = this.columns.map((column) => names === null || names.has(column.name));
    this.through = this.wanted.lastIndexOf(true) + 1;
  }

  /**
   * Hands the columns named in `names` that can be read in place from the next chunk on without a value per
   * row: numeric, dates and timestamps as numbers with their field texts (`DecodedBatch.lines`), text types
   * as their field texts (`DecodedBatch.spans`), both as ranges of the chunk's text (a chunk of text is
   * checked for ASCII whole, at once).
   */
  readInPlace(names: ReadonlySet<string>): void {
    this.spans = this.columns.map((column) =>
      (column.line !== undefined || column.parse === null) && names.has(column.name)
        ? new SpanBuilder(column.line !== undefined)
        : null,
    );
  }

  /** Decodes the complete lines of `chunk` (with any carried-over bytes); undefined when none ended. */
  push(chunk: Buffer): DecodedBatch | undefined {
    const values = emptyColumns(this.columns.length);
    for (const built of this.spans) built?.reset();
    let start = 0;
    let length = 0;
    if (this.rest !== null) {
      // Only the line that straddles the chunks is joined: the chunk itself is never copied.
      const end = chunk.indexOf(NEWLINE);
      if (end < 0) {
        this.rest = Buffer.concat([this.rest, chunk]);
        return undefined;
      }
      const line = Buffer.concat([this.rest, chunk.subarray(0, end)]).toString('utf8');
      this.decodeLine(line, 0, line.length, line.includes(BACKSLASH), false, values);
      this.rest = null;
      length++;
      start = end + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    let text = '';
    let ascii: DataView | undefined;
    if (last >= start) {
      text = chunk.toString('utf8', start, last + 1);
      const bytes = chunk.subarray(start, last + 1);
      if (isAscii(bytes)) ascii = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      let backslash = text.indexOf(BACKSLASH);
      for (let from = 0; from < text.length; ) {
        const end = text.indexOf(NEWLINE_TEXT, from);
        if (backslash >= 0 && backslash < from) backslash = text.indexOf(BACKSLASH, from);
        this.decodeLine(text, from, end, backslash >= 0 && backslash < end, true, values);
        length++;
        from = end + 1;
      }
      start = last + 1;
    }
    if (start < chunk.length) this.rest = Buffer.from(chunk.subarray(start));
    if (length === 0) return undefined;
    const columns: Record<string, readonly Value[]> = {};
    const lines: Record<string, LineColumn> = {};
    const spans: Record<string, TextSpans> = {};
    this.columns.forEach((column, index) => {
      if (this.wanted[index] !== true) return;
      const built = this.spans[index];
      if (built === null || built === undefined) {
        columns[column.name] = values[index]!;
        return;
      }
      const { rows, others, numbers } = built;
      const texts: TextSpans = {
        text,
        starts: built.starts.subarray(0, rows),
        ends: built.ends.subarray(0, rows),
        others,
        ascii,
      };
      if (numbers === null || column.line === undefined) spans[column.name] = texts;
      else
        lines[column.name] = new TextLine(
          column.line.kind,
          numbers.subarray(0, rows),
          texts,
          column.parse ?? ((field) => field),
        );
    });
    return { length, columns, lines, spans };
  }

  /**
   * Decodes the line of `text` from `from` to `to` (its newline), appending each wanted field's value to its
   * column; `escaped` says whether the line holds a backslash, `batchText` whether `text` is the batch's text
   * (that fields read in place are ranges of).
   */
  private decodeLine(
    text: string,
    from: number,
    to: number,
    escaped: boolean,
    batchText: boolean,
    values: Value[][],
  ): void {
    const columns = this.columns;
    const wanted = this.wanted;
    let position = from;
    for (let index = 0; index < this.through; index++) {
      const column = columns[index]!;
      const out = values[index]!;
      let end = index === columns.length - 1 ? to : text.indexOf(TAB, position);
      if (end < 0 || end > to) end = to;
      if (wanted[index] !== true) {
        position = end + 1;
        continue;
      }
      const spans = this.spans[index];
      if (spans !== null && spans !== undefined) {
        this.readInPlaceField(column, text, position, end, escaped, batchText, spans);
        position = end + 1;
        continue;
      }
      if (column.integer === true) {
        const integer = readInteger(text, position, end);
        if (!Number.isNaN(integer)) {
          out.push(integer);
          position = end + 1;
          continue;
        }
      }
      let field = text.slice(position, end);
      position = end + 1;
      if (escaped && field.includes(BACKSLASH)) {
        if (field === NULL_TEXT) {
          out.push(null);
          continue;
        }
        field = unescapeCopyText(field);
      }
      out.push(column.parse === null ? field : column.parse(field));
    }
  }

  /**
   * Appends the range of a field of a column read in place, and its number for a line column: NULL, a field
   * with escapes and one outside the batch's text are held otherwise (see `TextSpans`), with a NaN number.
   */
  private readInPlaceField(
    column: CopyColumn,
    text: string,
    start: number,
    end: number,
    escaped: boolean,
    batchText: boolean,
    built: SpanBuilder,
  ): void {
    const backslash = escaped ? text.indexOf(BACKSLASH, start) : -1;
    if (batchText && (backslash < 0 || backslash >= end)) {
      built.add(start, end, built.numbers === null ? 0 : column.line!.read(text, start, end));
      return;
    }
    const field = text.slice(start, end);
    if (field === NULL_TEXT) built.add(NULL_SPAN, NULL_SPAN, Number.NaN);
    else built.addOther(backslash < 0 || backslash >= end ? field : unescapeCopyText(field));
  }
}

/** The integer written in `line` from `start` to `end` (an optional `-` and 1 to 15 digits); NaN otherwise. */
function readInteger(line: string, start: number, end: number): number {
  const negative = line.charCodeAt(start) === 45;
  const first = negative ? start + 1 : start;
  if (end <= first || end - first > 15) return Number.NaN;
  let value = 0;
  for (let i = first; i < end; i++) {
    const digit = line.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** The rows of a batch as row objects, in order. */
export function batchToRows(batch: RowBatch): Row[] {
  const names = Object.keys(batch.columns);
  const rows: Row[] = [];
  for (let i = 0; i < batch.length; i++) {
    const row: Record<string, Value> = {};
    for (const name of names) row[name] = batch.columns[name]?.[i] ?? null;
    rows.push(row);
  }
  return rows;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Resolves the backslash escapes of one COPY text field (`\n`, `\t`, `\\`, octal `\123`, hex `\x4a`, ...). */
export function unescapeCopyText(text: string): string {
  let result = '';
  let from = 0;
  let at = text.indexOf('\\');
  while (at >= 0) {
    result += text.slice(from, at);
    const next = text[at + 1];
    if (next === undefined) {
      from = at + 1;
      break;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      result += simple;
      from = at + 2;
    } else if (next >= '0' && next <= '7') {
      const digits = /^[0-7]{1,3}/.exec(text.slice(at + 1))?.[0] ?? next;
      result += String.fromCharCode(Number.parseInt(digits, 8));
      from = at + 1 + digits.length;
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(text[at + 2] ?? '')) {
      const digits = /^[0-9a-fA-F]{1,2}/.exec(text.slice(at + 2))?.[0] ?? '';
      result += String.fromCharCode(Number.parseInt(digits, 16));
      from = at + 2 + digits.length;
    } else {
      // Any other escaped character stands for itself.
      result += next;
      from = at + 2;
    }
    at = text.indexOf('\\', from);
  }
  return result + text.slice(from);
}
