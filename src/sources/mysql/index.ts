/**
 * The MySQL/MariaDB source and target: read-only extraction and bounded sampling, loading, deleting and
 * `--create-schema` through `mysql2`. The same file roles
 * as `../postgres/`: `extract/` (one catalog query per file), `sample.ts`, `source-session.ts`, `sink/`,
 * `schema/`, `target-session.ts`.
 */

export { extractCatalog } from './extract/extract-catalog.js';
export { parseMembers, resolveFieldType } from './extract/resolve-field-type.js';
export { MYSQL_CAPABILITIES, mysqlKind } from './kind.js';
export { planMysqlSample } from './sample.js';
export { renderCreateSchema } from './schema/render-create-schema.js';
export { openMysqlSource } from './source-session.js';
export { type MysqlTarget, openMysqlTarget } from './target-session.js';
