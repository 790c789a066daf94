/** Which fields a load writes, for every kind's sink. */
import type { DatasetTask, FieldTask } from '../tasks/types.js';

/** The fields a load writes: everything except generated columns and fields left to the database. */
export function writableFields(dataset: DatasetTask): FieldTask[] {
  return dataset.fields.filter(
    (field) => field.generated === undefined && field.generator.kind !== 'database',
  );
}
