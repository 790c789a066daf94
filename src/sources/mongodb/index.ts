/**
 * The MongoDB source: read-only extraction with a schema inferred from sampled documents, and bounded
 * sampling (`$sample` first, a named fallback on servers without it), through the official `mongodb` driver.
 * The same file roles as `../postgres/` and `../mysql/`: `extract/` (one command per file in `queries/`),
 * `infer/` (the schema tree), `sample.ts`, `source-session.ts`.
 */

export { BSON_TYPES, type BsonType, bsonTypeOf, toNeutralDocument, toNeutralValue } from './bson-values.js';
export { assembleDataset, extractCatalog } from './extract/extract-catalog.js';
export { reconcileWithValidator } from './extract/reconcile-validator.js';
export { inferSchema, SchemaInferrer } from './infer/schema-tree.js';
export { toCatalogFields } from './infer/tree-to-fields.js';
export { MONGODB_CAPABILITIES, mongodbKind } from './kind.js';
export { isSampleStageRefused, SAMPLE_STAGE_FALLBACK, sampleDocuments } from './sample.js';
export { openMongoSource } from './source-session.js';
