/**
 * The MySQL/MariaDB column type for a field whose profile came from another engine (PostgreSQL, MongoDB, a
 * registry), chosen from its neutral type and facts alone, never from the other engine's native name:
 * integer width and signedness, float width, decimal precision and scale, string length, enum labels,
 * time precision. A type MySQL cannot hold is a clear error naming the field and both types. Fields profiled
 * on MySQL keep their native type as the server printed it. Pure.
 */
import type { LogicalType } from '../../../catalog/logical-type.js';
import { DoppelError } from '../../../shared/errors.js';
import type { FieldTask, TypeTask } from '../../../tasks/types.js';
import { quoteLiteral } from '../identifiers.js';

/** Longest varchar that still fits a key: 768 characters of utf8mb4 are InnoDB's 3072-byte key limit. */
const KEYED_VARCHAR = 768;
/** Beyond this a varchar is written as text (a row holds at most 65,535 bytes). */
const LONGEST_VARCHAR = 4_000;
const MAX_DECIMAL_PRECISION = 65;
const MAX_DECIMAL_SCALE = 30;

const INTEGER_NAMES: Readonly<Record<number, string>> = {
  8: 'tinyint',
  16: 'smallint',
  24: 'mediumint',
  32: 'int',
  64: 'bigint',
};

type Render = (type: TypeTask, keyed: boolean) => string | undefined;

function fractional(type: TypeTask): string {
  const digits = Math.min(6, type.time_precision ?? 0);
  return digits > 0 ? `(${digits})` : '';
}

const RENDERERS: { readonly [T in LogicalType]: Render } = {
  boolean: () => 'tinyint(1)',
  integer: (type) => {
    const name =
      INTEGER_NAMES[type.bits ?? 64] ?? (type.bits !== undefined && type.bits > 64 ? undefined : 'bigint');
    return name === undefined ? undefined : `${name}${type.unsigned ? ' unsigned' : ''}`;
  },
  float: (type) => (type.bits === 32 ? 'float' : 'double'),
  decimal: (type) => {
    if (type.precision === undefined)
      return `decimal(${MAX_DECIMAL_PRECISION},${Math.min(type.scale ?? 10, MAX_DECIMAL_SCALE)})`;
    if (type.precision > MAX_DECIMAL_PRECISION || (type.scale ?? 0) > MAX_DECIMAL_SCALE) return undefined;
    return `decimal(${type.precision},${type.scale ?? 0})`;
  },
  string: (type, keyed) => {
    if (type.length !== undefined && type.fixed_length && type.length <= 255) return `char(${type.length})`;
    if (type.length !== undefined && type.length <= (keyed ? KEYED_VARCHAR : LONGEST_VARCHAR))
      return `varchar(${type.length})`;
    return keyed ? `varchar(${KEYED_VARCHAR})` : 'longtext';
  },
  enum: (type) =>
    type.labels !== undefined && type.labels.length > 0
      ? `enum(${type.labels.map(quoteLiteral).join(',')})`
      : 'varchar(255)',
  uuid: () => 'char(36)',
  date: () => 'date',
  time: (type) => `time${fractional(type)}`,
  // DATETIME, not TIMESTAMP: TIMESTAMP ends in 2038. doppel's sessions write instants in UTC.
  timestamp: (type) => `datetime${fractional(type)}`,
  timestamptz: (type) => `datetime${fractional(type)}`,
  interval: () => undefined,
  binary: (type, keyed) => {
    if (type.length !== undefined && type.fixed_length && type.length <= 255) return `binary(${type.length})`;
    if (type.length !== undefined && type.length <= 3072) return `varbinary(${type.length})`;
    return keyed ? 'varbinary(3072)' : 'longblob';
  },
  json: () => 'json',
  array: () => 'json',
  object: () => 'json',
  inet: () => 'varchar(45)',
  cidr: () => 'varchar(49)',
  macaddr: () => 'varchar(23)',
  bit: (type) => {
    const length = type.length ?? 1;
    return length <= 64 ? `bit(${length})` : undefined;
  },
  tsvector: () => undefined,
  range: () => undefined,
  opaque: () => undefined,
};

/** The MySQL type of `field` (profiled on another engine); `keyed` when a key or index covers it. */
export function mapColumnType(field: FieldTask, dataset: string, keyed: boolean): string {
  const mapped = RENDERERS[field.type.logical](field.type, keyed);
  if (mapped === undefined)
    throw new DoppelError(
      'invalidInput',
      `The field ${dataset}.${field.name} (${field.type.native}, logical ${field.type.logical}) has no MySQL/MariaDB type that holds its values.`,
      { details: ['Switch the dataset off in plan.yaml, or generate into files instead.'] },
    );
  return mapped;
}
