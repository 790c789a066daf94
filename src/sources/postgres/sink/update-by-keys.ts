/**
 * Updating rows by key tuples, in batches (the second pass of a `null-then-update` cycle): keys and new
 * values travel as one typed text array per column, so a batch is one UPDATE of fixed shape.
 */

import { encodePgText } from '../../../catalog/value-text.js';
import type { Value } from '../../../catalog/values.js';
import { DoppelError } from '../../../shared/errors.js';
import type { DatasetTask, TypeTask } from '../../../tasks/types.js';
import { quoteIdentifier } from '../identifiers.js';
import type { Queryable } from '../queryable.js';
import { tableOf } from './copy-rows.js';

/** Tuples per UPDATE statement. */
export const UPDATE_BATCH = 1_000;

/** The types of `names` in `dataset`, or a DoppelError naming the missing field. */
export function resolveFieldTypes(dataset: DatasetTask, names: readonly string[]): TypeTask[] {
  return names.map((name) => {
    const field = dataset.fields.find((candidate) => candidate.name === name);
    if (field === undefined)
      throw new DoppelError('invalidInput', `The dataset ${dataset.dataset.name} has no field "${name}".`);
    return field.type;
  });
}

/** Sets `fields` from each tuple (key values first, then field values); returns rows updated. */
export async function updateByKeys(
  db: Queryable,
  dataset: DatasetTask,
  keyFields: readonly string[],
  fields: readonly string[],
  tuples: readonly (readonly Value[])[],
): Promise<number> {
  const columns = [...keyFields, ...fields];
  const types = resolveFieldTypes(dataset, columns);
  const assignments = fields
    .map(
      (name, index) =>
        `${quoteIdentifier(name)} = u.k${keyFields.length + index}::${types[keyFields.length + index]!.native}`,
    )
    .join(', ');
  const match = keyFields
    .map((name, index) => `t.${quoteIdentifier(name)} = u.k${index}::${types[index]!.native}`)
    .join(' AND ');
  const sql =
    `UPDATE ${tableOf(dataset)} AS t SET ${assignments} ` +
    `FROM unnest(${types.map((_, index) => `$${index + 1}::text[]`).join(', ')}) ` +
    `AS u(${types.map((_, index) => `k${index}`).join(', ')}) WHERE ${match}`;
  let updated = 0;
  for (let start = 0; start < tuples.length; start += UPDATE_BATCH) {
    const batch = tuples.slice(start, start + UPDATE_BATCH);
    const arrays = types.map((type, index) => batch.map((tuple) => encodePgText(tuple[index] ?? null, type)));
    const result = await db.query(sql, arrays);
    updated += result.rowCount ?? 0;
  }
  return updated;
}
