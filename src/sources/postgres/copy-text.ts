/**
 * PostgreSQL's `COPY` text format. Encoded for `COPY ... FROM STDIN` (`encodeCopyLine`): each field in its
 * text form (catalog/value-text.ts) with the COPY escapes on top. Decoded from `COPY ... TO STDOUT`: rows end
 * at a newline byte, fields are separated by tabs, `\N` is NULL, and backslash escapes stand for the special characters inside a field. Each field's
 * unescaped text is exactly what the server prints for the value in a query result, so the connection's own
 * type parsers turn it into the values.ts representation. Pure: bytes in, column batches out.
 *
 * Raw newline and tab bytes never occur inside a field (the server escapes them), and a UTF-8 multi-byte
 * sequence never contains them, so a chunk's complete lines are decoded as one text and cut there. A field's
 * value may then share that text's memory (a slice of it): whoever keeps a value beyond the batch it came in
 * keeps a copy (`detachText` in shared/detach-text.ts), or it would hold the whole chunk in memory.
 */
import { type LineColumn, readPgInstant, readShortDecimal } from '../../catalog/line-numbers.js';
import { NULL_SPAN, type TextSpans } from '../../catalog/text-spans.js';
import { type EncodableType, encodePgText } from '../../catalog/value-text.js';
import type { Row, Value } from '../../catalog/values.js';
import type { CopyField } from '../chunk-decoder.js';
import type { RowBatch } from '../contract.js';

/** How one column's field text becomes a value. */
export interface CopyColumn {
  readonly name: string;
  /** Parses the (unescaped) field text; `null` keeps the text as is. */
  readonly parse: ((text: string) => Value) | null;
  /**
   * The column holds integers that `parse` turns into numbers (bigints past 2^53): short digit runs are then
   * read in place, without a string per value; anything else still goes to `parse`.
   */
  readonly integer?: boolean;
  /**
   * Reads the field text from `start` to `end` in place as a number on the column's line (NaN when it
   * cannot), for consumers that ask for the column in place (`CopyTextDecoder.readInPlace`).
   */
  readonly line?: {
    readonly kind: LineColumn['kind'];
    read(text: string, start: number, end: number): number;
  };
}

/**
 * A batch whose columns named in `readInPlace` come as numbers (`lines`: numeric, dates, timestamps) or as
 * their texts in place (`spans`: text types), not as values (`columns` lacks them). Their arrays are the
 * decoder's own, reused by its next `push`: they are read before it.
 */
export interface DecodedBatch extends RowBatch {
  readonly lines?: Readonly<Record<string, LineColumn>>;
  readonly spans?: Readonly<Record<string, TextSpans>>;
}

/** The rows of a column read in place, while a batch is decoded (arrays grown as needed, kept between batches). */
class SpanBuilder {
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  /** Line columns' numbers; null for a text column. */
  numbers: Float64Array | null;
  others: string[] = [];
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

  private grow(): void {
    const grown = (from: Int32Array) => {
      const to = new Int32Array(from.length * 2);
      to.set(from);
      return to;
    };
    this.starts = grown(this.starts);
    this.ends = grown(this.ends);
    if (this.numbers !== null) {
      const numbers = new Float64Array(this.numbers.length * 2);
      numbers.set(this.numbers);
      this.numbers = numbers;
    }
  }
}

/** The decoder columns of `fields`, each type's text parsed by `parserOf(oid)`. */
export function copyColumnsOf(
  fields: readonly CopyField[],
  parserOf: (oid: number) => (text: string) => Value,
): CopyColumn[] {
  return fields.map(({ name, oid }) => {
    if (TEXT_OIDS.has(oid)) return { name, parse: null };
    const parse = parserOf(oid);
    if (INTEGER_OIDS.has(oid)) return { name, parse, integer: true };
    const line = LINE_READERS.get(oid);
    return {
      name,
      parse: oid === TIMESTAMPTZ_OID ? withUtcFastPath(parse) : parse,
      ...(line ? { line } : {}),
    };
  });
}

const TIMESTAMPTZ_OID = 1184;
/** numeric, date, timestamp and timestamptz: their text read in place as the number on their line. */
const LOCAL_INSTANT: NonNullable<CopyColumn['line']> = {
  kind: 'instant',
  read: (text, start, end) => readPgInstant(text, start, end, false),
};
const LINE_READERS = new Map<number, NonNullable<CopyColumn['line']>>([
  [1700, { kind: 'decimal', read: readShortDecimal }],
  [1082, LOCAL_INSTANT],
  [1114, LOCAL_INSTANT],
  [TIMESTAMPTZ_OID, { kind: 'instant', read: (text, start, end) => readPgInstant(text, start, end, true) }],
]);
/** int8, int2, int4, oid: their parsers give numbers (bigints past 2^53), which the decoder reads in place. */
const INTEGER_OIDS: ReadonlySet<number> = new Set([20, 21, 23, 26]);
/** name, text, bpchar, varchar: builtin types whose value is their text (no parser call needed). */
const TEXT_OIDS: ReadonlySet<number> = new Set([19, 25, 1042, 1043]);

