/**
 * `--create-schema` on MongoDB: each collection of the profile is created with the options its task file
 * records (capped size and count, time-series fields, the `$jsonSchema` validator with its level and action),
 * then its indexes (key pattern with directions, unique, sparse, partial filter, TTL) from the index
 * documents the profile kept; `_id_` exists with the collection. A collection that already exists is left as
 * it is (its indexes are still created: creating an identical index is a no-op in MongoDB).
 *
 * Wire-protocol servers may lack some of this (FerretDB 1.24 answers "not implemented yet" to validators, TTL
 * and partial indexes): the named fallbacks below are taken only after the real command was refused as not
 * implemented, and each is logged as a warning naming what was left out. A real MongoDB never takes them.
 */
import {
  BSON,
  type CreateCollectionOptions,
  type CreateIndexesOptions,
  type Db,
  type IndexSpecification,
} from 'mongodb';
import type { Logger } from '../../../shared/log.js';
import type { DatasetTask, IndexTask, Profile } from '../../../tasks/types.js';
import { MONGO_CODES, mongoErrorCode } from '../errors.js';

/** A server without validators: the collection is created without its validator (a warning says so). */
export const VALIDATOR_FALLBACK = 'create-without-validator';
/** A server without an index option (TTL, partial filter): the index is left out (a warning says so). */
export const INDEX_OPTION_FALLBACK = 'skip-index';

/** Whether the server refused a command or option as one it does not implement. */
export function isNotImplemented(error: unknown): boolean {
  if (mongoErrorCode(error) === MONGO_CODES.notImplemented) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /not (yet )?implemented|not supported/i.test(message);
}

/** Creates the collections and indexes of `profile`'s writable collections in `database`. */
export async function createCollections(
  database: (task: DatasetTask) => Db,
  profile: Profile,
  log: Logger,
  signal?: AbortSignal,
): Promise<void> {
  for (const task of profile.datasets) {
    if (!task.dataset.writable) continue;
    signal?.throwIfAborted();
    const db = database(task);
    const name = task.dataset.name;
    const existing = await db.listCollections({ name: task.dataset.local }, { nameOnly: true }).toArray();
    if (existing.length === 0) {
      const options = collectionOptions(task);
      try {
        await db.createCollection(task.dataset.local, options);
      } catch (error) {
        if (options.validator === undefined || !isNotImplemented(error)) throw error;
        log.warn(
          `The server refused the validator of ${name} as not implemented; created without it (${VALIDATOR_FALLBACK}).`,
        );
        const {
          validator: _validator,
          validationLevel: _level,
          validationAction: _action,
          ...rest
        } = options;
        await db.createCollection(task.dataset.local, rest);
      }
    }
    const collection = db.collection(task.dataset.local);
    for (const index of task.indexes) {
      if (index.name === '_id_') continue;
      const { key, options } = indexSpecification(index);
      try {
        await collection.createIndex(key, options);
      } catch (error) {
        if (!isNotImplemented(error)) throw error;
        log.warn(
          `The server refused the index ${index.name} of ${name} as not implemented; left out (${INDEX_OPTION_FALLBACK}).`,
        );
      }
    }
  }
}

/** The `createCollection` options a task file records (schema text parsed back as Extended JSON). */
export function collectionOptions(task: DatasetTask): CreateCollectionOptions {
  const recorded = task.dataset.collection;
  if (recorded === undefined) return {};
  return {
    ...(recorded.capped !== undefined
      ? {
          capped: true,
          size: recorded.capped.size ?? 1_048_576,
          ...(recorded.capped.max !== undefined ? { max: recorded.capped.max } : {}),
        }
      : {}),
    ...(recorded.time_series !== undefined
      ? {
          timeseries: {
            timeField: recorded.time_series.time_field,
            ...(recorded.time_series.meta_field !== undefined
              ? { metaField: recorded.time_series.meta_field }
              : {}),
            ...(recorded.time_series.granularity !== undefined
              ? { granularity: recorded.time_series.granularity as 'seconds' | 'minutes' | 'hours' }
              : {}),
          },
        }
      : {}),
    ...(recorded.validator !== undefined ? { validator: BSON.EJSON.parse(recorded.validator) } : {}),
    ...(recorded.validation_level !== undefined
      ? { validationLevel: recorded.validation_level as 'off' | 'strict' | 'moderate' }
      : {}),
    ...(recorded.validation_action !== undefined
      ? { validationAction: recorded.validation_action as 'error' | 'warn' }
      : {}),
  };
}

/**
 * An index as `createIndex` takes it: from its recorded index document when the profile came from MongoDB,
 * else ascending keys over its fields (a SQL index generated into MongoDB), unique and partial as recorded.
 */
export function indexSpecification(index: IndexTask): {
  key: IndexSpecification;
  options: CreateIndexesOptions;
} {
  if (index.document !== undefined) {
    const parsed = BSON.EJSON.parse(index.document) as {
      key?: Record<string, number | string>;
      unique?: boolean;
      sparse?: boolean;
      partialFilterExpression?: Record<string, unknown>;
      expireAfterSeconds?: number;
    };
    const { key, ...options } = parsed;
    return {
      key: (key ?? Object.fromEntries(index.fields.map((field) => [field, 1]))) as IndexSpecification,
      options: { name: index.name, ...options },
    };
  }
  return {
    key: Object.fromEntries(index.fields.map((field) => [field, 1])) as IndexSpecification,
    options: {
      name: index.name,
      ...(index.unique ? { unique: true } : {}),
      ...(index.predicate?.startsWith('{')
        ? { partialFilterExpression: BSON.EJSON.parse(index.predicate) as Record<string, unknown> }
        : {}),
    },
  };
}
