import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Dataset } from '../../../../src/catalog/model.js';
import type { Row } from '../../../../src/catalog/values.js';
import { profileRows } from '../../../../src/profile/measure/dataset-profiler.js';
import { splitFields } from '../../../../src/profile/measure/field-threads.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { locateWorker } from '../../../../src/shared/worker-entry.js';
import { createChunkDecoder } from '../../../../src/sources/chunk-decoder.js';
import type { RowBatch, SampleStream } from '../../../../src/sources/contract.js';
import { connectPostgres, type PostgresConnection } from '../../../../src/sources/postgres/connect.js';
import { batchToRows } from '../../../../src/sources/postgres/copy-text.js';
import { quoteQualified } from '../../../../src/sources/postgres/identifiers.js';
import { openPostgresSource, type PostgresSource } from '../../../../src/sources/postgres/index.js';
import type { TestDatabase } from '../../../helpers/test-database.js';
import { createFixtureDatabase, runSql } from './fixture-database.js';

let database: TestDatabase;
let session: PostgresSource;
let driver: PostgresConnection;
let catalog: Catalog;

const dataset = (name: string): Dataset => {
  const found = catalog.datasets.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`missing ${name}`);
  return found;
};
const full = { rows: 1, seconds: 60, seed: 1, full: true };

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
}

function batchesOf(stream: SampleStream): AsyncIterable<RowBatch> {
  if (stream.batches === undefined) throw new Error('a COPY read offers column batches');
  return stream.batches();
}

beforeAll(async () => {
  database = await createFixtureDatabase('rich-schema', 'rich-data');
  await runSql(
    database.url,
    `CREATE TABLE shop.lines AS
       SELECT g AS id, 'line ' || g || E'\\twith tab, ' || E'\\\\ and \\n newline' AS note, NULL::text AS nothing
       FROM generate_series(1, 50000) g;
     INSERT INTO shop.all_types (id, t_bool, t_int4, t_int8, t_float4, t_numeric, t_money, t_char, t_uuid, t_date,
       t_time, t_timestamp, t_timestamptz, t_interval, t_bytea, t_json, t_jsonb, t_inet, t_bit, t_enum, t_domain,
       t_composite, t_int4range, t_int_array, t_matrix, t_text_array, t_enum_array, t_bytea_array, t_composite_array)
     VALUES (1, true, -7, 9007199254740993, 'NaN', 12.5, 1234.5, 'ab', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
       '2024-02-29', '13:14:15.5', '2024-01-02 03:04:05.123', '2024-01-02 03:04:05+02', '1 day 02:00:00',
       '\\xdeadbeef', '{"a": "x\\ty"}', '{"a": [1, 2, null]}', '10.0.0.1/32', '1010', 'paid', 5,
       ROW('Main St 1', E'K\\u00f6ln\\ttab', NULL), '[1,10)', '{1,NULL,3}', '{{1,2},{3,4}}',
       '{"a b","NULL",NULL,"q\\"x"}', '{paid,shipped}', ARRAY['\\x00ff'::bytea],
       ARRAY[ROW('a,b', NULL, 'x(y)')::shop.address]);
     CREATE TABLE shop.wide AS SELECT g AS id, repeat(md5(g::text), 4) AS text FROM generate_series(1, 200000) g;
     CREATE TABLE shop.people AS SELECT g AS id, 'p' || g || '@example.com' AS email, md5(g::text) AS code,
       (ARRAY['Berlin','Lyon','Porto'])[1 + g % 3] AS city, (ARRAY['DE','FR','PT'])[1 + g % 3] AS country,
       'note ' || (g % 97) AS note,
       CASE g % 4 WHEN 0 THEN 'Köln' WHEN 1 THEN 'Zoë ' || g ELSE 'town ' || (g % 50) END AS town,
       CASE WHEN g % 3 = 0 THEN 'Grüße ' || g ELSE md5(g::text) END AS greeting,
       timestamptz '2024-01-01' + g * interval '1 minute' AS seen FROM generate_series(1, 300000) g;
     CREATE TABLE shop.instants AS SELECT g AS id,
       CASE WHEN g % 17 = 0 THEN NULL ELSE round((g * 7919 % 100000) / 100.0, 2) END AS amount,
       CASE WHEN g % 1009 = 0 THEN 'NaN'::numeric ELSE (g % 7) + 0.5 END AS price,
       CASE WHEN g % 997 = 0 THEN 'infinity'::date ELSE date '1960-02-29' + g % 30000 END AS day,
       timestamp '2024-01-01' + g * interval '1.25 seconds' AS at,
       CASE WHEN g % 11 = 0 THEN NULL ELSE timestamptz '1969-12-31 23:00:00+00' + (g * 7919 % 86400) * interval '1 minute' END AS at_tz
       FROM generate_series(1, 30000) g;
     CREATE VIEW shop.sleepy AS SELECT pg_sleep(2)::text AS slept;
     ANALYZE shop.lines; ANALYZE shop.wide; ANALYZE shop.people; ANALYZE shop.instants`,
  );
  session = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
  driver = await connectPostgres(database.url, { log: silentLogger, readOnly: true });
  catalog = await session.extract({ namespaces: ['shop'] });
});
afterAll(async () => {
  await session?.close();
  await driver?.close();
  await database?.drop();
});

