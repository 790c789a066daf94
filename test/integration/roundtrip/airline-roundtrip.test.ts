/**
 * The round trip of a schema shaped like the airline demo database (test/fixtures/postgres/airline-*.sql):
 * every table loads into the fixture's own schema (the constraint test: `flights_check1`, an arrival only
 * after a departure; boarding passes keyed by their ticket_flights reference, one per ticket and flight, and
 * numbered and seated once per flight), the actual times keep their null shares, and no passenger's name
 * reaches the profile.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/tasks/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { readFixture, runSql } from '../sources/postgres/fixture-database.js';
import { countRows, generateInto, profileDatabase, saveAndReload } from './roundtrip-steps.js';

const databases: TestDatabase[] = [];
let expected: Profile;
let dir: string;
let source: TestDatabase;
let target: TestDatabase;

beforeAll(async () => {
  source = await createTestDatabase('postgres');
  databases.push(source);
  await runSql(source.url, `${readFixture('airline-schema')}\n${readFixture('airline-data')}`);
  ({ dir, profile: expected } = await saveAndReload(await profileDatabase(source.url, 'airline')));
  target = await createTestDatabase('postgres');
  databases.push(target);
  await runSql(target.url, readFixture('airline-schema'));
  await generateInto(dir, target.url);
}, 600_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function nullShares(url: string): Promise<{ departure: number; arrival: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ departure: number; arrival: number }>(
      `SELECT avg((actual_departure IS NULL)::int)::float8 AS departure,
              avg((actual_arrival IS NULL)::int)::float8 AS arrival
       FROM bookings.flights`,
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

describe('airline round trip on PostgreSQL', () => {
  it('loads every table into the fixture schema', async () => {
    const counts = await countRows(target.url, expected);
    for (const table of ['flights', 'ticket_flights', 'boarding_passes', 'tickets', 'bookings'])
      expect(counts[`bookings.${table}`], table).toBeGreaterThan(0);
    expect(counts['bookings.boarding_passes']).toBe(
      expected.datasets.find((task) => task.dataset.name === 'bookings.boarding_passes')!.dataset.rows,
    );
  });

  it('keeps the null shares of the actual times, an arrival only after a departure', async () => {
    const [measured, generated] = [await nullShares(source.url), await nullShares(target.url)];
    expect(Math.abs(generated.departure - measured.departure)).toBeLessThan(0.02);
    expect(Math.abs(generated.arrival - measured.arrival)).toBeLessThan(0.02);
  });

  it("keeps no passenger's name", async () => {
    const tickets = await readFile(join(dir, 'bookings.tickets.yaml'), 'utf8');
    expect(tickets).toContain('semantic: { type: person.full_name, personal: true');
    for (const surname of ['IVANOV', 'PETROV', 'SMIRNOV', 'MOROZOV']) expect(tickets).not.toContain(surname);
  });
});
