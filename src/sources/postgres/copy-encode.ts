/**
 * PostgreSQL's `COPY` text format, encoded for `COPY ... FROM STDIN`: each field in its text form
 * (catalog/value-text.ts) with the COPY escapes on top (the decoding is copy-text.ts).
 */
import { type EncodableType, encodePgText } from '../../catalog/value-text.js';
import type { Value } from '../../catalog/values.js';
import type { RowBatch } from '../contract.js';

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
