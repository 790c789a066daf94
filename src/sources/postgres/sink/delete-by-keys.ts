/**
 * Deleting rows by key tuples, in batches: the key set travels as one typed array per key field
 * (`unnest($1::text[], ...)` cast to the columns' types), so a batch is one statement of fixed shape.
 */

import { encodePgText } from '../../../catalog/value-text.js';
import type { Value } from '../../../catalog/values.js';
import { DoppelError } from '../../../shared/errors.js';
import type { DatasetTask } from '../../../tasks/types.js';
import { quoteIdentifierList } from '../identifiers.js';
import type { Queryable } from '../queryable.js';
import { tableOf } from './copy-rows.js';

/** Key tuples per DELETE statement. */
export const DELETE_BATCH = 1_000;

/** Deletes the rows whose `fields` equal one of `keys`; returns the number of rows deleted. */
export async function deleteByKeys(
  db: Queryable,
  dataset: DatasetTask,
  fields: readonly string[],
  keys: readonly (readonly Value[])[],
): Promise<number> {
  const types = fields.map((name) => {
    const field = dataset.fields.find((candidate) => candidate.name === name);
    if (field === undefined)
      throw new DoppelError(
        'invalidInput',
        `The dataset ${dataset.dataset.name} has no field "${name}" to delete by.`,
      );
    return field.type;
  });
  const casts = types.map((type, index) => `u.k${index}::${type.native}`).join(', ');
  const sql =
    `DELETE FROM ${tableOf(dataset)} WHERE (${quoteIdentifierList(fields)}) IN ` +
    `(SELECT ${casts} FROM unnest(${types.map((_, index) => `$${index + 1}::text[]`).join(', ')}) ` +
    `AS u(${types.map((_, index) => `k${index}`).join(', ')}))`;
  let deleted = 0;
  for (let start = 0; start < keys.length; start += DELETE_BATCH) {
    const batch = keys.slice(start, start + DELETE_BATCH);
    const arrays = types.map((type, index) => batch.map((key) => encodePgText(key[index] ?? null, type)));
    const result = await db.query(sql, arrays);
    deleted += result.rowCount ?? 0;
  }
  return deleted;
}
