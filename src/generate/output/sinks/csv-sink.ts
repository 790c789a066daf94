/**
 * CSV (RFC 4180): a header row, CRLF-free `\n` line ends, fields quoted when they hold a comma, quote or line
 * break. NULL is an empty unquoted field and an empty string is `""`, which is how PostgreSQL's COPY ... CSV
 * tells them apart. Values are in PostgreSQL's text forms (catalog/value-text.ts).
 *
 * The column path (`writeColumns`) is the hot one: each column of a batch is encoded in one loop, the quoting
 * test runs once over the whole column's text (a batch of emails almost never needs quotes), and the batch's
 * text is assembled row by row from the encoded columns.
 */

import { encodePgText, type TextEncoding } from '../../../catalog/value-text.js';
import type { Value } from '../../../catalog/values.js';
import type { TypeTask } from '../../../tasks/types.js';
import type { ColumnBatch } from '../column-batch.js';
import type { ByteOutput, RowSink, SinkColumn } from './sink.js';

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field (never called for null). */
export function quoteCsv(text: string): string {
  if (text === '') return '""';
  // `\.` alone is COPY's end-of-data marker: quoted, it is data.
  return NEEDS_QUOTES.test(text) || text === '\\.' ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A file reads a document's array of objects better as JSON than as an SQL array literal. */
const CSV_TEXT: TextEncoding = { documentArraysAsJson: true };

/** The unquoted text of a non-null value; numbers and booleans never need quotes. */
function encodeCell(value: NonNullable<Value>, type: TypeTask): string {
  // A JSON string is written as JSON text (quoted), like every other JSON value.
  if (type.logical === 'json') return encodePgText(value, type, CSV_TEXT);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : encodePgText(value, type);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return encodePgText(value, type, CSV_TEXT);
}

/**
 * Encodes `length` values of one column into `cells[0..length)`: null as nothing, the rest as CSV fields.
 * Text is checked for characters that need quotes once per column, by one scan over the joined texts.
 */
function encodeColumn(values: readonly Value[], length: number, type: TypeTask, cells: string[]): void {
  let texts = false;
  for (let offset = 0; offset < length; offset++) {
    const value = values[offset];
    if (value === null || value === undefined) {
      cells[offset] = '';
      continue;
    }
    const text = encodeCell(value, type);
    if (typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'bigint') {
      texts = true;
      if (text === '' || text === '\\.') {
        cells[offset] = quoteCsv(text);
        continue;
      }
    }
    cells[offset] = text;
  }
  if (!texts) return;
  cells.length = length;
  if (!NEEDS_QUOTES.test(cells.join(''))) return;
  for (let offset = 0; offset < length; offset++) {
    const value = values[offset];
    if (value !== null && value !== undefined && typeof value !== 'number' && typeof value !== 'boolean')
      cells[offset] = quoteCsv(encodeCell(value, type));
  }
}

/** Encodes a column known to need no quotes (SinkColumn.plain): null as nothing, the rest as their text. */
function encodePlainColumn(values: readonly Value[], length: number, type: TypeTask, cells: string[]): void {
  for (let offset = 0; offset < length; offset++) {
    const value = values[offset];
    cells[offset] =
      value === null || value === undefined
        ? ''
        : typeof value === 'string'
          ? value
          : encodeCell(value, type);
  }
}

/** A CSV sink over `output`. */
export function createCsvSink(output: ByteOutput, columns: readonly SinkColumn[], header = true): RowSink {
  const names = columns.map((column) => column.name);
  const types = columns.map((column) => column.type);
  const plain = columns.map((column) => column.plain === true && column.type.logical !== 'json');
  const count = names.length;
  let started = !header;
  const headerText = () => {
    started = true;
    return `${names.map(quoteCsv).join(',')}\n`;
  };
  // Reused between batches: the encoded cells, one array per column.
  const cells: string[][] = names.map(() => []);
  return {
    async write(rows) {
      let text = started ? '' : headerText();
      for (const row of rows) {
        let line = '';
        for (let i = 0; i < count; i++) {
          const value = row[names[i]!];
          if (i > 0) line += ',';
          if (value !== null && value !== undefined) line += quoteCsv(encodeCell(value, types[i]!));
        }
        text += `${line}\n`;
      }
      await output.write(text);
    },
    async writeColumns(batch: ColumnBatch) {
      const length = batch.length;
      for (let position = 0; position < count; position++) {
        const values = batch.columns[position]!;
        if (plain[position]) encodePlainColumn(values, length, types[position]!, cells[position]!);
        else encodeColumn(values, length, types[position]!, cells[position]!);
      }
      // Concatenation builds a rope that is flattened once, by the UTF-8 encoder: measured faster than
      // joining an array of cells or writing each cell into a buffer.
      let body = '';
      const last = count - 1;
      for (let offset = 0; offset < length; offset++) {
        let line = last < 0 ? '' : cells[0]![offset]!;
        for (let position = 1; position <= last; position++) line += `,${cells[position]![offset]!}`;
        body += `${line}\n`;
      }
      await output.write(started ? body : headerText() + body);
    },
    async writeEncoded(bytes) {
      if (!started) await output.write(headerText());
      await output.write(bytes);
    },
    async close() {
      if (!started) await output.write(headerText());
      await output.commit();
    },
    abort: () => output.discard(),
  };
}
