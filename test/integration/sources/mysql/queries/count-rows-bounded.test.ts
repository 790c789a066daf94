import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRowsBounded } from '../../../../../src/sources/mysql/extract/queries/count-rows-bounded.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

let database: QueryDatabase;

beforeAll(async () => {
  database = await createQueryDatabase([
    'CREATE TABLE `Many ``Rows``` (id int)',
    'INSERT INTO `Many ``Rows``` (id) SELECT seq FROM seq_1_to_250',
    'CREATE TABLE empty (id int)',
  ]);
});
afterAll(async () => database?.close());

describe('countRowsBounded', () => {
  it('counts every row below the limit, stops at the limit, reads at least one', async () => {
    const db = database.connection.db;
    const namespace = database.database.name;
    expect(await countRowsBounded(db, namespace, 'Many `Rows`', 1000)).toBe(250);
    expect(await countRowsBounded(db, namespace, 'Many `Rows`', 100)).toBe(100);
    expect(await countRowsBounded(db, namespace, 'Many `Rows`', 0)).toBe(1);
    expect(await countRowsBounded(db, namespace, 'empty', 100)).toBe(0);
  });
});
