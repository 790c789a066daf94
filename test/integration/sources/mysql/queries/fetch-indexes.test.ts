import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchIndexes } from '../../../../../src/sources/mysql/extract/queries/fetch-indexes.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

let database: QueryDatabase;

beforeAll(async () => {
  database = await createQueryDatabase([
    'CREATE TABLE t (id int PRIMARY KEY, a varchar(50), b int, body text, UNIQUE KEY uq_ab (a, b), KEY ix_prefix (a(5)), FULLTEXT KEY ft (body))',
  ]);
});
afterAll(async () => database?.close());

describe('fetchIndexes', () => {
  it('reads indexes with their parts in order, uniqueness, method and prefix lengths', async () => {
    const rows = await fetchIndexes(database.connection.db, [database.database.name]);
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect([...byName.keys()].sort()).toEqual(['PRIMARY', 'ft', 'ix_prefix', 'uq_ab']);
    expect(byName.get('PRIMARY')).toMatchObject({
      unique: true,
      method: 'BTREE',
      parts: [{ column: 'id', prefix: null }],
    });
    expect(byName.get('uq_ab')).toMatchObject({
      unique: true,
      parts: [
        { column: 'a', prefix: null },
        { column: 'b', prefix: null },
      ],
    });
    expect(byName.get('ix_prefix')).toMatchObject({ unique: false, parts: [{ column: 'a', prefix: 5 }] });
    expect(byName.get('ft')?.method).toBe('FULLTEXT');
  });
});
