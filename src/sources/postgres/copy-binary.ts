/**
 * PostgreSQL's binary `COPY` format, decoded from `COPY ... TO STDOUT (FORMAT binary)` for results whose
 * columns are all of types read from it (`readsBinary`): a row is its field count and each field its length
 * and its bytes, so no separator is searched for and no escape undone; integers and instants come as numbers
 * and decimals as base-10000 digits. The values, and the numbers of columns read in place, are the ones the
 * text format gives (copy-text.ts), to the last bit (copy-binary-fields.ts reads each field).
 *
 * A batch's text fields read in place are ranges of the chunk decoded as Latin-1, where character i is byte
 * i: an ASCII field is its own range, any other is decoded from UTF-8 as a string of its own (`TextSpans`).
 * A row across two chunks is decoded from a copy of its bytes, its in-place fields held as their values.
 */
import { Buffer } from 'node:buffer';
import type { LineColumn } from '../../catalog/line-numbers.js';
import { NULL_SPAN, type TextSpans } from '../../catalog/text-spans.js';
import type { Value } from '../../catalog/values.js';
import type { CopyField } from '../chunk-decoder.js';
import {
  type BinaryColumn,
  binaryColumn,
  type Chunk,
  fieldValue,
  isAsciiRange,
  isLine,
  isTextual,
  Kind,
  lineNumber,
  lineValue,
} from './copy-binary-fields.js';
import { numericDigits } from './copy-binary-lines.js';
import { copied, type DecodedBatch, SpanBuilder } from './copy-text.js';
import type { TypeRegistry } from './type-registry.js';

/** `PGCOPY\n\377\r\n\0`, then 32 bits of flags and the length of a header extension. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = SIGNATURE.length + 8;
const TRAILER = -1;

/** A line column of a batch: numbers, with the bytes their values are rebuilt from. */
class BinaryLine implements LineColumn {
  constructor(
    readonly kind: LineColumn['kind'],
    readonly numbers: Float64Array,
    private readonly column: BinaryColumn,
    private readonly view: DataView,
    private readonly starts: Int32Array,
    private readonly others: readonly Value[],
  ) {}

  value(index: number): Value {
    const start = this.starts[index]!;
    if (start === NULL_SPAN) return null;
    return start < 0 ? this.others[-2 - start]! : lineValue(this.column, this.view, start);
  }

  digits(index: number): number {
    return numericDigits(this.view, this.starts[index]!);
  }
}

/**
 * Splits a byte stream of binary COPY into column batches, carrying a row across chunks; columns left out by
 * `select` are skipped, columns named in `readInPlace` come as `DecodedBatch.lines` and `.spans`.
 */
export class CopyBinaryDecoder {
  private rest: Buffer | null = null;
  private started = false;
  private ended = false;
  private wanted: readonly boolean[];
  private through: number;
  private places: readonly (SpanBuilder<Value> | null)[];
  /** Where each complete row of the current chunk starts (kept between chunks). */
  private rowStarts = new Int32Array(1024);
  private readonly columns: readonly BinaryColumn[];
  /** Some column's values are texts (cut from the chunk's Latin-1 text, see `chunkText`). */
  private readonly textual: boolean;

  constructor(
    fields: readonly CopyField[],
    types: TypeRegistry,
    parserOf: (oid: number) => (text: string) => Value,
  ) {
    this.columns = fields.map(({ name, oid }) => binaryColumn(name, oid, types, parserOf));
    this.textual = this.columns.some(isTextual);
    this.wanted = this.columns.map(() => true);
    this.through = this.columns.length;
    this.places = this.columns.map(() => null);
  }

  /** Decodes only the columns named in `names` from the next chunk on (every column when null). */
  select(names: ReadonlySet<string> | null): void {
    this.wanted = this.columns.map((column) => names === null || names.has(column.name));
    this.through = this.wanted.lastIndexOf(true) + 1;
  }

  /** Hands the text, numeric, date and timestamp columns named in `names` in place from the next chunk on. */
  readInPlace(names: ReadonlySet<string>): void {
    this.places = this.columns.map((column) =>
      names.has(column.name) && (column.kind === Kind.Text || isLine(column.kind))
        ? new SpanBuilder<Value>(column.kind !== Kind.Text)
        : null,
    );
  }

