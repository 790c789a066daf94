/**
 * Values (`catalog/values.ts`) as MySQL/MariaDB SQL literals, driven by the field's neutral type: numbers bare,
 * booleans as 1/0, binary as `X'..'`, bit strings as `b'..'`, JSON (and arrays or documents from other
 * engines) as JSON text, timestamps without the `T` and with instants converted to UTC (doppel's sessions
 * run in UTC), spatial values from their WKT text. Every string goes through `quoteLiteral`, written for doppel's sql_mode (NO_BACKSLASH_ESCAPES),
 * which is why mysql2's own escaping (backslashes) is never used. Pure; the inverse of `value-parsers.ts`.
 */

import { encodeJson } from '../../catalog/value-text.js';
import type { Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import type { TypeTask } from '../../tasks/types.js';
import { quoteLiteral } from './identifiers.js';

/** Bytes inside JSON as `\x` hex text, as PostgreSQL's `to_json` writes them. */
const JSON_BYTES = { binary: 'hex' } as const;

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ZONE_SUFFIX = /(Z|[+-]\d{2}(:?\d{2})?)$/;

/** Spatial column types (geometry, point, polygon, ...): read as WKT text (`ST_AsText`), written from it. */
const SPATIAL =
  /^(geometry|geomcollection|point|linestring|polygon|multi(point|linestring|polygon)|geometrycollection)\b/i;

/** Whether a column of `type` holds spatial values, which travel as WKT text. */
export function isSpatial(type: ColumnType): boolean {
  return type.logical === 'opaque' && SPATIAL.test(type.native ?? '');
}

/** What a literal depends on: the neutral type, and the native one where the neutral type is opaque. */
type ColumnType = Pick<TypeTask, 'logical'> & { readonly native?: string };

/** A literal of `value` for a column of `type` (`NULL` for null). */
export function renderValueLiteral(value: Value, type: ColumnType): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string' && isSpatial(type)) return `ST_GeomFromText(${quoteLiteral(value)})`;
  switch (type.logical) {
    case 'json':
    case 'array':
    case 'object':
      return quoteLiteral(encodeJson(value, JSON_BYTES));
    case 'timestamp':
      return quoteLiteral(String(value).replace('T', ' '));
    case 'timestamptz':
      return quoteLiteral(toUtcText(String(value)));
    case 'time':
      return quoteLiteral(String(value).replace(ZONE_SUFFIX, ''));
    case 'bit':
      if (typeof value === 'string' && /^[01]+$/.test(value)) return `b'${value}'`;
      break;
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new DoppelError('invalidInput', `MySQL cannot store the number ${String(value)}.`);
    return String(value);
  }
  if (value instanceof Uint8Array)
    return value.length === 0 ? "''" : `X'${Buffer.from(value).toString('hex')}'`;
  if (typeof value === 'string') {
    // Decimal text goes bare (exact, and the server parses it without a string conversion).
    if ((type.logical === 'decimal' || type.logical === 'integer') && PLAIN_NUMBER.test(value)) return value;
    return quoteLiteral(value);
  }
  return quoteLiteral(encodeJson(value, JSON_BYTES));
}

/**
 * `2024-01-02T03:04:05.123456+02:00` → `2024-01-02 01:04:05.123456`: the instant in UTC, fraction kept
 * (Date would round it to milliseconds). Text without a zone is taken as UTC already.
 */
export function toUtcText(text: string): string {
  const zone = ZONE_SUFFIX.exec(text)?.[0];
  const local = (zone === undefined ? text : text.slice(0, -zone.length)).replace('T', ' ');
  if (zone === undefined || zone === 'Z' || /^[+-]00:?(00)?$/.test(zone)) return local;
  const match = /^(.*\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(local);
  if (match === null) return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  const instant = new Date(`${match[1]!.replace(' ', 'T')}Z`);
  if (Number.isNaN(instant.getTime())) return local;
  const utc = new Date(instant.getTime() - minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  return `${utc}${match[2] ?? ''}`;
}
