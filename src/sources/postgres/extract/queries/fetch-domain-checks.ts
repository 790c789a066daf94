/** Catalog query: check constraints of domains, as `pg_get_constraintdef` prints them. */
import type { Queryable } from '../../queryable.js';

export interface RawDomainCheck {
  readonly domain: number;
  readonly name: string;
  readonly definition: string;
}

const QUERY = `
SELECT c.contypid::int8 AS domain, c.conname AS name, pg_catalog.pg_get_constraintdef(c.oid, true) AS definition
FROM pg_catalog.pg_constraint c
WHERE c.contypid <> 0 AND c.contype = 'c'
ORDER BY c.contypid, c.conname`;

/** Lists domain check constraints, grouped by domain oid. */
export async function fetchDomainChecks(db: Queryable): Promise<Map<number, RawDomainCheck[]>> {
  const { rows } = await db.query<{ domain: string; name: string; definition: string }>(QUERY);
  const byDomain = new Map<number, RawDomainCheck[]>();
  for (const row of rows) {
    const domain = Number(row.domain);
    const list = byDomain.get(domain) ?? [];
    list.push({ domain, name: row.name, definition: row.definition });
    byDomain.set(domain, list);
  }
  return byDomain;
}