  /** Decodes the complete rows of `bytes` (with any carried-over bytes); undefined when none ended. */
  push(bytes: Buffer): DecodedBatch | undefined {
    if (this.ended) return undefined;
    let data = bytes;
    if (!this.started) {
      data = this.rest === null ? bytes : Buffer.concat([this.rest, bytes]);
      this.rest = null;
      const extension = data.length >= HEADER ? data.readInt32BE(HEADER - 4) : -1;
      if (extension < 0 || data.length < HEADER + extension) {
        this.rest = Buffer.from(data);
        return undefined;
      }
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE))
        throw new Error('COPY TO in binary format sent no binary COPY header.');
      this.started = true;
      data = data.subarray(HEADER + extension);
    }
    const values: Value[][] = this.columns.map(() => []);
    for (const built of this.places) built?.reset();
    let length = 0;
    let from = 0;
    if (this.rest !== null) {
      // Only the row that straddles the chunks is joined: the chunk itself is not copied.
      const joined = joinRow(this.rest, data);
      if (joined === null) {
        this.rest = Buffer.concat([this.rest, data]);
        return undefined;
      }
      if (joined.end < 0) this.ended = true;
      else {
        this.decodeRow(this.chunkOf(joined.bytes), 0, false, values);
        length++;
        from = joined.end - this.rest.length;
      }
      this.rest = null;
    }
    const view = new DataView(data.buffer, data.byteOffset, data.length);
    const rows = this.ended ? 0 : this.findRows(view, from);
    const stop = this.ended ? data.length : this.rowStarts[rows]!;
    const chunk = this.chunkOf(data.subarray(0, stop));
    for (let row = 0; row < rows; row++) this.decodeRow(chunk, this.rowStarts[row]!, true, values);
    length += rows;
    if (stop < data.length) this.rest = Buffer.from(data.subarray(stop));
    if (length === 0) return undefined;
    return this.batch(length, values, chunk);
  }

  /** `bytes` to decode rows from, with their Latin-1 text when a column reads texts from it. */
  private chunkOf(bytes: Buffer): Chunk {
    return {
      bytes,
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length),
      text: this.textual ? bytes.toString('latin1') : '',
    };
  }

  /**
   * The complete rows from `from` on: their starts in `rowStarts` (and where the last ends after them), their
   * count returned; the trailer ends the stream.
   */
  private findRows(view: DataView, from: number): number {
    const end = view.byteLength;
    let rows = 0;
    let at = from;
    for (;;) {
      const next = rowEnd(view, at, end);
      if (next === 0) break;
      if (next < 0) {
        this.ended = true;
        break;
      }
      if (rows + 1 >= this.rowStarts.length)
        this.rowStarts = copied(this.rowStarts, new Int32Array(rows * 2 + 2));
      this.rowStarts[rows++] = at;
      at = next;
    }
    this.rowStarts[rows] = at;
    return rows;
  }

  /** Decodes the row at `at`; `inBatch` says whether `chunk` is the batch's (in-place fields are ranges of). */
  private decodeRow(chunk: Chunk, at: number, inBatch: boolean, values: Value[][]): void {
    const { columns, wanted, places } = this;
    const { view } = chunk;
    let position = at + 2;
    for (let index = 0; index < this.through; index++) {
      const size = view.getInt32(position);
      const start = position + 4;
      position = size > 0 ? start + size : start;
      if (wanted[index] !== true) continue;
      const column = columns[index]!;
      const place = places[index];
      if (place === null || place === undefined)
        values[index]!.push(size < 0 ? null : fieldValue(column, chunk, start, position));
      else if (size < 0) place.add(NULL_SPAN, NULL_SPAN, Number.NaN);
      else if (column.kind === Kind.Text) {
        if (inBatch && isAsciiRange(view, start, position)) place.add(start, position, 0);
        else place.addOther(chunk.bytes.toString('utf8', start, position));
      } else if (inBatch) place.add(start, position, lineNumber(column.kind, view, start));
      else place.addOther(lineValue(column, view, start));
    }
  }

  private batch(length: number, values: Value[][], chunk: Chunk): DecodedBatch {
    const { text, view } = chunk;
    const columns: Record<string, readonly Value[]> = {};
    const lines: Record<string, LineColumn> = {};
    const spans: Record<string, TextSpans> = {};
    this.columns.forEach((column, index) => {
      if (this.wanted[index] !== true) return;
      const place = this.places[index];
      if (place === null || place === undefined) {
        columns[column.name] = values[index]!;
        return;
      }
      const starts = place.starts.subarray(0, place.rows);
      if (place.numbers === null)
        spans[column.name] = {
          text,
          starts,
          ends: place.ends.subarray(0, place.rows),
          others: place.others as string[],
          ascii: view,
        };
      else
        lines[column.name] = new BinaryLine(
          column.kind === Kind.Numeric ? 'decimal' : 'instant',
          place.numbers.subarray(0, place.rows),
          column,
          view,
          starts,
          place.others,
        );
    });
    return { length, columns, lines, spans };
  }
}

/** The end of the row at `at` when it ends by `end`; 0 when it does not, -1 for the trailer. */
function rowEnd(view: DataView, at: number, end: number): number {
  if (at + 2 > end) return 0;
  const fields = view.getInt16(at);
  if (fields === TRAILER) return -1;
  let position = at + 2;
  for (let field = 0; field < fields; field++) {
    if (position + 4 > end) return 0;
    const size = view.getInt32(position);
    position += size > 0 ? 4 + size : 4;
  }
  return position <= end ? position : 0;
}

/**
 * The row that starts in `rest` and ends in `data`, as bytes of its own with its end (-1 for the trailer);
 * null when it does not end in `data` either.
 */
function joinRow(rest: Buffer, data: Buffer): { bytes: Buffer; end: number } | null {
  for (let take = Math.min(data.length, Math.max(4096, rest.length)); ; take = data.length) {
    const bytes = Buffer.concat([rest, data.subarray(0, take)]);
    const end = rowEnd(new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 0, bytes.length);
    if (end !== 0) return { bytes, end };
    if (take === data.length) return null;
  }
}
