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
 *
 * The bytes are the CopyData messages themselves (`CopyOutQuery` with `frames`): PostgreSQL sends one row per
 * message (the file header comes with the first, the trailer in its own), so a row is found by its
 * message's length instead of by walking its fields, and no header is cut out of the stream before. A row
 * whose field count is not the result's means the messages did not hold one row each: an error, not a guess.
 */
import { Buffer } from 'node:buffer';
import type { LineColumn } from '../../catalog/line-numbers.js';
import { isAsciiRange, NULL_SPAN, type TextSpans } from '../../catalog/text-spans.js';
import type { Value } from '../../catalog/values.js';
import type { CopyField } from '../chunk-decoder.js';
import {
  type BinaryColumn,
  binaryColumn,
  type Chunk,
  fieldValue,
  isInteger,
  isLine,
  isTextual,
  Kind,
  lineNumbers,
  lineValue,
} from './copy-binary-fields.js';
import { numericDigits } from './copy-binary-lines.js';
import { copied, type DecodedBatch, emptyColumns, SpanBuilder } from './copy-text.js';
import type { TypeRegistry } from './type-registry.js';

/** `PGCOPY\n\377\r\n\0`, then 32 bits of flags and the length of a header extension. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER = SIGNATURE.length + 8;
const TRAILER = -1;
/** A CopyData message's header: its type byte and its length (which counts itself). */
const MESSAGE_HEADER = 5;

/** How columns are read in place (`CopyBinaryDecoder.readInPlace`). */
export interface InPlaceOptions {
  /** Text ranges are left unchecked for ASCII (`TextSpans.unchecked`). */
  readonly unchecked?: boolean;
}

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
 * Splits the CopyData messages of a binary COPY into column batches, carrying a row across chunks; columns
 * left out by `select` are skipped, columns named in `readInPlace` come as `DecodedBatch.lines` and `.spans`.
 */
export class CopyBinaryDecoder {
  private rest: Buffer | null = null;
  private started = false;
  private ended = false;
  private wanted: readonly boolean[];
  private through: number;
  private places: readonly (SpanBuilder<Value> | null)[];
  /** Text columns read in place are not checked for ASCII (`readInPlace`). */
  private unchecked = false;
  /** Where each complete row of the current chunk starts (kept between chunks). */
  private rowStarts = new Int32Array(1024);
  /** Where the complete messages of the current chunk end. */
  private messagesEnd = 0;
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

  /**
   * Hands the text, integer, numeric, date and timestamp columns named in `names` in place from the next
   * chunk on. With `unchecked`, a text field is a range of the chunk whatever its bytes, for a consumer that
   * reads every range's bytes anyway and checks them for ASCII as it goes (`TextSpans.unchecked`): no
   * decoding pass over them first.
   */
  readInPlace(names: ReadonlySet<string>, { unchecked = false }: InPlaceOptions = {}): void {
    this.unchecked = unchecked;
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
    const values = emptyColumns(this.columns.length);
    for (const built of this.places) built?.reset();
    let length = 0;
    if (this.rest !== null) {
      // Only the message that straddles the chunks is joined: the chunk itself is not copied.
      const joined = joinMessage(this.rest, data);
      if (joined === null) {
        this.rest = Buffer.concat([this.rest, data]);
        return undefined;
      }
      data = data.subarray(joined.length - this.rest.length);
      this.rest = null;
      const chunk = this.chunkOf(joined);
      if (this.findRows(chunk.view) === 1) {
        this.decodeRow(chunk, this.rowStarts[0]!, false, values);
        length++;
      }
    }
    const view = new DataView(data.buffer, data.byteOffset, data.length);
    const rows = this.ended ? 0 : this.findRows(view);
    const stop = this.ended ? data.length : this.messagesEnd;
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
   * The rows of the complete messages of `view`: their starts in `rowStarts`, their count returned, where the
   * messages end in `messagesEnd`. The first message opens with the file header; the trailer ends the stream.
   */
  private findRows(view: DataView): number {
    const end = view.byteLength;
    const width = this.columns.length;
    let starts = this.rowStarts;
    let rows = 0;
    let at = 0;
    while (at + MESSAGE_HEADER <= end) {
      const next = at + 1 + view.getInt32(at + 1);
      if (next > end) break;
      let row = at + MESSAGE_HEADER;
      at = next;
      if (!this.started) {
        row = this.skipHeader(view, row, next);
        if (row === next) continue;
      }
      const fields = view.getInt16(row);
      if (fields !== width) {
        if (fields === TRAILER) {
          this.ended = true;
          break;
        }
        throw new Error(`A binary COPY row came with ${fields} fields where ${width} were read.`);
      }
      if (rows + 1 >= starts.length) starts = this.rowStarts = copied(starts, new Int32Array(rows * 2 + 2));
      starts[rows++] = row;
    }
    this.messagesEnd = at;
    return rows;
  }

  /** Checks the file header at `at` of the first message (which ends at `end`); where its rows start. */
  private skipHeader(view: DataView, at: number, end: number): number {
    const bytes = new Uint8Array(view.buffer, view.byteOffset + at, Math.max(0, Math.min(HEADER, end - at)));
    if (bytes.length < HEADER || !SIGNATURE.equals(bytes.subarray(0, SIGNATURE.length)))
      throw new Error('COPY TO in binary format sent no binary COPY header.');
    const extension = view.getInt32(at + HEADER - 4);
    if (extension < 0 || at + HEADER + extension > end)
      throw new Error('COPY TO in binary format sent a header extension past its message.');
    this.started = true;
    return at + HEADER + extension;
  }

  /** Decodes the row at `at`; `inBatch` says whether `chunk` is the batch's (in-place fields are ranges of). */
  private decodeRow(chunk: Chunk, at: number, inBatch: boolean, values: Value[][]): void {
    const { columns, wanted, places, unchecked } = this;
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
        if (inBatch && (unchecked || isAsciiRange(view, start, position))) place.add(start, position, 0);
        else place.addOther(chunk.bytes.toString('utf8', start, position));
      } else if (inBatch)
        place.add(start, position, 0); // its number is read with the column's (`batch`)
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
          unchecked: this.unchecked,
        };
      else
        lines[column.name] = new BinaryLine(
          column.kind === Kind.Numeric ? 'decimal' : isInteger(column.kind) ? 'integer' : 'instant',
          lineNumbers(column.kind, view, starts, place.numbers),
          column,
          view,
          starts,
          place.others,
        );
    });
    return { length, columns, lines, spans };
  }
}

/**
 * The message that starts in `rest` and ends in `data`, as bytes of its own (`rest` and the first bytes of
 * `data`); null when it does not end in `data` either.
 */
function joinMessage(rest: Buffer, data: Buffer): Buffer | null {
  const head =
    rest.length >= MESSAGE_HEADER
      ? rest
      : Buffer.concat([rest, data.subarray(0, MESSAGE_HEADER - rest.length)]);
  if (head.length < MESSAGE_HEADER) return null;
  const used = 1 + head.readInt32BE(1) - rest.length;
  if (used > data.length) return null;
  return Buffer.concat([rest, data.subarray(0, used)]);
}
