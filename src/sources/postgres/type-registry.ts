/**
 * What the value parsers need to know about non-builtin types of one database: array element types,
 * domain base types, composite attributes and which types are enums, keyed by type oid. Loaded once per
 * connection.
 */
import type { Queryable } from './queryable.js';

export interface RegisteredType {
  readonly oid: number;
  readonly kind: 'array' | 'domain' | 'composite' | 'enum';
  /** Element type (arrays) or base type (domains). */
  readonly inner: number;
  readonly delimiter: string;
  readonly attributes: readonly { readonly name: string; readonly type: number }[];
}

export type TypeRegistry = ReadonlyMap<number, RegisteredType>;

interface TypeRow {
  oid: string;
  typtype: string;
  typcategory: string;
  element: string;
  base: string;
  delimiter: string;
  attributes: { name: string; type: number }[] | null;
}

const TYPE_REGISTRY_QUERY = `
SELECT t.oid::int8 AS oid, t.typtype, t.typcategory, t.typelem::int8 AS element, t.typbasetype::int8 AS base,
       t.typdelim AS delimiter,
       CASE WHEN t.typtype = 'c' THEN (
         SELECT json_agg(json_build_object('name', a.attname, 'type', a.atttypid::int8) ORDER BY a.attnum)
         FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
       END AS attributes
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE (t.typcategory = 'A' AND t.typelem <> 0)
   OR (t.typtype IN ('c', 'd', 'e') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast'))`;

const KINDS: Readonly<Record<string, RegisteredType['kind']>> = { d: 'domain', c: 'composite', e: 'enum' };

/** Loads the registry of arrays, domains, composites and enums from `pg_type`. */
export async function loadTypeRegistry(db: Queryable): Promise<TypeRegistry> {
  const { rows } = await db.query<TypeRow>(TYPE_REGISTRY_QUERY);
  const registry = new Map<number, RegisteredType>();
  for (const row of rows) {
    const oid = Number(row.oid);
    const kind = KINDS[row.typtype] ?? 'array';
    registry.set(oid, {
      oid,
      kind,
      inner: Number(kind === 'domain' ? row.base : row.element),
      delimiter: row.delimiter,
      attributes: row.attributes ?? [],
    });
  }
  return registry;
}
