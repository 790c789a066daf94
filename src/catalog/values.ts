/**
 * How values are represented in memory between stages (sampler → profiler, generator → sinks), by logical
 * type. Sources convert their driver's values into this form; sinks encode from it. Text forms are the ones
 * PostgreSQL prints, which every other engine can parse.
 *
 * | logical                                   | representation                                              |
 * |-------------------------------------------|-------------------------------------------------------------|
 * | boolean                                   | `boolean`                                                   |
 * | integer                                   | `number` when safe, `bigint` beyond ±2^53                   |
 * | float                                     | `number` (NaN and ±Infinity allowed)                        |
 * | decimal                                   | `string` decimal text (`"12.30"`), exact                    |
 * | date                                      | `string` `YYYY-MM-DD`                                       |
 * | time                                      | `string` `HH:MM:SS[.ffffff][±hh[:mm]]`                      |
 * | timestamp                                 | `string` `YYYY-MM-DDTHH:MM:SS[.ffffff]` (no zone)           |
 * | timestamptz                               | `string` `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (UTC)              |
 * | binary                                    | `Uint8Array`                                                |
 * | json                                      | parsed JSON value                                           |
 * | array                                     | JS array of element values (nested for more dimensions)     |
 * | object                                    | `Record<string, Value>` (composite, document)               |
 * | every other type (string, enum, uuid, ...) | `string` in the source's text form                          |
 *
 * SQL NULL and a missing document key are both `null` (`undefined` is read as missing).
 */
export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | readonly Value[]
  | { readonly [key: string]: Value };

/** One row or document, keyed by field name. */
export type Row = Readonly<Record<string, Value>>;
