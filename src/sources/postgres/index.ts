/**
 * The PostgreSQL source and target: read-only extraction and sampling, COPY loading, cleanup, schema
 * creation, and PGlite as an embedded server. This is the folder's public surface; the pattern (one folder,
 * one contract: `../contract.ts`) is the one every other source follows.
 */

export { extractCatalog } from './extract/extract-catalog.js';
export { POSTGRES_CAPABILITIES, pgliteKind, postgresKind } from './kind.js';
export { type PgliteServer, startPglite } from './pglite.js';
export { planSample } from './sample.js';
export { renderCreateSchema } from './schema/render-create-schema.js';
export { openPostgresSource, type PostgresSource } from './source-session.js';
export { openPostgresTarget, type PostgresTarget } from './target-session.js';
