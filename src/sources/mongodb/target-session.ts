/**
 * The writable MongoDB session: loads generated documents with unordered `insertMany` batches (BSON types
 * from the task file, `sink/bson-writer.ts`), empties collections, sets fields by key (cycles loaded with a
 * null reference), deletes by key (`doppel clean`, by `_id`), and creates collections, validators and indexes
 * (`--create-schema`). Collections go to the database the address names, else to each dataset's own database
 * (its namespace). MongoDB has no multi-document transaction outside replica sets and no foreign keys: a
 * failed load keeps what it wrote (the run's manifest lets `doppel clean` remove it), and nothing checks
 * references, so cycles and self-references load in any order.
 */
import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import type { Row, Value } from '../../catalog/values.js';
import type { DatasetTask, Profile } from '../../tasks/types.js';
import type { ConnectOptions, LoadOptions, TargetSession } from '../contract.js';
import { connectMongo, type MongoConnection } from './connect.js';
import { toQueryError } from './errors.js';
import { MONGODB_CAPABILITIES } from './kind.js';
import { createCollections } from './schema/create-collections.js';
import { toBsonKey } from './sink/bson-writer.js';
import { deleteDocumentsByKeys } from './sink/delete-by-keys.js';
import { insertDocuments } from './sink/insert-documents.js';

/** Opens a writable session on the MongoDB deployment at `url`. */
export async function openMongoTarget(url: string, options: ConnectOptions): Promise<TargetSession> {
  const connection = await connectMongo(url, {
    writable: true,
    ...(options.environmentDefaults !== undefined
      ? { environmentDefaults: options.environmentDefaults }
      : {}),
  });
  return createTarget(connection, options);
}

function createTarget(connection: MongoConnection, options: ConnectOptions): TargetSession {
  const { client } = connection;
  const databaseOf = (task: DatasetTask): Db =>
    client.db(connection.database !== '' ? connection.database : (task.dataset.namespace ?? 'test'));
  const collectionOf = (task: DatasetTask) => databaseOf(task).collection(task.dataset.local);
  const run = async <T>(
    what: string,
    signal: AbortSignal | undefined,
    work: () => Promise<T>,
  ): Promise<T> => {
    signal?.throwIfAborted();
    try {
      return await work();
    } catch (error) {
      throw toQueryError(error, what, signal);
    }
  };

  return {
    info: { kind: 'mongodb', name: options.name, version: connection.version },
    capabilities: MONGODB_CAPABILITIES,
    async load(task: DatasetTask, rows: AsyncIterable<Row>, loadOptions: LoadOptions): Promise<number> {
      const collection = collectionOf(task);
      if (loadOptions.mode === 'truncate')
        await run(`emptying ${task.dataset.name}`, loadOptions.signal, () => collection.deleteMany({}));
      return insertDocuments(collection, task, rows, {
        ...(loadOptions.signal !== undefined ? { signal: loadOptions.signal } : {}),
        ...(loadOptions.onProgress !== undefined ? { onProgress: loadOptions.onProgress } : {}),
      });
    },
    deleteByKeys(task: DatasetTask, fields: readonly string[], keys: readonly (readonly Value[])[]) {
      return run(`deleting from ${task.dataset.name}`, undefined, () =>
        deleteDocumentsByKeys(collectionOf(task), task, fields, keys),
      );
    },
    async truncate(tasks: readonly DatasetTask[], signal?: AbortSignal) {
      for (const task of tasks)
        await run(`emptying ${task.dataset.name}`, signal, () => collectionOf(task).deleteMany({}));
    },
    updateByKeys(task, keyFields, fields, tuples) {
      const field = (name: string) => task.fields.find((candidate) => candidate.name === name);
      const operations: AnyBulkWriteOperation<Document>[] = tuples.map((tuple) => ({
        updateOne: {
          filter: Object.fromEntries(
            keyFields.map((name, index) => [name, toBsonKey(field(name), tuple[index] ?? null)]),
          ),
          update: {
            $set: Object.fromEntries(
              fields.map((name, index) => [
                name,
                toBsonKey(field(name), tuple[keyFields.length + index] ?? null),
              ]),
            ),
          },
        },
      }));
      return run(`updating ${task.dataset.name}`, undefined, async () =>
        operations.length === 0
          ? 0
          : (await collectionOf(task).bulkWrite(operations, { ordered: false })).modifiedCount,
      );
    },
    createSchema: (profile: Profile, signal?: AbortSignal) =>
      run('creating collections and indexes', signal, () =>
        createCollections(databaseOf, profile, options.log, signal),
      ),
    close: () => connection.close(),
  };
}
