/**
 * Catalog query: the indexes of the chosen databases' tables (including the ones behind keys), with their
 * columns in order, uniqueness, method (`BTREE`, `HASH`, `FULLTEXT`, `SPATIAL`) and prefix lengths.
 */
import type { MysqlQueryable } from '../../queryable.js';

export interface RawIndex {
  readonly namespace: string;
  readonly table: string;
  readonly name: string;
  readonly unique: boolean;
  readonly method: string;
  /** Columns in index order; a prefix index part keeps its length: `name(10)`. */
  readonly parts: readonly { readonly column: string; readonly prefix: number | null }[];
}

interface Row {
  namespace: string;
  table: string;
  name: string;
  nonUnique: number | string;
  method: string;
  column: string | null;
  prefix: number | string | null;
}

/** Lists the indexes of the tables in `namespaces`, ordered by table and index name. */
export async function fetchIndexes(db: MysqlQueryable, namespaces: readonly string[]): Promise<RawIndex[]> {
  if (namespaces.length === 0) return [];
  const rows = await db.query<Row>(
    `SELECT TABLE_SCHEMA AS namespace, TABLE_NAME AS \`table\`, INDEX_NAME AS name, NON_UNIQUE AS nonUnique,
            INDEX_TYPE AS method, COLUMN_NAME AS \`column\`, SUB_PART AS prefix
     FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA IN (?)
     ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [namespaces],
  );
  const found = new Map<string, RawIndex & { parts: { column: string; prefix: number | null }[] }>();
  for (const row of rows) {
    const key = JSON.stringify([row.namespace, row.table, row.name]);
    let index = found.get(key);
    if (index === undefined) {
      index = {
        namespace: row.namespace,
        table: row.table,
        name: row.name,
        unique: Number(row.nonUnique) === 0,
        method: row.method,
        parts: [],
      };
      found.set(key, index);
    }
    // A functional key part (MySQL 8) has no column name.
    if (row.column !== null)
      index.parts.push({ column: row.column, prefix: row.prefix === null ? null : Number(row.prefix) });
  }
  return [...found.values()];
}