/**
 * timestamptz in UTC (`2024-01-02 03:04:05[.ffffff]+00`, the session's TimeZone) rewritten without a regular
 * expression to what the connection's parser gives (`2024-01-02T03:04:05[.ffffff]Z`); anything else goes to it.
 */
export function withUtcFastPath(parse: (text: string) => Value): (text: string) => Value {
  return (text) => {
    if (
      text.length < 22 ||
      text.charCodeAt(10) !== 32 ||
      text.charCodeAt(13) !== 58 ||
      text.charCodeAt(16) !== 58 ||
      !text.endsWith('+00')
    )
      return parse(text);
    return text.length === 22 ? wholeSecondsUtc(text) : `${text.slice(0, 10)}T${text.slice(11, -3)}Z`;
  };
}

/**
 * `2024-01-02 03:04:05+00` as `2024-01-02T03:04:05Z`, built from its character codes in one flat string: a
 * concatenation would be a rope of slices, copied again the first time the profiler reads its characters.
 */
function wholeSecondsUtc(text: string): string {
  const at = (index: number) => text.charCodeAt(index);
  // biome-ignore format: the characters in their places
  return String.fromCharCode(
    at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9), 84,
    at(11), at(12), at(13), at(14), at(15), at(16), at(17), at(18), 90,
  );
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
   * as their field texts (`DecodedBatch.spans`), both as ranges of the chunk's text.
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
    const values: Value[][] = this.columns.map(() => []);
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
    if (last >= start) {
      text = chunk.toString('utf8', start, last + 1);
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
      };
      if (numbers === null || column.line === undefined) spans[column.name] = texts;
      else
        lines[column.name] = {
          kind: column.line.kind,
          numbers: numbers.subarray(0, rows),
          spans: texts,
          parse: column.parse ?? ((field) => field),
        };
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
    else {
      built.add(-2 - built.others.length, NULL_SPAN, Number.NaN);
      built.others.push(backslash < 0 || backslash >= end ? field : unescapeCopyText(field));
    }
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

/** Escapes one field for COPY text format (`\\N` for NULL). */
export function escapeCopyText(text: string | null): string {
  if (text === null) return '\\N';
  return text.replace(/[\\\n\r\t]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\n' ? '\\n' : char === '\r' ? '\\r' : '\\t',
  );
}

/** One COPY text-format line (with the trailing newline) for `row` over `columns`. */
export function encodeCopyLine(
  row: Readonly<Record<string, Value>>,
  columns: readonly { readonly name: string; readonly type: EncodableType }[],
): string {
  return `${columns.map((column) => escapeCopyText(encodePgText(row[column.name] ?? null, column.type))).join('\t')}\n`;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;

/**
 * The COPY text lines of a column batch over `columns`, the same text as `encodeCopyLine` gives for each of
 * its rows. Column by column, so a column of numbers or of text without special characters costs one
 * conversion per value and no per-row array or escape pass. `cells` is scratch reused between batches.
 */
export function encodeCopyBatch(
  batch: RowBatch,
  columns: readonly { readonly name: string; readonly type: EncodableType }[],
  cells: string[][],
): string {
  const { length } = batch;
  for (let position = 0; position < columns.length; position++) {
    const { name, type } = columns[position]!;
    const values = batch.columns[name];
    cells[position] ??= [];
    const column = cells[position]!;
    for (let offset = 0; offset < length; offset++) {
      const value = values?.[offset] ?? null;
      if (value === null) {
        column[offset] = '\\N';
        continue;
      }
      const text = typeof value === 'string' && type.logical !== 'json' ? value : encodePgText(value, type);
      column[offset] = NEEDS_ESCAPE.test(text) ? escapeCopyText(text) : text;
    }
  }
  let text = '';
  const last = columns.length - 1;
  for (let offset = 0; offset < length; offset++) {
    let line = last < 0 ? '' : cells[0]![offset]!;
    for (let position = 1; position <= last; position++) line += `\t${cells[position]![offset]!}`;
    text += `${line}\n`;
  }
  return text;
}
