/**
 * The engine-neutral logical types. Every source maps its native types onto these; the profiler and the
 * generator key their per-type work by this list (`{ [T in LogicalType]: ... }`), so adding a type here is a
 * compile error everywhere it is not yet handled.
 */
export const LOGICAL_TYPES = [
  'boolean',
  'integer',
  'float',
  'decimal',
  'string',
  'enum',
  'uuid',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
  'binary',
  'json',
  'array',
  'object',
  'inet',
  'cidr',
  'macaddr',
  'bit',
  'tsvector',
  'range',
  'opaque',
] as const;

export type LogicalType = (typeof LOGICAL_TYPES)[number];

/** Types whose values are ordered on a line, so quantiles and histograms make sense. */
export const NUMERIC_LIKE: ReadonlySet<LogicalType> = new Set(['integer', 'float', 'decimal']);
export const TEMPORAL: ReadonlySet<LogicalType> = new Set(['date', 'time', 'timestamp', 'timestamptz']);
