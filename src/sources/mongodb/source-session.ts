/**
 * The read-only source session on MongoDB: one client with secondary-preferred reads, every command bounded
 * by `maxTimeMS`; only reads are issued (MongoDB has no read-only session to ask for). Extraction infers each
 * collection's schema from a sample of its documents; `sample` streams documents as neutral rows. What the
 * server can do (`$sample`) is detected from its answers once per session.
 */
import type { Catalog, Dataset, Relation, SourceInfo } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import type {
  ConnectOptions,
  DatasetFilter,
  SampleOptions,
  SampleStream,
  SourceSession,
} from '../contract.js';
import { sampleChildRows } from './child-rows.js';
import { connectMongo, type MongoConnection } from './connect.js';
import { createDocumentReader } from './document-rows.js';
import { toQueryError } from './errors.js';
import { extractCatalog } from './extract/extract-catalog.js';
import { fetchDatabases } from './extract/queries/fetch-collections.js';
import { type SamplingFeatures, sampleDocuments } from './sample.js';

/** Documents sampled per collection to infer its schema (the profile's own sample comes afterwards). */
export const SCHEMA_SAMPLE_DOCUMENTS = 1000;
export const SCHEMA_SAMPLE_SECONDS = 10;
/** Per-command time limit when the caller sets none. */
const DEFAULT_MAX_TIME_MS = 30_000;

/** Opens a read-only session on the MongoDB deployment at `url`. */
export async function openMongoSource(url: string, options: ConnectOptions): Promise<MongoSourceSession> {
  const connection = await connectMongo(url, {
    ...(options.environmentDefaults !== undefined
      ? { environmentDefaults: options.environmentDefaults }
      : {}),
  });
  return createSourceSession(connection, options);
}

/** The session, with what it learnt about the server (for tests and diagnostics). */
export interface MongoSourceSession extends SourceSession {
  readonly features: SamplingFeatures;
}

function createSourceSession(connection: MongoConnection, options: ConnectOptions): MongoSourceSession {
  const info: SourceInfo = { kind: 'mongodb', name: options.name, version: connection.version };
  const maxTimeMS = options.statementTimeoutMs ?? DEFAULT_MAX_TIME_MS;
  const features: SamplingFeatures = { sampleStage: 'unknown' };
  const known = new Map<string, Dataset>();
  let closed = false;

  return {
    info,
    features,
    ...(connection.database === '' ? {} : { placedNamespace: connection.database }),
    async extract(filter: DatasetFilter, signal?: AbortSignal): Promise<Catalog> {
      try {
        const databases = await fetchDatabases(
          connection.client,
          filter.namespaces ?? (connection.database !== '' ? [connection.database] : undefined),
        );
        const catalog = await extractCatalog(connection.client, info, databases, filter, {
          maxTimeMS,
          schemaDocuments: SCHEMA_SAMPLE_DOCUMENTS,
          schemaSeconds: SCHEMA_SAMPLE_SECONDS,
          ...(signal ? { signal } : {}),
          sample: (target, estimate) =>
            sampleDocuments(
              connection.client,
              features,
              target,
              {
                documents: SCHEMA_SAMPLE_DOCUMENTS,
                seconds: SCHEMA_SAMPLE_SECONDS,
                full: false,
                estimate,
                maxTimeMS,
                ...(signal ? { signal } : {}),
              },
              options.log,
            ),
        });
        for (const dataset of catalog.datasets) known.set(dataset.name, dataset);
        return catalog;
      } catch (error) {
        throw toQueryError(error, 'reading the catalog', signal);
      }
    },
    sample(dataset: Dataset, sampleOptions: SampleOptions): SampleStream {
      const documents = sampleDocuments(
        connection.client,
        features,
        { database: dataset.namespace ?? connection.database, collection: dataset.local },
        {
          documents: sampleOptions.rows,
          seconds: sampleOptions.seconds,
          full: sampleOptions.full,
          estimate: dataset.rowEstimate,
          maxTimeMS,
          ...(sampleOptions.signal ? { signal: sampleOptions.signal } : {}),
        },
        options.log,
      );
      const toRow = createDocumentReader(dataset.fields);
      async function* rows(): AsyncGenerator<Row> {
        for await (const document of documents) yield toRow(document);
      }
      return {
        [Symbol.asyncIterator]: () => rows(),
        get method() {
          return documents.method();
        },
        truncated: documents.truncated,
      };
    },
    sampleChildren(
      relation: Relation,
      parentKeys: readonly (readonly Value[])[],
      childOptions: { readonly rows: number; readonly signal?: AbortSignal },
    ): AsyncIterable<Row> {
      return {
        async *[Symbol.asyncIterator]() {
          if (parentKeys.length === 0) return;
          const child = known.get(relation.from.dataset);
          if (child === undefined)
            throw new DoppelError(
              'usage',
              `The dataset ${relation.from.dataset} was not read from the source before its children were sampled.`,
            );
          yield* sampleChildRows(connection.client, relation, child, parentKeys, {
            ...childOptions,
            maxTimeMS,
          });
        },
      };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      known.clear();
      await connection.close();
    },
  };
}
