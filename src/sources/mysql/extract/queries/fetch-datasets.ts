/**
 * Catalog query: the tables and views of the chosen databases (all but the system ones when none are
 * named), with engine, default collation, row estimate (`TABLE_ROWS`, an estimate on InnoDB), size, comment and view text.
 */
import type { MysqlQueryable } from '../../queryable.js';

/** Databases that belong to the server, never read as data. */
export const SYSTEM_DATABASES: readonly string[] = [
  'information_schema',
  'mysql',
  'performance_schema',
  'sys',
];

export interface RawDataset {
  readonly namespace: string;
  readonly name: string;
  readonly view: boolean;
  /** Storage engine (`InnoDB`, `MyISAM`, ...); null for views. */
  readonly engine: string | null;
  readonly rowEstimate: number | null;
  readonly sizeBytes: number | null;
  readonly comment: string | null;
  readonly definition: string | null;
  /** The table's default collation (a column that differs from it records its own). */
  readonly collation: string | null;
}

interface Row {
  namespace: string;
  name: string;
  type: string;
  engine: string | null;
  rowEstimate: string | number | null;
  sizeBytes: string | number | null;
  comment: string | null;
  definition: string | null;
  collation: string | null;
}

/** Lists tables and views of `namespaces` (or of every non-system database), ordered by name. */
export async function fetchDatasets(
  db: MysqlQueryable,
  namespaces?: readonly string[],
): Promise<RawDataset[]> {
  const chosen = namespaces !== undefined && namespaces.length > 0;
  const list = chosen ? namespaces : SYSTEM_DATABASES;
  const rows = await db.query<Row>(
    `SELECT t.TABLE_SCHEMA AS namespace, t.TABLE_NAME AS name, t.TABLE_TYPE AS type, t.ENGINE AS engine,
            t.TABLE_ROWS AS rowEstimate, t.DATA_LENGTH + t.INDEX_LENGTH AS sizeBytes,
            t.TABLE_COMMENT AS comment, v.VIEW_DEFINITION AS definition,
            t.TABLE_COLLATION AS collation
     FROM information_schema.TABLES t
     LEFT JOIN information_schema.VIEWS v ON v.TABLE_SCHEMA = t.TABLE_SCHEMA AND v.TABLE_NAME = t.TABLE_NAME
     WHERE t.TABLE_SCHEMA ${chosen ? 'IN' : 'NOT IN'} (?) AND t.TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')
     ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME`,
    [list],
  );
  return rows.map((row) => {
    const view = row.type === 'VIEW';
    return {
      namespace: row.namespace,
      name: row.name,
      view,
      engine: row.engine,
      rowEstimate: view || row.rowEstimate === null ? null : Number(row.rowEstimate),
      sizeBytes: view || row.sizeBytes === null ? null : Number(row.sizeBytes),
      // A view's TABLE_COMMENT is the word VIEW, not a comment.
      comment: view || row.comment === null || row.comment === '' ? null : row.comment,
      definition: view ? row.definition : null,
      collation: row.collation,
    };
  });
}
