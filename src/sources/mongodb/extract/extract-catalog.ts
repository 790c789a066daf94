/**
 * Assembles the neutral Catalog of a MongoDB deployment from `queries/` and a schema inferred from sampled
 * documents: one dataset per collection (`database.collection`), views flagged (not writable, the pipeline as
 * definition), capped and time-series collections flagged with their options, the estimated document count,
 * indexes (keys, unique, sparse, partial, TTL) with unique ones as unique keys and `_id` as the primary key,
 * and a `$jsonSchema` validator kept as declared and reconciled with the inferred fields.
 */
import { BSON, type MongoClient } from 'mongodb';
import { selectDatasets } from '../../../catalog/dataset-names.js';
import type {
  Catalog,
  CollectionOptions,
  Dataset,
  Field,
  Index,
  SourceInfo,
  UniqueConstraint,
} from '../../../catalog/model.js';
import type { DatasetFilter } from '../../contract.js';
import type { InferenceLimits, InferredSchema } from '../infer/schema-tree.js';
import { inferSchema } from '../infer/schema-tree.js';
import { toCatalogFields } from '../infer/tree-to-fields.js';
import type { DocumentStream } from '../sample.js';
import { estimateCount } from './queries/estimate-count.js';
import { fetchCollections, type RawCollection } from './queries/fetch-collections.js';
import { fetchIndexes, type RawIndex } from './queries/fetch-indexes.js';
import { reconcileWithValidator } from './reconcile-validator.js';

export interface MongoExtractOptions {
  /** Server-side time limit per command, milliseconds. */
  readonly maxTimeMS: number;
  /** Documents sampled to infer a collection's schema. */
  readonly schemaDocuments: number;
  readonly schemaSeconds: number;
  readonly limits?: InferenceLimits;
  /** Opens the sample the schema is inferred from (the session's sampler, `$sample` first). */
  readonly sample: (
    target: { readonly database: string; readonly collection: string },
    estimate: number | null,
  ) => DocumentStream;
  readonly signal?: AbortSignal;
}

/** Reads the catalog of the collections `filter` selects in `databases`. */
export async function extractCatalog(
  client: MongoClient,
  source: SourceInfo,
  databases: readonly string[],
  filter: DatasetFilter,
  options: MongoExtractOptions,
): Promise<Catalog> {
  const found: { dataset: RawCollection; name: string; local: string }[] = [];
  for (const database of databases)
    for (const collection of await fetchCollections(client.db(database), options.maxTimeMS))
      found.push({ dataset: collection, name: `${database}.${collection.name}`, local: collection.name });
  const chosen = selectDatasets(found, filter).map((entry) => entry.dataset);
  const datasets: Dataset[] = [];
  for (const raw of chosen) {
    if (options.signal?.aborted) break;
    const collection = client.db(raw.database).collection(raw.name);
    const isView = raw.type === 'view';
    const indexes = isView ? [] : await fetchIndexes(collection, options.maxTimeMS);
    const estimate = await estimateCount(collection, options.maxTimeMS);
    const schema = await inferSchema(
      options.sample({ database: raw.database, collection: raw.name }, estimate),
      options.limits,
    );
    datasets.push(assembleDataset(raw, indexes, estimate, schema));
  }
  return { source, datasets, relations: [], types: [] };
}

