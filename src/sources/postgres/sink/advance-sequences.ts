/**
 * After a load: moves the sequences behind identity and serial columns past the largest loaded value, so the
 * application's next insert does not collide with a generated id. Never moves a sequence backwards.
 */
import type { DatasetTask } from '../../../tasks/types.js';
import { writableFields } from '../../writable-fields.js';
import { quoteIdentifier } from '../identifiers.js';
import type { Queryable } from '../queryable.js';
import { tableOf } from './copy-rows.js';

/** Advances each identity/serial sequence of `dataset` to at least the column's maximum. */
export async function advanceSequences(db: Queryable, dataset: DatasetTask): Promise<void> {
  const table = tableOf(dataset);
  for (const field of writableFields(dataset)) {
    if (field.identity === undefined && field.sequence === undefined) continue;
    const { rows } = await db.query<{ sequence: string | null }>(
      'SELECT pg_catalog.pg_get_serial_sequence($1, $2) AS sequence',
      [table, field.name],
    );
    const sequence = rows[0]?.sequence;
    if (sequence === null || sequence === undefined) continue;
    await db.query(
      `SELECT pg_catalog.setval($1::regclass, m.value)
       FROM (SELECT max(${quoteIdentifier(field.name)})::int8 AS value FROM ${table}) m,
            (SELECT last_value, is_called FROM ${sequence}) s
       WHERE m.value IS NOT NULL AND (m.value > s.last_value OR NOT s.is_called)`,
      [sequence],
    );
  }
}
