/**
 * Catalog-side query for row estimates of never-analysed tables: counts rows, but stops at `limit`, so it
 * costs at most `limit` row reads on a table of any size.
 */
import { quoteQualified } from '../../identifiers.js';
import type { Queryable } from '../../queryable.js';

/** Counts rows of `namespace.name` up to `limit`. */
export async function countRowsBounded(
  db: Queryable,
  namespace: string,
  name: string,
  limit: number,
): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `SELECT count(*) AS count FROM (SELECT 1 FROM ${quoteQualified(namespace, name)} LIMIT ${Math.max(1, Math.floor(limit))}) bounded`,
  );
  return Number(rows[0]?.count ?? 0);
}
