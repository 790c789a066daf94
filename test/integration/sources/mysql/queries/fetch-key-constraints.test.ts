import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchKeyConstraints } from '../../../../../src/sources/mysql/extract/queries/fetch-key-constraints.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

let database: QueryDatabase;

beforeAll(async () => {
  database = await createQueryDatabase([
    'CREATE TABLE parent (a int, b int, code char(3) NOT NULL, PRIMARY KEY (a, b), UNIQUE KEY uq_code (code))',
    `CREATE TABLE child (id int PRIMARY KEY, pa int, pb int, up int,
       CONSTRAINT fk_parent FOREIGN KEY (pa, pb) REFERENCES parent (a, b) ON DELETE SET NULL ON UPDATE CASCADE,
       CONSTRAINT fk_self FOREIGN KEY (up) REFERENCES child (id))`,
  ]);
});
afterAll(async () => database?.close());

describe('fetchKeyConstraints', () => {
  it('reads composite primary, unique and foreign keys with columns in key order and rules', async () => {
    const rows = await fetchKeyConstraints(database.connection.db, [database.database.name]);
    const find = (table: string, name: string) =>
      rows.find((row) => row.table === table && row.name === name);
    expect(find('parent', 'PRIMARY')).toMatchObject({ type: 'PRIMARY KEY', columns: ['a', 'b'] });
    expect(find('parent', 'uq_code')).toMatchObject({ type: 'UNIQUE', columns: ['code'] });
    expect(find('child', 'fk_parent')).toMatchObject({
      type: 'FOREIGN KEY',
      columns: ['pa', 'pb'],
      referencedNamespace: database.database.name,
      referencedTable: 'parent',
      referencedColumns: ['a', 'b'],
      onDelete: 'SET NULL',
      onUpdate: 'CASCADE',
    });
    expect(find('child', 'fk_self')).toMatchObject({ referencedTable: 'child', referencedColumns: ['id'] });
    expect(rows).toHaveLength(5);
  });
});
