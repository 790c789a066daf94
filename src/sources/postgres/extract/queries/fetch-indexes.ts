/**
 * Catalog query: indexes of the chosen relations: key columns or expressions (INCLUDE columns left out),
 * method, uniqueness (and NULLS NOT DISTINCT, PostgreSQL 15+), partial predicate, full definition, and the
 * constraint an index backs, if any.
 */
import type { Queryable } from '../../queryable.js';

export interface RawIndex {
  readonly relation: number;
  readonly name: string;
  readonly method: string;
  readonly unique: boolean;
  readonly primary: boolean;
  /** `UNIQUE NULLS NOT DISTINCT` (PostgreSQL 15+; false on older servers). */
  readonly nullsNotDistinct: boolean;
  /** Key columns in order; `null` where the key is an expression. */
  readonly columns: readonly (string | null)[];
  /** Every key as text (column names quoted as needed, expressions as printed). */
  readonly keys: readonly string[];
  readonly predicate: string | null;
  readonly definition: string;
  /** Name of the constraint this index implements (primary key, unique, exclusion). */
  readonly constraintName: string | null;
}

const QUERY = `
SELECT i.indrelid::int8 AS relation, ic.relname AS name, am.amname AS method,
       i.indisunique AS unique, i.indisprimary AS primary,
       -- read through jsonb so that servers before 15, which lack the column, answer false
       COALESCE((pg_catalog.to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS "nullsNotDistinct",
       (SELECT array_agg(a.attname::text ORDER BY k.ord)
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num AND k.num <> 0
        WHERE k.ord <= i.indnkeyatts) AS columns,
       (SELECT array_agg(pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) ORDER BY k.ord)
        FROM generate_series(1, i.indnkeyatts) k(ord)) AS keys,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
       con.conname AS "constraintName"
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
  AND con.contype IN ('p', 'u', 'x')
WHERE i.indrelid = ANY ($1::oid[])
ORDER BY i.indrelid, ic.relname`;

interface Row extends Omit<RawIndex, 'relation'> {
  relation: string;
}

/** Lists the indexes of `relations` (oids). */
export async function fetchIndexes(db: Queryable, relations: readonly number[]): Promise<RawIndex[]> {
  const { rows } = await db.query<Row>(QUERY, [relations]);
  return rows.map((row) => ({ ...row, relation: Number(row.relation) }));
}
