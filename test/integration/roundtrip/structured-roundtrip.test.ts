/**
 * The round trip for columns whose text has a syntax of its own (test/fixtures/postgres/structured-*.sql):
 * xml, money, point, box, interval, inet, macaddr, unique int4range spans, tstzrange periods, bit strings,
 * domains, under quoted upper-case names. Profiled with every row, generated into a fresh database through
 * `doppel generate`: the server takes every row (a range whose bounds are out of order, or words in a bit
 * column, would be refused), and the generated ranges, bit strings and addresses are of their types.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/tasks/index.js';
import type { TestDatabase } from '../../helpers/test-database.js';
import { countRows, roundTripFixture } from './roundtrip-steps.js';

const databases: TestDatabase[] = [];
let expected: Profile;
let target: TestDatabase;

beforeAll(async () => {
  ({ expected, target } = await roundTripFixture('structured', databases));
}, 600_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe('structured text round trip on PostgreSQL', () => {
  it('loads every row', async () => {
    const counts = await countRows(target.url, expected);
    expect(counts['Production.ProductModel']).toBe(2000);
  });

  it('writes ranges with ordered bounds, bit strings of their width, and network addresses', async () => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const { rows } = await client.query<Record<string, string>>(`
        SELECT count(*) FILTER (WHERE isempty("Serials") OR lower("Serials") < upper("Serials")) AS spans,
               count(DISTINCT "Serials") AS distinct_spans,
               count(*) FILTER (WHERE "Booked" IS NULL) AS open_bookings,
               count(*) FILTER (WHERE lower("Booked") < upper("Booked")) AS bookings,
               count(*) FILTER (WHERE length("Options") BETWEEN 1 AND 8) AS options,
               count(*) FILTER (WHERE length("Revision") = 4) AS revisions,
               count(*) FILTER (WHERE family("Host") IN (4, 6)) AS hosts
        FROM "Production"."ProductModel"`);
      const row = rows[0]!;
      expect(Number(row.spans)).toBe(2000);
      expect(Number(row.distinct_spans)).toBeGreaterThan(1900);
      expect(Number(row.open_bookings)).toBeGreaterThan(350);
      expect(Number(row.open_bookings)).toBeLessThan(650);
      expect(Number(row.bookings) + Number(row.open_bookings)).toBe(2000);
      expect(Number(row.options)).toBe(2000);
      expect(Number(row.revisions)).toBe(2000);
      expect(Number(row.hosts)).toBe(2000);
    } finally {
      await client.end();
    }
  });
});
