/**
 * Catalog query: the check constraints of the chosen databases' tables, with their expression as the server
 * prints it. MariaDB lists column-level checks too (`LEVEL = 'Column'`, named after the column), among them
 * the `json_valid(...)` check its `json` alias creates.
 */
import type { MysqlQueryable } from '../../queryable.js';

export interface RawCheck {
  readonly namespace: string;
  readonly table: string;
  readonly name: string;
  readonly clause: string;
}

/** Lists check constraints of the tables in `namespaces`, ordered by table and name. */
export async function fetchChecks(db: MysqlQueryable, namespaces: readonly string[]): Promise<RawCheck[]> {
  if (namespaces.length === 0) return [];
  // CHECK_CONSTRAINTS has no TABLE_NAME on MySQL 8: TABLE_CONSTRAINTS names the table on both servers.
  return db.query<RawCheck>(
    `SELECT tc.TABLE_SCHEMA AS namespace, tc.TABLE_NAME AS \`table\`, tc.CONSTRAINT_NAME AS name,
            cc.CHECK_CLAUSE AS clause
     FROM information_schema.TABLE_CONSTRAINTS tc
     JOIN information_schema.CHECK_CONSTRAINTS cc
       ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
     WHERE tc.TABLE_SCHEMA IN (?) AND tc.CONSTRAINT_TYPE = 'CHECK'
       AND (cc.TABLE_NAME IS NULL OR cc.TABLE_NAME = tc.TABLE_NAME)
     ORDER BY tc.TABLE_SCHEMA, tc.TABLE_NAME, tc.CONSTRAINT_NAME`,
    [namespaces],
  );
}
