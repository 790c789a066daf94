/**
 * A PostgreSQL load whose rows worker threads generate as CSV (`COPY ... (FORMAT csv)`) leaves the same table
 * as the one-thread load through COPY text, edge values (quotes, commas, line breaks, backslashes, empty
 * strings) included.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabaseGeneration,
  loadGeneration,
  streamRows,
} from '../../../src/generate/load/load-database.js';
import { parseAddress } from '../../../src/shared/address.js';
import { silentLogger } from '../../../src/shared/log.js';
import { openTarget } from '../../../src/sources/index.js';
import { writableFields } from '../../../src/sources/writable-fields.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { buildShopProfile } from '../../unit/generate/shop-profile.js';

const DATASET = 'public.customers';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('postgres');
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

/** Loads 40,000 customers with `threads` workers; returns the count and a digest of the table, by key. */
async function loadWith(threads: number): Promise<{ rows: number; digest: string; csv: boolean }> {
  const run = createDatabaseGeneration(buildShopProfile(), {
    seed: 5,
    only: [DATASET],
    rows: { [DATASET]: 40_000 },
    edgeCases: 0.05,
  });
  const planned = run.loading.plan.datasets.find((dataset) => dataset.name === DATASET)!;
  const offered = streamRows(run.loading, planned, { threads }).csv;
  const task = run.loading.profile.datasets.find((dataset) => dataset.dataset.name === DATASET)!;
  const csv =
    offered !== undefined &&
    offered.fields.join() ===
      writableFields(task)
        .map((field) => field.name)
        .join();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    // The first load creates the schema (every table of the profile); the next one starts from it, empty.
    if (threads > 0) await client.query('TRUNCATE public.customers CASCADE');
    const target = await openTarget(parseAddress(database.url), { log: silentLogger, name: 'test' });
    try {
      await loadGeneration(run, target, { mode: 'append', createSchema: threads === 0, threads });
    } finally {
      await target.close();
    }
    const result = await client.query<{ rows: string; digest: string }>(
      `SELECT count(*) AS rows, md5(string_agg(c::text, E'\\n' ORDER BY c.id)) AS digest FROM public.customers c`,
    );
    return { rows: Number(result.rows[0]!.rows), digest: result.rows[0]!.digest, csv };
  } finally {
    await client.end();
  }
}

describe('parallel database loads', () => {
  it('load the same table through CSV from worker threads as through COPY text', async () => {
    const one = await loadWith(0);
    const two = await loadWith(2);
    expect(one.csv).toBe(false);
    expect(two.csv).toBe(true);
    expect(one.rows).toBe(40_000);
    expect(two).toEqual({ ...one, csv: true });
  }, 240_000);
});
