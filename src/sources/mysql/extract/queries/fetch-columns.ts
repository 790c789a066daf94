/**
 * Catalog query: the columns of the chosen databases' tables and views, with the type as the server names it
 * (`COLUMN_TYPE`: `int(10) unsigned zerofill`, `enum('a','b')`, `decimal(12,2)`), lengths, precision, scale,
 * fractional seconds, charset and collation, nullability, default, `EXTRA` (auto_increment, generated,
 * on update) and the generation expression.
 */
import type { MysqlQueryable } from '../../queryable.js';

export interface RawColumn {
  readonly namespace: string;
  readonly table: string;
  readonly name: string;
  readonly position: number;
  /** `DATA_TYPE`: the bare type name, lower case (`int`, `varchar`, `enum`). */
  readonly dataType: string;
  /** `COLUMN_TYPE`: the full declaration (`int(10) unsigned`, `enum('a','b')`). */
  readonly columnType: string;
  /** Characters (for character types) or bytes (binary types). */
  readonly characterLength: number | null;
  readonly numericPrecision: number | null;
  readonly numericScale: number | null;
  readonly datetimePrecision: number | null;
  readonly charset: string | null;
  readonly collation: string | null;
  readonly nullable: boolean;
  /** As `COLUMN_DEFAULT` shows it: MariaDB writes an expression, MySQL a bare literal (see `extra`). */
  readonly default: string | null;
  /** `EXTRA`, lower case: `auto_increment`, `virtual generated`, `stored generated`, `on update ...`. */
  readonly extra: string;
  readonly generation: string | null;
  readonly comment: string | null;
}

interface Row {
  namespace: string;
  table: string;
  name: string;
  position: number | string;
  dataType: string;
  columnType: string;
  characterLength: number | string | null;
  numericPrecision: number | string | null;
  numericScale: number | string | null;
  datetimePrecision: number | string | null;
  charset: string | null;
  collation: string | null;
  nullable: string;
  default: string | null;
  extra: string | null;
  generation: string | null;
  comment: string | null;
}

const numberOrNull = (value: number | string | null): number | null =>
  value === null ? null : Number(value);

/** Lists the columns of every table and view in `namespaces`, ordered by table and position. */
export async function fetchColumns(db: MysqlQueryable, namespaces: readonly string[]): Promise<RawColumn[]> {
  if (namespaces.length === 0) return [];
  const rows = await db.query<Row>(
    `SELECT TABLE_SCHEMA AS namespace, TABLE_NAME AS \`table\`, COLUMN_NAME AS name, ORDINAL_POSITION AS position,
            LOWER(DATA_TYPE) AS dataType, COLUMN_TYPE AS columnType, CHARACTER_MAXIMUM_LENGTH AS characterLength,
            NUMERIC_PRECISION AS numericPrecision, NUMERIC_SCALE AS numericScale,
            DATETIME_PRECISION AS datetimePrecision, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation,
            IS_NULLABLE AS nullable, COLUMN_DEFAULT AS \`default\`, EXTRA AS extra,
            GENERATION_EXPRESSION AS generation, COLUMN_COMMENT AS comment
     FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA IN (?)
     ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    [namespaces],
  );
  return rows.map((row) => ({
    namespace: row.namespace,
    table: row.table,
    name: row.name,
    position: Number(row.position),
    dataType: row.dataType,
    columnType: row.columnType,
    characterLength: numberOrNull(row.characterLength),
    numericPrecision: numberOrNull(row.numericPrecision),
    numericScale: numberOrNull(row.numericScale),
    datetimePrecision: numberOrNull(row.datetimePrecision),
    charset: row.charset,
    collation: row.collation,
    nullable: row.nullable === 'YES',
    default: row.default,
    extra: (row.extra ?? '').toLowerCase(),
    generation: row.generation === null || row.generation === '' ? null : row.generation,
    comment: row.comment === null || row.comment === '' ? null : row.comment,
  }));
}
