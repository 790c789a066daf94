/**
 * Catalog query: the columns of the chosen relations: position, native type as `format_type` prints it,
 * nullability, default, identity, serial sequence, generated expression, collation and comment.
 */
import type { Queryable } from '../../queryable.js';

export interface RawColumn {
  readonly relation: number;
  readonly position: number;
  readonly name: string;
  readonly typeOid: number;
  readonly typmod: number;
  readonly native: string;
  readonly dimensions: number;
  readonly notNull: boolean;
  readonly default: string | null;
  /** `a` always, `d` by default, '' none. */
  readonly identity: string;
  /** `s` stored generated column, '' none. */
  readonly generated: string;
  readonly sequence: string | null;
  /** Set only when it differs from the type's default collation. */
  readonly collation: string | null;
  readonly comment: string | null;
}

const QUERY = `
SELECT a.attrelid::int8 AS relation, a.attnum AS position, a.attname AS name,
       a.atttypid::int8 AS "typeOid", a.atttypmod AS typmod,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS native, a.attndims AS dimensions,
       a.attnotnull AS "notNull", pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default,
       a.attidentity AS identity, a.attgenerated AS generated,
       CASE WHEN a.attidentity <> '' OR pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'
         THEN pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname), a.attname)
       END AS sequence,
       CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN (
         SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN pg_catalog.quote_ident(co.collname)
                     ELSE pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END
         FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
         WHERE co.oid = a.attcollation)
       END AS collation,
       pg_catalog.col_description(a.attrelid, a.attnum) AS comment
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

interface Row extends Omit<RawColumn, 'relation' | 'typeOid'> {
  relation: string;
  typeOid: string;
}

/** Lists the live columns of `relations` (oids), ordered by relation and position. */
export async function fetchColumns(db: Queryable, relations: readonly number[]): Promise<RawColumn[]> {
  const { rows } = await db.query<Row>(QUERY, [relations]);
  return rows.map((row) => ({ ...row, relation: Number(row.relation), typeOid: Number(row.typeOid) }));
}
