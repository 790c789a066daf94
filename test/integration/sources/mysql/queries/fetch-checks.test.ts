import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchChecks } from '../../../../../src/sources/mysql/extract/queries/fetch-checks.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

let database: QueryDatabase;

beforeAll(async () => {
  database = await createQueryDatabase([
    'CREATE TABLE t (qty int, doc json, CONSTRAINT qty_range CHECK (qty BETWEEN 0 AND 10))',
    'CREATE TABLE u (qty int, CONSTRAINT qty_range CHECK (qty > 5))',
  ]);
});
afterAll(async () => database?.close());

describe('fetchChecks', () => {
  it('reads each table its own checks (same names in two tables), and MariaDB json_valid column checks', async () => {
    const rows = await fetchChecks(database.connection.db, [database.database.name]);
    const t = rows.filter((row) => row.table === 't');
    const u = rows.filter((row) => row.table === 'u');
    expect(u).toEqual([
      {
        namespace: database.database.name,
        table: 'u',
        name: 'qty_range',
        clause: expect.stringMatching(/`qty` > 5/),
      },
    ]);
    expect(t.find((row) => row.name === 'qty_range')?.clause).toMatch(/`qty` between 0 and 10/i);
    if (database.connection.mariadb)
      expect(t.find((row) => row.name === 'doc')?.clause).toMatch(/json_valid\(`doc`\)/);
  });
});
