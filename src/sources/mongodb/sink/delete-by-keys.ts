/**
 * Deletes documents by key values (`doppel clean`: the `_id`s a run wrote, recomputed from its manifest), in
 * `$in` batches for one key field and `$or` of equalities for several. Keys arrive as the generator gave them
 * and are turned back into the BSON values stored (an ObjectId from its hex, an int64, a date).
 */
import type { Collection, Document } from 'mongodb';
import type { Value } from '../../../catalog/values.js';
import type { DatasetTask } from '../../../tasks/types.js';
import { toBsonKey } from './bson-writer.js';

const KEYS_PER_DELETE = 1_000;

/** Deletes the documents whose `fields` equal one of `keys`; returns how many were deleted. */
export async function deleteDocumentsByKeys(
  collection: Collection,
  task: DatasetTask,
  fields: readonly string[],
  keys: readonly (readonly Value[])[],
): Promise<number> {
  const described = fields.map((name) => task.fields.find((field) => field.name === name));
  const bson = (key: readonly Value[], position: number) =>
    toBsonKey(described[position], key[position] ?? null);
  let deleted = 0;
  for (let start = 0; start < keys.length; start += KEYS_PER_DELETE) {
    const slice = keys.slice(start, start + KEYS_PER_DELETE);
    const filter: Document =
      fields.length === 1
        ? { [fields[0] as string]: { $in: slice.map((key) => bson(key, 0)) } }
        : {
            $or: slice.map((key) =>
              Object.fromEntries(fields.map((name, index) => [name, bson(key, index)])),
            ),
          };
    const result = await collection.deleteMany(filter);
    deleted += result.deletedCount;
  }
  return deleted;
}
