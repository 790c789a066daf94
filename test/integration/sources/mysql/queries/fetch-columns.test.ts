import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchColumns } from '../../../../../src/sources/mysql/extract/queries/fetch-columns.js';
import { createQueryDatabase, type QueryDatabase } from './query-database.js';

let database: QueryDatabase;

beforeAll(async () => {
  database = await createQueryDatabase([
    `CREATE TABLE t (
       id bigint unsigned zerofill NOT NULL AUTO_INCREMENT PRIMARY KEY,
       \`näme\` varchar(20) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'x' COMMENT 'the name',
       price decimal(8,3) NOT NULL,
       at datetime(6) NULL ON UPDATE CURRENT_TIMESTAMP(6),
       twice int GENERATED ALWAYS AS (price * 2) STORED
     )`,
  ]);
});
afterAll(async () => database?.close());

describe('fetchColumns', () => {
  it('reads each column as the server declares it, in position order', async () => {
    const rows = await fetchColumns(database.connection.db, [database.database.name]);
    expect(rows.map((row) => row.name)).toEqual(['id', 'näme', 'price', 'at', 'twice']);
    const [id, name, price, at, twice] = rows;
    expect(id).toMatchObject({ dataType: 'bigint', nullable: false, position: 1 });
    expect(id?.columnType).toMatch(/^bigint(\(20\))? unsigned zerofill$/);
    expect(id?.extra).toContain('auto_increment');
    expect(name).toMatchObject({
      dataType: 'varchar',
      columnType: 'varchar(20)',
      characterLength: 20,
      charset: 'latin1',
      collation: 'latin1_bin',
      nullable: true,
      comment: 'the name',
    });
    expect(name?.default).toMatch(/^'?x'?$/);
    expect(price).toMatchObject({ numericPrecision: 8, numericScale: 3, columnType: 'decimal(8,3)' });
    expect(at).toMatchObject({ dataType: 'datetime', datetimePrecision: 6 });
    expect(at?.extra).toMatch(/on update current_timestamp\(6\)/);
    expect(twice?.extra).toMatch(/stored generated/);
    expect(twice?.generation).toMatch(/`price` \* 2/);
  });
});
