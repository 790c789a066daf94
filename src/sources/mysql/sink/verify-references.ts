/**
 * The check that stands in for foreign-key checks while they are off (`SET FOREIGN_KEY_CHECKS = 0`, the
 * analogue of disabled triggers on PostgreSQL): every foreign key of the loaded tables, read from the
 * target's own catalog, is verified by a query before commit. MySQL's foreign keys are MATCH SIMPLE: a
 * reference with any null part is not checked.
 */
import { groupBy } from '../../../shared/group-by.js';
import { quoteIdentifier, quoteQualified } from '../identifiers.js';
import type { MysqlQueryable } from '../queryable.js';
import type { TablePlace } from './table-place.js';

export interface ForeignKey {
  readonly name: string;
  readonly child: { readonly database: string; readonly table: string };
  readonly parent: { readonly database: string; readonly table: string };
  readonly childColumns: readonly string[];
  readonly parentColumns: readonly string[];
}

interface KeyColumnRow {
  name: string;
  database: string;
  table: string;
  column: string;
  parentDatabase: string;
  parentTable: string;
  parentColumn: string;
}

/** The foreign keys whose child or parent is one of `tables`. */
export async function fetchForeignKeys(
  db: MysqlQueryable,
  tables: readonly TablePlace[],
): Promise<ForeignKey[]> {
  if (tables.length === 0) return [];
  const pairs = tables.map(() => '(?, ?)').join(', ');
  const values = tables.flatMap((place) => [place.database, place.table]);
  const rows = await db.query<KeyColumnRow>(
    `SELECT CONSTRAINT_NAME AS name, TABLE_SCHEMA AS \`database\`, TABLE_NAME AS \`table\`,
            COLUMN_NAME AS \`column\`, REFERENCED_TABLE_SCHEMA AS parentDatabase,
            REFERENCED_TABLE_NAME AS parentTable, REFERENCED_COLUMN_NAME AS parentColumn
     FROM information_schema.KEY_COLUMN_USAGE
     WHERE REFERENCED_TABLE_NAME IS NOT NULL
       AND ((TABLE_SCHEMA, TABLE_NAME) IN (${pairs}) OR (REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME) IN (${pairs}))
     ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
    [...values, ...values],
  );
  const grouped = groupBy(rows, (row) => `${row.database}\u0000${row.table}\u0000${row.name}`);
  return [...grouped.values()].map((columns) => {
    const first = columns[0]!;
    return {
      name: first.name,
      child: { database: first.database, table: first.table },
      parent: { database: first.parentDatabase, table: first.parentTable },
      childColumns: columns.map((row) => row.column),
      parentColumns: columns.map((row) => row.parentColumn),
    };
  });
}

/** One line per foreign key with rows whose (wholly set) reference has no parent row. */
export async function findBrokenReferences(
  db: MysqlQueryable,
  keys: readonly ForeignKey[],
): Promise<string[]> {
  const broken: string[] = [];
  for (const key of keys) {
    const child = quoteQualified(key.child.database, key.child.table);
    const parent = quoteQualified(key.parent.database, key.parent.table);
    const set = key.childColumns.map((column) => `c.${quoteIdentifier(column)} IS NOT NULL`).join(' AND ');
    const join = key.childColumns
      .map(
        (column, index) =>
          `p.${quoteIdentifier(key.parentColumns[index] ?? column)} = c.${quoteIdentifier(column)}`,
      )
      .join(' AND ');
    const [row] = await db.query<{ count: number | string }>(
      `SELECT COUNT(*) AS count FROM ${child} c WHERE ${set} AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${join})`,
    );
    const count = Number(row?.count ?? 0);
    if (count > 0)
      broken.push(
        `${key.name}: ${count} row(s) of ${key.child.table} reference no row of ${key.parent.table}`,
      );
  }
  return broken;
}

/**
 * Runs `work` with foreign-key checks off in this session, switches them on again whatever happens, and
 * verifies `keys` afterwards; returns the broken references found (empty when every reference holds).
 */
export async function withChecksOff<T>(
  db: MysqlQueryable,
  work: () => Promise<T>,
  keys: () => Promise<readonly ForeignKey[]>,
): Promise<{ result: T; broken: string[] }> {
  await db.query('SET SESSION foreign_key_checks = 0');
  let result: T;
  try {
    result = await work();
  } finally {
    await db.query('SET SESSION foreign_key_checks = 1');
  }
  return { result, broken: await findBrokenReferences(db, await keys()) };
}
