/**
 * Writes a row stream into one table with `LOAD DATA LOCAL INFILE`, the server's bulk path, from a stream
 * generated as it goes (no file on disk; the server's request for a file name is answered with this stream
 * alone). LOCAL makes the server downgrade what would be errors (a duplicate key, a value out of range, a
 * broken reference) to warnings and skip or adjust the row, so the load is checked afterwards: any warning,
 * or a row count other than the rows sent, fails it (and the caller's transaction rolls it back). Used for
 * tables whose fields all have a plain text form (no binary or bit columns); `insert-rows.ts` does the rest.
 * The caller owns the transaction.
 */
import { encodeJson } from '../../../catalog/value-text.js';
import type { Row, Value } from '../../../catalog/values.js';
import { DoppelError } from '../../../shared/errors.js';
import type { DatasetTask, FieldTask, TypeTask } from '../../../tasks/types.js';
import { writableFields } from '../../writable-fields.js';
import { quoteIdentifier } from '../identifiers.js';
import type { MysqlWritable } from '../queryable.js';
import { isSpatial, toUtcText } from '../value-literal.js';

/** Bytes inside JSON as `\x` hex text, as PostgreSQL's `to_json` writes them. */
const JSON_BYTES = { binary: 'hex' } as const;

/** Lines are grouped into chunks of about this many characters before they reach the socket. */
const CHUNK_CHARS = 256 * 1024;
const ESCAPED = /[\\\t\n\r\0]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
};

/** Whether every field of `dataset` that a load writes has a text form LOAD DATA reads back exactly. */
export function fitsLoadData(dataset: DatasetTask): boolean {
  return writableFields(dataset).every(
    (field) => field.type.logical !== 'binary' && field.type.logical !== 'bit',
  );
}

/** One value in LOAD DATA's text format (tab-separated fields, backslash escapes, `\N` for NULL). */
function encodeField(value: Value, type: TypeTask): string {
  if (value === null) return '\\N';
  let text: string;
  switch (type.logical) {
    case 'json':
    case 'array':
    case 'object':
      text = encodeJson(value, JSON_BYTES);
      break;
    case 'timestamp':
      text = String(value).replace('T', ' ');
      break;
    case 'timestamptz':
      text = toUtcText(String(value));
      break;
    case 'time':
      text = String(value).replace(/(Z|[+-]\d{2}(:?\d{2})?)$/, '');
      break;
    default:
      if (typeof value === 'boolean') return value ? '1' : '0';
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new DoppelError('invalidInput', `MySQL cannot store the number ${String(value)}.`);
      text =
        typeof value === 'object' && !(value instanceof Uint8Array)
          ? encodeJson(value, JSON_BYTES)
          : String(value);
  }
  return text.replace(ESCAPED, (char) => ESCAPES[char] ?? char);
}

/** Loads `rows` into `table` (quoted); returns the number of rows written. */
export async function loadDataRows(
  db: MysqlWritable,
  table: string,
  dataset: DatasetTask,
  rows: AsyncIterable<Row>,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (rows: number) => void },
): Promise<number> {
  const fields: FieldTask[] = writableFields(dataset);
  let count = 0;
  async function* encode(): AsyncGenerator<Buffer> {
    let chunk = '';
    for await (const row of rows) {
      options.signal?.throwIfAborted();
      for (let index = 0; index < fields.length; index++) {
        const field = fields[index]!;
        if (index > 0) chunk += '\t';
        chunk += encodeField(row[field.name] ?? null, field.type);
      }
      chunk += '\n';
      count += 1;
      if (chunk.length >= CHUNK_CHARS) {
        yield Buffer.from(chunk, 'utf8');
        chunk = '';
        options.onProgress?.(count);
      }
    }
    if (chunk !== '') yield Buffer.from(chunk, 'utf8');
    options.onProgress?.(count);
  }
  // Hex literals: doppel's sql_mode (NO_BACKSLASH_ESCAPES) would read '\t' as two characters. A spatial
  // value is read into a variable and stored from its WKT text.
  const columns = fields.map((field, index) =>
    isSpatial(field.type) ? `@v${index}` : quoteIdentifier(field.name),
  );
  const spatial = fields.flatMap((field, index) =>
    isSpatial(field.type) ? [`${quoteIdentifier(field.name)} = ST_GeomFromText(@v${index})`] : [],
  );
  const sql =
    `LOAD DATA LOCAL INFILE 'doppel-rows' INTO TABLE ${table} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY X'09' ESCAPED BY X'5C' LINES TERMINATED BY X'0A' (${columns.join(', ')})` +
    (spatial.length > 0 ? ` SET ${spatial.join(', ')}` : '');
  const result = await db.loadLocal(sql, encode());
  if (result.warnings > 0 || result.rows !== count) {
    const warnings = await db.query<{ Message: string }>('SHOW WARNINGS LIMIT 5');
    throw new DoppelError(
      'refused',
      `MySQL took ${result.rows} of ${count} rows into ${table} with ${result.warnings} warning(s); nothing was written.`,
      { details: warnings.map((warning) => warning.Message) },
    );
  }
  return count;
}
