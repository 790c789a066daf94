/**
 * Maps a MySQL/MariaDB column type onto the neutral model: the logical type, the native type exactly as the
 * server declares it (`COLUMN_TYPE`), lengths, precision and scale, enum and set members, and the type facts
 * (integer widths and unsignedness, float widths, storable date and timestamp ranges, time zones) that the
 * generator and the sinks read instead of the native name. Pure.
 */

import type { LogicalType } from '../../../catalog/logical-type.js';
import type { FieldType } from '../../../catalog/model.js';

/** What the mapping reads of a column (a subset of `RawColumn`). */
export interface ColumnTypeInput {
  readonly dataType: string;
  readonly columnType: string;
  readonly characterLength: number | null;
  readonly numericPrecision: number | null;
  readonly numericScale: number | null;
  readonly datetimePrecision: number | null;
  /** MariaDB's `json` is `longtext` with a `json_valid` check: the extractor says when it found one. */
  readonly json?: boolean;
}

const INTEGER_BITS: Readonly<Record<string, number>> = {
  tinyint: 8,
  smallint: 16,
  mediumint: 24,
  int: 32,
  integer: 32,
  bigint: 64,
};

const TEXT_TYPES = new Set(['tinytext', 'text', 'mediumtext', 'longtext']);
const BINARY_TYPES = new Set(['tinyblob', 'blob', 'mediumblob', 'longblob', 'binary', 'varbinary']);

/** DATE, DATETIME: years 1000 to 9999. TIMESTAMP: seconds since 1970 in 32 bits (to 2038-01-19 03:14:07 UTC). */
const DATE_RANGE = { earliest: '1000-01-01', latest: '9999-12-31' } as const;
const DATETIME_RANGE = { earliest: '1000-01-01T00:00:00', latest: '9999-12-31T23:59:59' } as const;
const TIMESTAMP_RANGE = { earliest: '1970-01-01T00:00:01', latest: '2038-01-19T03:14:07' } as const;

/** The field type of a column. */
export function resolveFieldType(column: ColumnTypeInput): FieldType {
  const native = column.columnType;
  const name = column.dataType.toLowerCase();
  const unsigned = /\bunsigned\b/i.test(native);
  const make = (logical: LogicalType, extra: Omit<FieldType, 'logical' | 'native'> = {}): FieldType => ({
    logical,
    native,
    ...extra,
  });
  // MariaDB declares `json` as `longtext` plus a check: the native name is the one the schema was written with.
  if (column.json === true || name === 'json') return { logical: 'json', native: 'json' };
  const bits = INTEGER_BITS[name];
  if (bits !== undefined) {
    // tinyint(1) is how MySQL spells BOOLEAN.
    if (name === 'tinyint' && /^tinyint\(1\)$/i.test(native.trim())) return make('boolean');
    return make('integer', { bits, ...(unsigned ? { unsigned: true } : {}) });
  }
  switch (name) {
    case 'decimal':
    case 'numeric':
      // `special: []` says so explicitly: MySQL stores no NaN or infinity in any numeric type.
      return make('decimal', {
        special: [],
        ...(column.numericPrecision !== null ? { precision: column.numericPrecision } : {}),
        ...(column.numericScale !== null ? { scale: column.numericScale } : {}),
      });
    case 'float':
      return make('float', { bits: 32, special: [] });
    case 'double':
    case 'real':
      return make('float', { bits: 64, special: [] });
    case 'bit': {
      const length = column.numericPrecision ?? Number(/\((\d+)\)/.exec(native)?.[1] ?? 1);
      return make('bit', { length, fixedLength: true });
    }
    case 'year':
      // 1901..2155 (and 0000): two bytes would allow more, so only the width is not claimed; the stats bound it.
      return make('integer', { unsigned: true });
    case 'date':
      return make('date', { ...DATE_RANGE });
    case 'datetime':
      return make('timestamp', { ...DATETIME_RANGE, ...timePrecision(column) });
    case 'timestamp':
      // Stored as UTC and shown in the session's zone (doppel's sessions use UTC): an instant, like timestamptz.
      return make('timestamptz', { ...TIMESTAMP_RANGE, zoned: true, ...timePrecision(column) });
    case 'time':
      return make('time', timePrecision(column));
    case 'char':
    case 'varchar':
      return make('string', {
        ...(column.characterLength !== null ? { length: column.characterLength } : {}),
        ...(name === 'char' ? { fixedLength: true } : {}),
      });
    case 'enum':
    case 'set':
      return make('enum', { labels: parseMembers(native) });
    case 'uuid':
      // MariaDB 10.7+ has a native UUID type.
      return make('uuid', { bits: 128 });
    case 'inet4':
    case 'inet6':
      return make('inet');
  }
  if (TEXT_TYPES.has(name)) return make('string');
  if (BINARY_TYPES.has(name))
    return make('binary', {
      ...((name === 'binary' || name === 'varbinary') && column.characterLength !== null
        ? { length: column.characterLength }
        : {}),
      ...(name === 'binary' ? { fixedLength: true } : {}),
    });
  return make('opaque');
}

function timePrecision(column: ColumnTypeInput): Pick<FieldType, 'timePrecision'> {
  return column.datetimePrecision !== null && column.datetimePrecision > 0
    ? { timePrecision: column.datetimePrecision }
    : {};
}

/** The members of `enum('a','b''c')` or `set(...)`, in declared order. */
export function parseMembers(columnType: string): string[] {
  const open = columnType.indexOf('(');
  const close = columnType.lastIndexOf(')');
  if (open < 0 || close < open) return [];
  const body = columnType.slice(open + 1, close);
  const members: string[] = [];
  let index = 0;
  while (index < body.length) {
    if (body[index] !== "'") {
      index++;
      continue;
    }
    let text = '';
    index++;
    while (index < body.length) {
      const char = body[index] as string;
      if (char === "'" && body[index + 1] === "'") {
        text += "'";
        index += 2;
      } else if (char === '\\' && index + 1 < body.length) {
        text += body[index + 1];
        index += 2;
      } else if (char === "'") {
        index++;
        break;
      } else {
        text += char;
        index++;
      }
    }
    members.push(text);
  }
  return members;
}
