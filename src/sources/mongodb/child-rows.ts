/**
 * Documents of a collection whose reference fields hold one of a list of key values (`$in`, in batches):
 * what the profiler reads to confirm an inferred relation (inclusion) and to count children per parent. Keys
 * arrive as neutral values and are turned back into the BSON type the field holds (an ObjectId's hex, a
 * UUID's text, an int64 beyond 2^53, a date), so that the server's index on the field can answer.
 */
import { type Document, Long, type MongoClient, ObjectId, UUID } from 'mongodb';
import type { Dataset, Field, Relation } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';
import { createDocumentReader } from './document-rows.js';
import { toQueryError } from './errors.js';
import { RAW_VALUES } from './sample.js';

const KEYS_PER_QUERY = 1000;

/** A neutral value as the BSON value a field of `native` type holds (unchanged when nothing fits). */
export function toBsonValue(value: Value, native: string | undefined): unknown {
  if (typeof value === 'string') {
    if (native === 'objectId' && ObjectId.isValid(value) && value.length === 24)
      return ObjectId.createFromHexString(value);
    if (native === 'uuid') return new UUID(value);
    if (native === 'date') return new Date(value);
  }
  if (typeof value === 'bigint') return Long.fromBigInt(value);
  return value;
}

function fieldByPath(dataset: Dataset, path: string): Field | undefined {
  return dataset.fields.find((field) => field.name === path);
}

/** Rows of `child` whose `relation.from.fields` equal one of `parentKeys`, at most `rows`. */
export function sampleChildRows(
  client: MongoClient,
  relation: Relation,
  child: Dataset,
  parentKeys: readonly (readonly Value[])[],
  options: { readonly rows: number; readonly maxTimeMS: number; readonly signal?: AbortSignal },
): AsyncIterable<Row> {
  const fields = relation.from.fields;
  const natives = fields.map((name) => fieldByPath(child, name)?.type.native);
  const toRow = createDocumentReader(child.fields);
  const collection = client.db(child.namespace ?? '').collection(child.local);
  const limit = Math.max(1, Math.floor(options.rows));
  const what = `reading children of ${relation.to.dataset} in ${child.name}`;
  return {
    async *[Symbol.asyncIterator]() {
      let read = 0;
      for (let start = 0; start < parentKeys.length && read < limit; start += KEYS_PER_QUERY) {
        const keys = parentKeys.slice(start, start + KEYS_PER_QUERY);
        const filter: Document =
          fields.length === 1
            ? { [fields[0] as string]: { $in: keys.map((key) => toBsonValue(key[0] ?? null, natives[0])) } }
            : {
                $or: keys.map((key) =>
                  Object.fromEntries(
                    fields.map((name, index) => [name, toBsonValue(key[index] ?? null, natives[index])]),
                  ),
                ),
              };
        const cursor = collection.find(filter, {
          ...RAW_VALUES,
          maxTimeMS: options.maxTimeMS,
          limit: limit - read,
        });
        try {
          for (;;) {
            const document = await cursor.next();
            if (document === null) break;
            read++;
            yield toRow(document);
          }
        } catch (error) {
          throw toQueryError(error, what, options.signal);
        } finally {
          await cursor.close().catch(() => undefined);
        }
      }
    },
  };
}
