import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDatasets } from '../../../../../src/sources/mysql/extract/queries/fetch-datasets.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

let database: QueryDatabase;

beforeAll(async () => {
  database = await createQueryDatabase([
    "CREATE TABLE `Odd ``Name`` ünï` (id int PRIMARY KEY) ENGINE=InnoDB COMMENT='commented'",
    'CREATE TABLE `select` (id int) ENGINE=MyISAM',
    'CREATE VIEW v AS SELECT id FROM `select`',
  ]);
});
afterAll(async () => database?.close());

describe('fetchDatasets', () => {
  it('lists tables and views of the named database with engine, comment, collation and view text', async () => {
    const rows = await fetchDatasets(database.connection.db, [database.database.name]);
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect([...byName.keys()].sort()).toEqual(['Odd `Name` ünï', 'select', 'v']);
    expect(byName.get('Odd `Name` ünï')).toMatchObject({
      namespace: database.database.name,
      view: false,
      engine: 'InnoDB',
      comment: 'commented',
      definition: null,
      collation: 'utf8mb4_unicode_ci',
    });
    expect(byName.get('select')).toMatchObject({ engine: 'MyISAM', comment: null });
    expect(byName.get('v')).toMatchObject({ view: true, engine: null, rowEstimate: null, comment: null });
    expect(byName.get('v')?.definition).toMatch(/select/i);
  });

  it('without names lists every non-system database, never the system ones', async () => {
    const rows = await fetchDatasets(database.connection.db);
    expect(rows.some((row) => row.namespace === database.database.name)).toBe(true);
    expect(
      rows.some((row) =>
        ['mysql', 'information_schema', 'performance_schema', 'sys'].includes(row.namespace),
      ),
    ).toBe(false);
  });
});
