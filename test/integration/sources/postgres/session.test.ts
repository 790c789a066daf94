import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Dataset } from '../../../../src/catalog/model.js';
import type { Row } from '../../../../src/catalog/values.js';
import { DoppelError } from '../../../../src/shared/errors.js';
import { silentLogger } from '../../../../src/shared/log.js';
import type { PostgresSource } from '../../../../src/sources/postgres/index.js';
import { openPostgresSource } from '../../../../src/sources/postgres/index.js';
import { withLoggedReader } from '../../../helpers/statement-log.js';
import type { TestDatabase } from '../../../helpers/test-database.js';
import { createFixtureDatabase, runSql } from './fixture-database.js';

let database: TestDatabase;
let session: PostgresSource;
let catalog: Catalog;
const dataset = (name: string): Dataset => {
  const found = catalog.datasets.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`missing ${name}`);
  return found;
};
async function collect(rows: AsyncIterable<Row>): Promise<Row[]> {
  const result: Row[] = [];
  for await (const row of rows) result.push(row);
  return result;
}

beforeAll(async () => {
  database = await createFixtureDatabase('rich-schema', 'rich-data');
  await runSql(
    database.url,
    `CREATE TABLE shop.big AS SELECT g AS id, md5(g::text) AS hash FROM generate_series(1, 50000) g;
     ANALYZE shop.big; ANALYZE shop.orders;
     CREATE VIEW shop.slow AS SELECT pg_sleep(30)::text AS slept, 1 AS x;
     INSERT INTO shop.all_types (id, t_bool, t_int4, t_int8, t_float4, t_numeric, t_money, t_char, t_uuid, t_date, t_time,
       t_timestamp, t_timestamptz, t_interval, t_bytea, t_json, t_jsonb, t_inet, t_bit, t_enum, t_domain, t_composite,
       t_int4range, t_int_array, t_matrix, t_text_array, t_enum_array, t_bytea_array, t_composite_array)
     VALUES (1, true, -7, 9007199254740993, 'NaN', 12.5, 1234.5, 'ab', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
       '2024-02-29', '13:14:15.5', '2024-01-02 03:04:05.123', '2024-01-02 03:04:05+02', '1 day 02:00:00',
       '\\xdeadbeef', '{"a": 1}', '{"a": [1, 2, null]}', '10.0.0.1/32', '1010', 'paid', 5,
       ROW('Main St 1', 'Köln', NULL), '[1,10)', '{1,NULL,3}', '{{1,2},{3,4}}', '{"a b","NULL",NULL,"q\\"x"}',
       '{paid,shipped}', ARRAY['\\x00ff'::bytea], ARRAY[ROW('a,b', NULL, 'x(y)')::shop.address])`,
  );
  session = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
  catalog = await session.extract({});
});
afterAll(async () => {
  await session?.close();
  await database?.drop();
});

describe('sampling', () => {
  it('converts every driver value into the values.ts representation', async () => {
    const [row] = await collect(
      session.sample(dataset('shop.all_types'), { rows: 10, seconds: 30, seed: 1, full: false }),
    );
    expect(row).toMatchObject({
      t_bool: true,
      t_int4: -7,
      t_int8: 9007199254740993n,
      t_numeric: '12.500',
      t_money: '1234.50',
      t_char: 'ab  ',
      t_date: '2024-02-29',
      t_time: '13:14:15.5',
      t_timestamp: '2024-01-02T03:04:05.123',
      t_timestamptz: '2024-01-02T01:04:05Z',
      t_interval: '1 day 02:00:00',
      t_bytea: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
      t_json: { a: 1 },
      t_jsonb: { a: [1, 2, null] },
      t_inet: '10.0.0.1',
      t_bit: '1010',
      t_enum: 'paid',
      t_domain: '5.00',
      t_composite: { street: 'Main St 1', city: 'Köln', zip: null },
      t_int4range: '[1,10)',
      t_int_array: [1, null, 3],
      t_matrix: [
        [1, 2],
        [3, 4],
      ],
      t_text_array: ['a b', 'NULL', null, 'q"x'],
      t_enum_array: ['paid', 'shipped'],
      t_bytea_array: [new Uint8Array([0, 255])],
      t_composite_array: [{ street: 'a,b', city: null, zip: 'x(y)' }],
    });
    expect(Number.isNaN(row?.t_float4)).toBe(true);
  });

  it('reads small tables whole within the row budget', async () => {
    const stream = session.sample(dataset('shop.orders'), { rows: 120, seconds: 30, seed: 1, full: false });
    expect(stream.method).toBe('full');
    expect(await collect(stream)).toHaveLength(120);
    expect(stream.truncated()).toBe(false);
  });

  it('uses repeatable TABLESAMPLE on larger tables, bounded by the budget', async () => {
    const options = { rows: 1000, seconds: 30, seed: 7, full: false };
    const first = session.sample(dataset('shop.big'), options);
    expect(first.method).toBe('tablesample-bernoulli');
    const rows = await collect(first);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(1000);
    const again = await collect(session.sample(dataset('shop.big'), options));
    expect(again.map((row) => row.id)).toEqual(rows.map((row) => row.id));
  });

  it('samples the whole table, its physically last rows included', async () => {
    // A sample cut by its LIMIT in physical order would leave the newest rows (ids near 50,000) out.
    const rows = await collect(
      session.sample(dataset('shop.big'), { rows: 2000, seconds: 30, seed: 3, full: false }),
    );
    expect(rows.length).toBeGreaterThan(1700);
    const lastThird = rows.filter((row) => Number(row.id) > (50_000 * 2) / 3).length / rows.length;
    expect(lastThird).toBeGreaterThan(0.28);
    expect(lastThird).toBeLessThan(0.39);
  });

  it('ends the stream early when the time budget runs out, and says so', async () => {
    const stream = session.sample(dataset('shop.big'), { rows: 50000, seconds: 0, seed: 1, full: true });
    const rows = await collect(stream);
    expect(stream.truncated()).toBe(true);
    expect(rows.length).toBeLessThan(50000);
  });

  it('samples children whose reference is in the parent key set', async () => {
    const relation = catalog.relations.find((candidate) => candidate.name === 'orders_customer_id_fkey');
    if (relation === undefined) throw new Error('missing relation');
    const rows = await collect(session.sampleChildren(relation, [[1], [2]], { rows: 1000 }));
    const expected = await runSql<{ count: string }>(
      database.url,
      'SELECT count(*) FROM shop.orders WHERE customer_id IN (1, 2)',
    );
    expect(rows).toHaveLength(Number(expected[0]?.count));
    expect(new Set(rows.map((row) => row.customer_id))).toEqual(new Set([1, 2]));
    expect(await collect(session.sampleChildren(relation, [[1], [2]], { rows: 3 }))).toHaveLength(3);
    // Only the fields asked for.
    const references = await collect(
      session.sampleChildren(relation, [[1], [2]], { rows: 1000, fields: ['customer_id'] }),
    );
    expect(references.every((row) => Object.keys(row).join() === 'customer_id')).toBe(true);
    const ids = (list: readonly Row[]) => list.map((row) => Number(row.customer_id)).sort((a, b) => a - b);
    expect(ids(references)).toEqual(ids(rows));
  });

  it('works with hostile identifiers', async () => {
    const rows = await collect(
      session.sample(dataset('Odd Schema.Order Items'), { rows: 10, seconds: 30, seed: 1, full: false }),
    );
    expect(rows).toContainEqual({
      select: 2,
      Größe: 'tab\there',
      'quote"d': 'so so',
      MixedCase: false,
      from: 1,
    });
    const relation = catalog.relations.find((candidate) => candidate.name === 'Order Items_from_fkey');
    if (relation === undefined) throw new Error('missing relation');
    expect(await collect(session.sampleChildren(relation, [[1]], { rows: 10 }))).toHaveLength(1);
  });
});

