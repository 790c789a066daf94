/**
 * Catalog query: the types columns can have (builtin and user-defined: enums with labels in order, domains
 * with base type and not-null, composites with attributes, ranges with subtype, arrays with element type).
 * Row types of tables are left out: a database with many tables would otherwise list each one twice.
 */
import type { Queryable } from '../../queryable.js';

export interface RawType {
  readonly oid: number;
  readonly namespace: string;
  readonly name: string;
  /** `b` base, `c` composite, `d` domain, `e` enum, `r` range, `m` multirange, `p` pseudo. */
  readonly typtype: string;
  readonly category: string;
  readonly element: number;
  /** Domain base type oid and its modifier. */
  readonly base: number;
  readonly baseTypmod: number;
  readonly baseNative: string | null;
  readonly notNull: boolean;
  /** The type as `format_type` names it without a modifier. */
  readonly native: string;
  readonly labels: readonly string[] | null;
  readonly rangeSubtype: number | null;
  readonly attributes:
    | readonly {
        readonly name: string;
        readonly type: number;
        readonly typmod: number;
        readonly native: string;
      }[]
    | null;
}

const QUERY = `
SELECT t.oid::int8 AS oid, n.nspname AS namespace, t.typname AS name, t.typtype, t.typcategory AS category,
       t.typelem::int8 AS element, t.typbasetype::int8 AS base, t.typtypmod AS "baseTypmod",
       CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS "baseNative",
       t.typnotnull AS "notNull", pg_catalog.format_type(t.oid, NULL) AS native,
       CASE WHEN t.typtype = 'e' THEN (
         SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)
       END AS labels,
       r.rngsubtype::int8 AS "rangeSubtype",
       CASE WHEN t.typtype = 'c' THEN (
         SELECT json_agg(json_build_object('name', a.attname, 'type', a.atttypid::int8, 'typmod', a.atttypmod,
                                           'native', pg_catalog.format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
         FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
       END AS attributes
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
LEFT JOIN pg_catalog.pg_class tc ON tc.oid = t.typrelid
LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_catalog.pg_class ec ON ec.oid = et.typrelid
WHERE (tc.oid IS NULL OR tc.relkind = 'c') AND (ec.oid IS NULL OR ec.relkind = 'c')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

interface Row extends Omit<RawType, 'oid' | 'element' | 'base' | 'rangeSubtype' | 'attributes'> {
  oid: string;
  element: string;
  base: string;
  rangeSubtype: string | null;
  attributes: { name: string; type: number; typmod: number; native: string }[] | null;
}

/** Lists every type a column may use, keyed by oid. */
export async function fetchTypes(db: Queryable): Promise<Map<number, RawType>> {
  const { rows } = await db.query<Row>(QUERY);
  const types = new Map<number, RawType>();
  for (const row of rows) {
    types.set(Number(row.oid), {
      ...row,
      oid: Number(row.oid),
      element: Number(row.element),
      base: Number(row.base),
      rangeSubtype: row.rangeSubtype === null ? null : Number(row.rangeSubtype),
    });
  }
  return types;
}
