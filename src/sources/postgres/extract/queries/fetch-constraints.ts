/**
 * Catalog query: table constraints of the chosen relations: primary keys, unique, foreign keys (composite,
 * match type, actions, deferrable), checks and exclusion constraints, with column names in key order.
 * Foreign keys that a partition inherits from its partitioned parent are left out (the parent carries them).
 */
import type { Queryable } from '../../queryable.js';

export interface RawConstraint {
  readonly relation: number;
  readonly name: string;
  /** `p` primary, `u` unique, `f` foreign, `c` check, `x` exclusion. */
  readonly type: 'p' | 'u' | 'f' | 'c' | 'x';
  readonly columns: readonly string[];
  readonly definition: string;
  readonly referencedNamespace: string | null;
  readonly referencedName: string | null;
  readonly referencedColumns: readonly string[] | null;
  /** `f` full, `p` partial, `s` simple. */
  readonly matchType: string;
  /** `a` no action, `r` restrict, `c` cascade, `n` set null, `d` set default. */
  readonly onUpdate: string;
  readonly onDelete: string;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly inherited: boolean;
}

const QUERY = `
SELECT c.conrelid::int8 AS relation, c.conname AS name, c.contype AS type,
       COALESCE((SELECT array_agg(a.attname::text ORDER BY k.ord)
                 FROM unnest(c.conkey) WITH ORDINALITY k(num, ord)
                 JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num), '{}') AS columns,
       pg_catalog.pg_get_constraintdef(c.oid, true) AS definition,
       fn.nspname AS "referencedNamespace", f.relname AS "referencedName",
       (SELECT array_agg(a.attname::text ORDER BY k.ord)
        FROM unnest(c.confkey) WITH ORDINALITY k(num, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num) AS "referencedColumns",
       c.confmatchtype AS "matchType", c.confupdtype AS "onUpdate", c.confdeltype AS "onDelete",
       c.condeferrable AS deferrable, c.condeferred AS deferred, NOT c.conislocal AS inherited
FROM pg_catalog.pg_constraint c
LEFT JOIN pg_catalog.pg_class f ON f.oid = c.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
WHERE c.conrelid = ANY ($1::oid[]) AND c.contype IN ('p', 'u', 'f', 'c', 'x')
  AND NOT (c.contype = 'f' AND c.conparentid <> 0)
ORDER BY c.conrelid, c.contype, c.conname`;

interface Row extends Omit<RawConstraint, 'relation'> {
  relation: string;
}

/** Lists the constraints of `relations` (oids). */
export async function fetchConstraints(
  db: Queryable,
  relations: readonly number[],
): Promise<RawConstraint[]> {
  const { rows } = await db.query<Row>(QUERY, [relations]);
  return rows.map((row) => ({ ...row, relation: Number(row.relation) }));
}
