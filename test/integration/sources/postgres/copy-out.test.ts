import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyOutQuery } from '../../../../src/sources/postgres/copy-out.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { runSql } from './fixture-database.js';

let database: TestDatabase;
let client: pg.Client;

async function read(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  // A function that sends a notice every 100 rows: NoticeResponse messages between the rows of a COPY.
  await runSql(
    database.url,
    `CREATE FUNCTION noisy(n int) RETURNS int LANGUAGE plpgsql AS $$
     BEGIN IF n % 100 = 0 THEN RAISE NOTICE 'row %', n; END IF; RETURN n; END $$`,
  );
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

describe('COPY TO read from the protocol', () => {
  it('gives the bytes pg-copy-streams gives, rows of every length, notices between them skipped', async () => {
    const sql = `COPY (SELECT noisy(g), repeat(md5(g::text), g % 2000), E'tab\\there' FROM generate_series(1, 5000) g)
      TO STDOUT`;
    const expected = await read(client.query(copyTo(sql)));
    const notices: string[] = [];
    client.on('notice', (notice) => notices.push(notice.message ?? ''));
    const bytes = await read(client.query(new CopyOutQuery(sql)));
    expect(bytes.length).toBeGreaterThan(30_000_000);
    expect(bytes.equals(expected)).toBe(true);
    // The notices came and went nowhere, as with pg-copy-streams: the socket was this stream's.
    expect(notices).toEqual([]);
    await client.query('SELECT noisy(100)');
    expect(notices).toEqual(['row 100']);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('hands on whole CopyData messages with frames: their row bytes are the same, notices still skipped', async () => {
    const sql = `COPY (SELECT noisy(g), repeat(md5(g::text), g % 500) FROM generate_series(1, 5000) g)
      TO STDOUT (FORMAT binary)`;
    const expected = await read(client.query(copyTo(sql)));
    const framed = await read(client.query(new CopyOutQuery(sql, { frames: true })));
    // The messages one after the other, each a CopyData: the header and the first row, one per row, the trailer.
    const payloads: Buffer[] = [];
    for (let at = 0; at < framed.length; ) {
      expect(String.fromCharCode(framed[at]!)).toBe('d');
      const end = at + 1 + framed.readUInt32BE(at + 1);
      payloads.push(framed.subarray(at + 5, end));
      at = end;
    }
    expect(payloads).toHaveLength(5001);
    expect(payloads.at(-1)).toEqual(Buffer.from([0xff, 0xff]));
    expect(Buffer.concat(payloads).equals(expected)).toBe(true);
  });

  it('fails with the server error when the query fails midway, and the connection stays usable', async () => {
    const stream = client.query(
      new CopyOutQuery('COPY (SELECT g, 1 / (g - 40000) FROM generate_series(1, 50000) g) TO STDOUT'),
    );
    let rows = 0;
    await expect(
      (async () => {
        for await (const chunk of stream as AsyncIterable<Buffer>)
          for (const byte of chunk) if (byte === 10) rows += 1;
      })(),
    ).rejects.toThrow(/division by zero/);
    expect(rows).toBeLessThan(40_000);
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it('fails with the server error when the statement cannot start', async () => {
    await expect(read(client.query(new CopyOutQuery('COPY no_such_table TO STDOUT')))).rejects.toThrow(
      /no_such_table/,
    );
    expect((await client.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
  });

  it('ends an empty result', async () => {
    const bytes = await read(client.query(new CopyOutQuery('COPY (SELECT 1 WHERE false) TO STDOUT')));
    expect(bytes.length).toBe(0);
  });
});
