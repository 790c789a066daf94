/**
 * Catalog query: primary keys, unique keys and foreign keys of the chosen databases' tables, with their
 * columns in key order and, for foreign keys, the referenced table and columns and the update/delete rules.
 */
import type { MysqlQueryable } from '../../queryable.js';

export interface RawKeyConstraint {
  readonly namespace: string;
  readonly table: string;
  readonly name: string;
  readonly type: 'PRIMARY KEY' | 'UNIQUE' | 'FOREIGN KEY';
  readonly columns: readonly string[];
  readonly referencedNamespace: string | null;
  readonly referencedTable: string | null;
  readonly referencedColumns: readonly string[] | null;
  /** `CASCADE`, `SET NULL`, `RESTRICT`, `NO ACTION`, `SET DEFAULT`. */
  readonly onUpdate: string | null;
  readonly onDelete: string | null;
}

interface Row {
  namespace: string;
  table: string;
  name: string;
  type: RawKeyConstraint['type'];
  column: string;
  referencedNamespace: string | null;
  referencedTable: string | null;
  referencedColumn: string | null;
  onUpdate: string | null;
  onDelete: string | null;
}

/** Lists key constraints of the tables in `namespaces`, ordered by table and name. */
export async function fetchKeyConstraints(
  db: MysqlQueryable,
  namespaces: readonly string[],
): Promise<RawKeyConstraint[]> {
  if (namespaces.length === 0) return [];
  const rows = await db.query<Row>(
    `SELECT tc.TABLE_SCHEMA AS namespace, tc.TABLE_NAME AS \`table\`, tc.CONSTRAINT_NAME AS name,
            tc.CONSTRAINT_TYPE AS type, k.COLUMN_NAME AS \`column\`,
            k.REFERENCED_TABLE_SCHEMA AS referencedNamespace, k.REFERENCED_TABLE_NAME AS referencedTable,
            k.REFERENCED_COLUMN_NAME AS referencedColumn, r.UPDATE_RULE AS onUpdate, r.DELETE_RULE AS onDelete
     FROM information_schema.TABLE_CONSTRAINTS tc
     JOIN information_schema.KEY_COLUMN_USAGE k
       ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME
      AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
     LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r
       ON r.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND r.TABLE_NAME = tc.TABLE_NAME
      AND r.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
     WHERE tc.TABLE_SCHEMA IN (?) AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
     ORDER BY tc.TABLE_SCHEMA, tc.TABLE_NAME, tc.CONSTRAINT_TYPE, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [namespaces],
  );
  const found = new Map<
    string,
    RawKeyConstraint & { columns: string[]; referencedColumns: string[] | null }
  >();
  for (const row of rows) {
    const key = JSON.stringify([row.namespace, row.table, row.type, row.name]);
    let constraint = found.get(key);
    if (constraint === undefined) {
      constraint = {
        namespace: row.namespace,
        table: row.table,
        name: row.name,
        type: row.type,
        columns: [],
        referencedNamespace: row.referencedNamespace,
        referencedTable: row.referencedTable,
        referencedColumns: row.type === 'FOREIGN KEY' ? [] : null,
        onUpdate: row.onUpdate,
        onDelete: row.onDelete,
      };
      found.set(key, constraint);
    }
    constraint.columns.push(row.column);
    if (row.referencedColumn !== null) constraint.referencedColumns?.push(row.referencedColumn);
  }
  return [...found.values()];
}
