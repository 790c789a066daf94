/**
 * The MongoDB source and target: read-only extraction with a schema inferred from sampled documents, bounded
 * sampling (`$sample` first, a named fallback on servers without it), and a document sink (unordered
 * `insertMany` with exact BSON types, deletes by `_id`, collections, validators and indexes from task files),
 * through the official `mongodb` driver. The same file roles as `../postgres/`: `extract/` (one command per
 * file in `queries/`), `infer/` (the schema tree), `sample.ts`, `source-session.ts`, `sink/`, `schema/`,
 * `target-session.ts`.
 */

export { BSON_TYPES, type BsonType, bsonTypeOf, toNeutralDocument, toNeutralValue } from './bson-values.js';
export { assembleDataset, extractCatalog } from './extract/extract-catalog.js';
export { reconcileWithValidator } from './extract/reconcile-validator.js';
export { inferSchema, SchemaInferrer } from './infer/schema-tree.js';
export { toCatalogFields } from './infer/tree-to-fields.js';
export { MONGODB_CAPABILITIES, mongodbKind } from './kind.js';
export { isSampleStageRefused, SAMPLE_STAGE_FALLBACK, sampleDocuments } from './sample.js';
export {
  collectionOptions,
  createCollections,
  INDEX_OPTION_FALLBACK,
  indexSpecification,
  isNotImplemented,
  VALIDATOR_FALLBACK,
} from './schema/create-collections.js';
export { createDocumentWriter, nullMeansMissing, toBsonKey } from './sink/bson-writer.js';
export { INSERT_BATCH, insertDocuments } from './sink/insert-documents.js';
export { openMongoSource } from './source-session.js';
export { openMongoTarget } from './target-session.js';
