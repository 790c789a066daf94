/**
 * Catalog query: the relations of the chosen schemas (tables, partitioned tables and their partitions,
 * inheritance children, views, materialized views, foreign tables) with size, row estimate and comment.
 */
import type { Queryable } from '../../queryable.js';

export interface RawDataset {
  readonly oid: number;
  readonly namespace: string;
  readonly name: string;
  /** `r` table, `p` partitioned, `v` view, `m` materialized view, `f` foreign table. */
  readonly relkind: 'r' | 'p' | 'v' | 'm' | 'f';
  readonly isPartition: boolean;
  /** First inheritance parent (declarative or classic), qualified parts. */
  readonly parentNamespace: string | null;
  readonly parentName: string | null;
  readonly partitionBound: string | null;
  readonly partitionKey: string | null;
  /** `reltuples`: -1 (PostgreSQL 14+) or 0 with no pages when never analysed. */
  readonly reltuples: number;
  readonly relpages: number;
  readonly sizeBytes: number | null;
  readonly comment: string | null;
  readonly definition: string | null;
}

/** System schemas never profiled. */
export const SYSTEM_NAMESPACES = ['pg_catalog', 'information_schema', 'pg_toast'];

const QUERY = `
SELECT c.oid::int8 AS oid, n.nspname AS namespace, c.relname AS name, c.relkind,
       c.relispartition AS "isPartition",
       pn.nspname AS "parentNamespace", p.relname AS "parentName",
       pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS "partitionBound",
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS "partitionKey",
       c.reltuples::float8 AS reltuples, c.relpages::int8 AS relpages,
       CASE WHEN c.relkind IN ('r', 'm', 'p') THEN pg_catalog.pg_total_relation_size(c.oid) END AS "sizeBytes",
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END AS definition
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT i.inhparent FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid ORDER BY i.inhseqno LIMIT 1
) inh ON true
LEFT JOIN pg_catalog.pg_class p ON p.oid = inh.inhparent
LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname <> ALL ($1::text[])
  AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
  AND ($2::text[] IS NULL OR n.nspname = ANY ($2::text[]))
ORDER BY n.nspname, c.relname`;

interface Row extends Omit<RawDataset, 'oid' | 'relpages' | 'sizeBytes'> {
  oid: string;
  relpages: string;
  sizeBytes: string | null;
}

/** Lists relations outside the system schemas, restricted to `namespaces` when given. */
export async function fetchDatasets(
  db: Queryable,
  namespaces: readonly string[] | undefined,
): Promise<RawDataset[]> {
  const { rows } = await db.query<Row>(QUERY, [
    SYSTEM_NAMESPACES,
    namespaces === undefined || namespaces.length === 0 ? null : namespaces,
  ]);
  return rows.map((row) => ({
    ...row,
    oid: Number(row.oid),
    relpages: Number(row.relpages),
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
  }));
}
