/**
 * CSV (RFC 4180): a header row, CRLF-free `\n` line ends, fields quoted when they hold a comma, quote or line
 * break. NULL is an empty unquoted field and an empty string is `""`, which is how PostgreSQL's COPY ... CSV
 * tells them apart. Values are in PostgreSQL's text forms (encode-text.ts).
 */
import type { Row } from '../../catalog/values.js';
import { encodePgText } from './encode-text.js';
import type { ByteOutput, RowSink, SinkColumn } from './sink.js';

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field (never called for null). */
export function quoteCsv(text: string): string {
  if (text === '') return '""';
  // `\.` alone is COPY's end-of-data marker: quoted, it is data.
  return NEEDS_QUOTES.test(text) || text === '\\.' ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV sink over `output`. */
export function createCsvSink(output: ByteOutput, columns: readonly SinkColumn[], header = true): RowSink {
  const names = columns.map((column) => column.name);
  const encoders = columns.map((column) => {
    const type = column.type;
    const simple = type.logical === 'integer' || type.logical === 'float' || type.logical === 'boolean';
    return simple
      ? (value: NonNullable<Row[string]>) =>
          typeof value === 'number' && !Number.isFinite(value) ? encodePgText(value, type) : String(value)
      : (value: NonNullable<Row[string]>) =>
          quoteCsv(typeof value === 'string' ? value : encodePgText(value, type));
  });
  let started = !header;
  return {
    async write(rows) {
      let text = started ? '' : `${names.map(quoteCsv).join(',')}\n`;
      started = true;
      const count = names.length;
      for (const row of rows) {
        let line = '';
        for (let i = 0; i < count; i++) {
          const value = row[names[i]!];
          if (i > 0) line += ',';
          if (value !== null && value !== undefined) line += encoders[i]!(value);
        }
        text += `${line}\n`;
      }
      await output.write(text);
    },
    async close() {
      if (!started) await output.write(`${names.map(quoteCsv).join(',')}\n`);
      await output.commit();
    },
    abort: () => output.discard(),
  };
}