describe('reading tables through COPY', () => {
  it('gives every table the same rows, values and order as the driver gives a SELECT', async () => {
    const tables = catalog.datasets.filter((item) => item.kind === 'table');
    expect(tables.length).toBeGreaterThan(3);
    for (const table of tables) {
      const copied = await collect(session.sample(table, full));
      const { rows } = await driver.db.query<Row>(
        `SELECT * FROM ONLY ${quoteQualified(table.namespace, table.local)}`,
      );
      expect(copied, table.name).toEqual(rows);
    }
  });

  it('offers the same rows as column batches', async () => {
    const rows = await collect(session.sample(dataset('shop.lines'), full));
    const batches = await collect(batchesOf(session.sample(dataset('shop.lines'), full)));
    expect(batches.reduce((sum, batch) => sum + batch.length, 0)).toBe(50000);
    const ids = batches.flatMap((batch) => [...(batch.columns.id ?? [])]);
    expect(ids).toEqual(rows.map((row) => row.id));
    expect(batches[0]?.columns.note?.[0]).toBe('line 1\twith tab, \\ and \n newline');
    expect(batches.every((batch) => batch.columns.nothing?.every((value) => value === null))).toBe(true);
  });

  it('reads a large table from its first row, wherever another scan of it stopped', async () => {
    // Larger than a quarter of the server's buffers: scans of it may join one another (synchronized scans).
    await runSql(
      database.url,
      `CREATE TABLE shop.big AS SELECT g AS id, repeat(md5(g::text), 8) AS text FROM generate_series(1, 300000) g;
       ANALYZE shop.big`,
    );
    const fresh = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
    try {
      const [big] = (await fresh.extract({ include: ['shop.big'] })).datasets;
      // A scan that stops midway leaves its place behind: the next plain scan starts there.
      await runSql(database.url, 'SELECT id FROM shop.big OFFSET 200000 LIMIT 1');
      const [plain] = await runSql<{ id: number }>(database.url, 'SELECT id FROM shop.big LIMIT 1');
      expect(plain?.id).toBeGreaterThan(1);
      for await (const batch of batchesOf(fresh.sample(big!, full))) {
        expect(batch.columns.id?.[0]).toBe(1);
        break;
      }
    } finally {
      await fresh.close();
    }
  });

  it('stops the COPY on the server when the reader stops early, and the session stays usable', async () => {
    for await (const batch of batchesOf(session.sample(dataset('shop.lines'), full))) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    const active = await runSql<{ count: string }>(
      database.url,
      "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'doppel' AND state = 'active' AND query LIKE 'COPY%' AND datname = current_database()",
    );
    expect(Number(active[0]?.count)).toBe(0);
    expect(await collect(session.sample(dataset('shop.lines'), full))).toHaveLength(50000);
  });

  it('is not cut off by the statement timeout while a slow reader keeps within the time budget', async () => {
    const short = await openPostgresSource(database.url, {
      log: silentLogger,
      name: 'shop',
      statementTimeoutMs: 300,
    });
    try {
      const wide = (await short.extract({ include: ['shop.wide'] })).datasets[0];
      if (wide === undefined) throw new Error('missing shop.wide');
      let rows = 0;
      let slowBatches = 0;
      for await (const batch of batchesOf(
        short.sample(wide, { rows: 1, seconds: 60, seed: 1, full: true }),
      )) {
        rows += batch.length;
        // The COPY statement lasts as long as its reader: well past the 300 ms timeout here.
        if (slowBatches++ < 40) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(rows).toBe(200000);
      // The session's own timeout holds again afterwards.
      const sleepy = (await short.extract({ include: ['shop.sleepy'] })).datasets[0];
      if (sleepy === undefined) throw new Error('missing shop.sleepy');
      const error = await collect(short.sample(sleepy, { rows: 1, seconds: 60, seed: 1, full: false })).catch(
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ kind: 'refused' });
    } finally {
      await short.close();
    }
  });
});