/** One collection as a dataset. Pure: the fixture-friendly half of extraction. */
export function assembleDataset(
  raw: RawCollection,
  indexes: readonly RawIndex[],
  estimate: number | null,
  schema: InferredSchema,
): Dataset {
  const isView = raw.type === 'view';
  const options = raw.options;
  const inferred = toCatalogFields(schema.fields);
  const fields: Field[] = reconcileWithValidator(withId(inferred, isView), options.validator);
  const uniques: UniqueConstraint[] = indexes
    .filter((index) => index.unique && index.name !== '_id_')
    .map((index) => ({
      name: index.name,
      fields: index.key.map(([path]) => path),
      via: 'index',
      ...(index.partialFilterExpression !== undefined
        ? { predicate: JSON.stringify(index.partialFilterExpression) }
        : {}),
    }));
  const collection = collectionOptions(raw);
  return {
    name: `${raw.database}.${raw.name}`,
    namespace: raw.database,
    local: raw.name,
    kind: isView ? 'view' : 'collection',
    writable: !isView,
    fields,
    ...(isView ? {} : { primaryKey: { name: '_id_', fields: ['_id'] } }),
    uniques,
    checks: [],
    exclusions: [],
    indexes: indexes.map(toIndex),
    rowEstimate: estimate,
    ...(isView
      ? { definition: JSON.stringify({ viewOn: options.viewOn, pipeline: options.pipeline ?? [] }) }
      : {}),
    ...(collection !== undefined ? { collection } : {}),
  };
}

/** `_id` first (every stored document has one), typed ObjectId when the sample saw none. */
function withId(fields: readonly Field[], isView: boolean): Field[] {
  const id = fields.find((field) => field.name === '_id');
  if (isView || id !== undefined) {
    if (id === undefined) return [...fields];
    const rest = fields.filter((field) => field !== id);
    return [
      { ...id, position: 1, nullable: false },
      ...rest.map((field, index) => ({ ...field, position: index + 2 })),
    ];
  }
  return [
    {
      name: '_id',
      position: 1,
      type: { logical: 'string', native: 'objectId', bits: 96, length: 24, fixedLength: true },
      nullable: false,
    },
    ...fields.map((field, index) => ({ ...field, position: index + 2 })),
  ];
}

function toIndex(index: RawIndex): Index {
  const directions = index.key.map(([, direction]) => direction);
  const method = directions.every((direction) => direction === 1 || direction === -1)
    ? 'btree'
    : [...new Set(directions.filter((direction) => typeof direction === 'string'))].join('+');
  const definition = {
    key: Object.fromEntries(index.key),
    ...(index.unique ? { unique: true } : {}),
    ...(index.sparse ? { sparse: true } : {}),
    ...(index.partialFilterExpression !== undefined
      ? { partialFilterExpression: index.partialFilterExpression }
      : {}),
    ...(index.expireAfterSeconds !== undefined ? { expireAfterSeconds: index.expireAfterSeconds } : {}),
  };
  return {
    name: index.name,
    fields: index.key.map(([path]) => path),
    method,
    unique: index.unique,
    ...(index.partialFilterExpression !== undefined
      ? { predicate: JSON.stringify(index.partialFilterExpression) }
      : {}),
    definition: JSON.stringify(definition),
    document: BSON.EJSON.stringify(definition, { relaxed: false }),
  };
}

function collectionOptions(raw: RawCollection): CollectionOptions | undefined {
  const options = raw.options;
  const timeSeries = options.timeseries as
    | { timeField?: unknown; metaField?: unknown; granularity?: unknown }
    | undefined;
  const result: CollectionOptions = {
    ...(options.capped === true
      ? {
          capped: {
            ...(typeof options.size === 'number' ? { size: options.size } : {}),
            ...(typeof options.max === 'number' ? { max: options.max } : {}),
          },
        }
      : {}),
    ...(raw.type === 'timeseries' || timeSeries !== undefined
      ? {
          timeSeries: {
            timeField: String(timeSeries?.timeField ?? ''),
            ...(typeof timeSeries?.metaField === 'string' ? { metaField: timeSeries.metaField } : {}),
            ...(typeof timeSeries?.granularity === 'string' ? { granularity: timeSeries.granularity } : {}),
          },
        }
      : {}),
    ...(options.validator !== undefined ? { validator: JSON.stringify(options.validator) } : {}),
    ...(typeof options.validationLevel === 'string' ? { validationLevel: options.validationLevel } : {}),
    ...(typeof options.validationAction === 'string' ? { validationAction: options.validationAction } : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}
