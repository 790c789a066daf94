import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRowsBounded } from '../../../../../src/sources/postgres/extract/queries/count-rows-bounded.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

const SCHEMA = `
CREATE SCHEMA "Odd ""Counts""";
CREATE TABLE "Odd ""Counts"""."Many Rows" (id integer);
INSERT INTO "Odd ""Counts"""."Many Rows" SELECT generate_series(1, 250);
CREATE TABLE "Odd ""Counts""".empty (id integer);
`;

let database: QueryDatabase;

beforeAll(async () => {
  database = await createQueryDatabase(SCHEMA);
});
afterAll(async () => database?.close());

describe('countRowsBounded', () => {
  it('counts every row when the table is smaller than the limit', async () => {
    expect(await countRowsBounded(database.connection.db, 'Odd "Counts"', 'Many Rows', 1000)).toBe(250);
    expect(await countRowsBounded(database.connection.db, 'Odd "Counts"', 'Many Rows', 250)).toBe(250);
  });

  it('stops at the limit', async () => {
    expect(await countRowsBounded(database.connection.db, 'Odd "Counts"', 'Many Rows', 100)).toBe(100);
    expect(await countRowsBounded(database.connection.db, 'Odd "Counts"', 'Many Rows', 2.7)).toBe(2);
  });

  it('reads at least one row whatever the limit', async () => {
    expect(await countRowsBounded(database.connection.db, 'Odd "Counts"', 'Many Rows', 0)).toBe(1);
    expect(await countRowsBounded(database.connection.db, 'Odd "Counts"', 'empty', 0)).toBe(0);
  });

  it('counts zero for an empty table', async () => {
    expect(await countRowsBounded(database.connection.db, 'Odd "Counts"', 'empty', 100)).toBe(0);
  });
});