describe('reading tables as encoded chunks', () => {
  it('cancels a profile on several threads: the COPY stops on the server and the session stays usable', async () => {
    const people = dataset('shop.people');
    expect(splitFields(people.fields, 2)).toHaveLength(2);
    const controller = new AbortController();
    let seen = 0;
    const error = await profileRows(people, session.sample(people, full), {
      k: 3,
      seed: 7,
      threads: 2,
      signal: controller.signal,
      onProgress: (rows) => {
        seen = rows;
        if (rows >= 20_000) controller.abort();
      },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(seen).toBeLessThan(300_000);
    const active = await runSql<{ count: string }>(
      database.url,
      "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'doppel' AND state = 'active' AND query LIKE 'COPY%' AND datname = current_database()",
    );
    expect(Number(active[0]?.count)).toBe(0);
    const again = await profileRows(people, session.sample(people, full), { k: 3, seed: 7, threads: 2 });
    expect(again.rows).toBe(300_000);
    expect(
      again.fields
        .get('city')
        ?.top?.map((entry) => entry.value)
        .sort(),
    ).toEqual(['Berlin', 'Lyon', 'Porto']);
  });

  it('gives chunks that a decoder built from their format alone turns into the batches the session gives', async () => {
    for (const table of catalog.datasets.filter((item) => item.kind === 'table')) {
      const stream = session.sample(table, full);
      if (stream.chunks === undefined) throw new Error('a COPY read offers encoded chunks');
      let decoder: ReturnType<typeof createChunkDecoder> | undefined;
      const decoded: Row[] = [];
      for await (const chunk of stream.chunks()) {
        // The format crosses threads as a structured clone: decode from one.
        decoder ??= createChunkDecoder(structuredClone(chunk.format));
        const batch = decoder.push(Buffer.from(chunk.bytes));
        if (batch !== undefined) decoded.push(...batchToRows(batch));
      }
      expect(decoded, table.name).toEqual(await collect(session.sample(table, full)));
    }
  });

  it('measures fields read in place (numbers, texts) exactly as their values, rules included, on one thread and on several', async () => {
    const rows = { 'shop.instants': 30_000, 'shop.people': 300_000, 'shop.lines': 50_000 };
    for (const [name, count] of Object.entries(rows)) {
      const table = dataset(name);
      const options = { k: 3, seed: 7, keySets: [['id']] };
      // Row objects: every value goes through its parser.
      const stream = session.sample(table, full);
      const byValues = await profileRows(
        table,
        { [Symbol.asyncIterator]: () => stream[Symbol.asyncIterator]() },
        options,
      );
      expect(byValues.rows, name).toBe(count);
      const one = await profileRows(table, session.sample(table, full), options);
      expect(one, name).toEqual(byValues);
      const three = await profileRows(table, session.sample(table, full), { ...options, threads: 3 });
      expect(three, name).toEqual(byValues);
    }
    // The people's city determines their country: a rule read from the fields in place on the first rows.
    expect(
      (
        await profileRows(dataset('shop.people'), session.sample(dataset('shop.people'), full), {
          k: 3,
          seed: 7,
        })
      ).rules.length,
    ).toBeGreaterThan(0);
  });

  it('profiles every table field by field on several threads into the measures of one thread', async () => {
    // The worker module can start here (else profileRows would quietly use one thread).
    expect(
      locateWorker(new URL('../../../../src/profile/measure/', import.meta.url).href, 'field-worker'),
    ).toBeDefined();
    for (const table of ['shop.all_types', 'shop.lines', 'shop.wide'].map(dataset)) {
      const options = { k: 3, seed: 7, keySets: [[table.fields[0]!.name]] };
      if (table.name === 'shop.all_types')
        expect(splitFields(table.fields, 3, new Set([table.fields[0]!.name]))).toHaveLength(3);
      const one = await profileRows(table, session.sample(table, full), options);
      const three = await profileRows(table, session.sample(table, full), { ...options, threads: 3 });
      expect(three, table.name).toEqual(one);
      for (const [name, measure] of three.fields) {
        // Sketches measured on another thread are whole sketches again.
        expect(measure.lengths?.quantile(0.5), `${table.name}.${name}`).toEqual(
          one.fields.get(name)?.lengths?.quantile(0.5),
        );
        expect(measure.line?.sketch.quantile(0.9)).toEqual(one.fields.get(name)?.line?.sketch.quantile(0.9));
      }
    }
  });
});
