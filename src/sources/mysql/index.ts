/**
 * The MySQL/MariaDB source: read-only extraction and bounded sampling through `mysql2`. The same file roles
 * as `../postgres/`: `extract/` (one catalog query per file), `sample.ts`, `source-session.ts`.
 */

export { extractCatalog } from './extract/extract-catalog.js';
export { parseMembers, resolveFieldType } from './extract/resolve-field-type.js';
export { MYSQL_CAPABILITIES, mysqlKind } from './kind.js';
export { planMysqlSample } from './sample.js';
export { openMysqlSource } from './source-session.js';