describe('cancelling and timeouts', () => {
  it('cancels the running query on the server and keeps the session usable', async () => {
    const controller = new AbortController();
    const rows = collect(
      session.sample(dataset('shop.slow'), {
        rows: 1,
        seconds: 60,
        seed: 1,
        full: false,
        signal: controller.signal,
      }),
    );
    // Abort once the server is really running the sleep.
    for (;;) {
      const running = await runSql<{ count: string }>(
        database.url,
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'doppel' AND query LIKE '%FETCH%' AND state = 'active' AND datname = current_database()",
      );
      if (Number(running[0]?.count) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    controller.abort();
    const error = await rows.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DoppelError);
    expect((error as DoppelError).kind).toBe('cancelled');
    const stillRunning = await runSql<{ count: string }>(
      database.url,
      "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'doppel' AND state = 'active' AND datname = current_database()",
    );
    expect(Number(stillRunning[0]?.count)).toBe(0);
    expect((await session.extract({ include: ['shop.orders'] })).datasets).toHaveLength(1);
  });

  it('stops a statement at the statement timeout with a refused error', async () => {
    const short = await openPostgresSource(database.url, {
      log: silentLogger,
      name: 'shop',
      statementTimeoutMs: 200,
    });
    try {
      const slow = (await short.extract({ include: ['shop.slow'] })).datasets[0];
      if (slow === undefined) throw new Error('missing view');
      const error = await collect(short.sample(slow, { rows: 1, seconds: 60, seed: 1, full: false })).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ kind: 'refused' });
    } finally {
      await short.close();
    }
  });
});

describe('read-only session', () => {
  it('issues no write: every statement the sampler sends is a read, in a READ ONLY transaction', async () => {
    const statements = await withLoggedReader(database.url, ['shop', 'Odd Schema'], async (url) => {
      const reader = await openPostgresSource(url, { log: silentLogger, name: 'shop' });
      try {
        const readCatalog = await reader.extract({ namespaces: ['shop'], exclude: ['shop.slow'] });
        for (const item of readCatalog.datasets)
          await collect(reader.sample(item, { rows: 50, seconds: 30, seed: 1, full: false }));
        const relation = readCatalog.relations[0];
        if (relation !== undefined) await collect(reader.sampleChildren(relation, [[1]], { rows: 5 }));
      } finally {
        await reader.close();
      }
    });
    expect(statements.length).toBeGreaterThan(10);
    expect(statements).toContain('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
    expect(statements).toContain('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const allowed =
      /^(SELECT|SET|BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK|DECLARE "doppel_cursor_\d+" NO SCROLL CURSOR FOR SELECT|COPY \(SELECT [\s\S]*\) TO STDOUT( \(FORMAT binary\))?$|FETCH|CLOSE)(\b|$)/;
    expect(statements.filter((statement) => !allowed.test(statement.trim()))).toEqual([]);
  });
});
