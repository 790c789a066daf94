/**
 * What a target table already holds, for `--respect-existing`: its row count and the largest value of key
 * columns, and which of a batch of key tuples are present (probed with one typed array per column).
 */

import { encodePgText } from '../../../catalog/value-text.js';
import type { Value } from '../../../catalog/values.js';
import type { DatasetTask } from '../../../tasks/types.js';
import { quoteIdentifier } from '../identifiers.js';
import type { Queryable } from '../queryable.js';
import { tableOf } from './copy-rows.js';
import { resolveFieldTypes } from './update-by-keys.js';

/** Key tuples per probe. */
export const PROBE_BATCH = 1_000;

/** Row count and per-field maximum of the dataset's table. */
export async function readExtent(
  db: Queryable,
  dataset: DatasetTask,
  fields: readonly string[],
): Promise<{ rows: number; maxima: Record<string, Value> }> {
  resolveFieldTypes(dataset, fields);
  const maxima = fields.map((name, index) => `max(${quoteIdentifier(name)}) AS m${index}`);
  const { rows } = await db.query<Record<string, Value>>(
    `SELECT count(*)::int8 AS rows${maxima.length > 0 ? `, ${maxima.join(', ')}` : ''} FROM ${tableOf(dataset)}`,
  );
  const row = rows[0] ?? {};
  return {
    rows: Number(row.rows ?? 0),
    maxima: Object.fromEntries(fields.map((name, index) => [name, row[`m${index}`] ?? null])),
  };
}

/** Positions of the `keys` (tuples over `fields`) that already exist in the table. */
export async function findExistingKeys(
  db: Queryable,
  dataset: DatasetTask,
  fields: readonly string[],
  keys: readonly (readonly Value[])[],
): Promise<number[]> {
  const types = resolveFieldTypes(dataset, fields);
  const match = fields
    .map((name, index) => `t.${quoteIdentifier(name)} = u.k${index}::${types[index]!.native}`)
    .join(' AND ');
  const sql =
    `SELECT (u.ord - 1)::int4 AS position FROM unnest(${types.map((_, index) => `$${index + 1}::text[]`).join(', ')}) ` +
    `WITH ORDINALITY AS u(${types.map((_, index) => `k${index}`).join(', ')}, ord) ` +
    `WHERE EXISTS (SELECT 1 FROM ${tableOf(dataset)} AS t WHERE ${match}) ORDER BY 1`;
  const found: number[] = [];
  for (let start = 0; start < keys.length; start += PROBE_BATCH) {
    const batch = keys.slice(start, start + PROBE_BATCH);
    const arrays = types.map((type, index) => batch.map((key) => encodePgText(key[index] ?? null, type)));
    const { rows } = await db.query<{ position: number }>(sql, arrays);
    for (const row of rows) found.push(start + row.position);
  }
  return found;
}
