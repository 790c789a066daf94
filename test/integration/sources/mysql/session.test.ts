/**
 * The MySQL/MariaDB source session on a real server: values as doppel represents them, sampling plans,
 * hard checks counted in the database, and the safety rails (read-only, statement timeout, cancel by KILL QUERY, the session usable afterwards).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Dataset } from '../../../../src/catalog/model.js';
import type { Row } from '../../../../src/catalog/values.js';
import { DoppelError } from '../../../../src/shared/errors.js';
import { silentLogger } from '../../../../src/shared/log.js';
import type { SourceSession } from '../../../../src/sources/contract.js';
import { connectMysql } from '../../../../src/sources/mysql/connect.js';
import { toQueryError } from '../../../../src/sources/mysql/errors.js';
import { openMysqlSource } from '../../../../src/sources/mysql/index.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { RICH_SCHEMA, runStatements } from './fixture-database.js';

let database: TestDatabase;
let session: SourceSession;
let catalog: Catalog;

beforeAll(async () => {
  database = await createTestDatabase('mysql');
  await runStatements(database.url, [
    ...RICH_SCHEMA,
    "INSERT INTO Customers (Email, FullName, Tags, Created, Updated) VALUES ('a@example.com', 'Ann', 'a,c', '2024-02-29 10:11:12.345', '2030-01-02 03:04:05'), ('b@example.com', NULL, NULL, '1000-01-01 00:00:00', '1970-01-01 00:00:01')",
    `INSERT INTO \`order\` (id, customer_id, total, discount, weight, ratio, flags, year_made, shipped, at_time, payload, small, medium, blob_data, code)
     VALUES (18446744073709551615, 1, 1234567890.12, 0.5, 1.5, 0.1, b'00101', 1999, '2024-01-31', '-838:59:59.00', '{"a": [1, 2], "b": null}', 255, 16777215, x'00ff', 'ab')`,
    // A history table keyed by (employee, start), 20,000 rows, the salary growing with the employee number.
    'CREATE TABLE salary_history (emp_no int NOT NULL, from_date date NOT NULL, salary int NOT NULL, PRIMARY KEY (emp_no, from_date))',
    `INSERT INTO salary_history SELECT e.seq, '2000-01-01' + INTERVAL y.seq YEAR, 40000 + e.seq * 10 + y.seq
     FROM seq_1_to_5000 e JOIN seq_1_to_4 y`,
    'ANALYZE TABLE salary_history',
    // A view whose query scans 10^10 row pairs and returns nothing: a statement that runs until stopped.
    'CREATE VIEW slow AS SELECT a.seq AS n FROM seq_1_to_100000 a JOIN seq_1_to_100000 b WHERE a.seq * b.seq = 0',
  ]);
  session = await openMysqlSource(database.url, {
    log: silentLogger,
    name: 'shop',
    statementTimeoutMs: 60_000,
  });
  catalog = await session.extract({});
});
afterAll(async () => {
  await session?.close();
  await database?.drop();
});

const dataset = (local: string): Dataset => {
  const found = catalog.datasets.find((candidate) => candidate.local === local);
  if (found === undefined) throw new Error(`no dataset ${local}`);
  return found;
};

async function readAll(local: string, rows = 100): Promise<Row[]> {
  const out: Row[] = [];
  for await (const row of session.sample?.(dataset(local), { rows, seconds: 60, seed: 1, full: false }) ?? [])
    out.push(row);
  return out;
}

describe('MySQL/MariaDB source session', () => {
  it('reads values in doppel representation: exact big unsigned integers, decimals, bits, dates, json, bytes', async () => {
    const [order] = await readAll('order');
    expect(order).toMatchObject({
      id: 18446744073709551615n,
      customer_id: 1,
      total: '1234567890.12',
      discount: '0.50',
      weight: 1.5,
      ratio: 0.1,
      flags: '00101',
      year_made: 1999,
      shipped: '2024-01-31',
      at_time: '-838:59:59.00',
      payload: { a: [1, 2], b: null },
      small: 255,
      medium: 16777215,
      doubled: 510,
      kept: 256,
    });
    expect(order?.blob_data).toEqual(new Uint8Array([0, 255]));
    expect(order?.code).toEqual(new Uint8Array([97, 98, 0, 0]));
  });

  it('reads datetime as a plain timestamp and timestamp as UTC, booleans, sets and nulls', async () => {
    const customers = await readAll('Customers');
    expect(customers.map((row) => [row.Created, row.Updated, row.Active, row.Tags, row.FullName])).toEqual([
      ['2024-02-29T10:11:12.345', '2030-01-02T03:04:05Z', true, 'a,c', 'Ann'],
      ['1000-01-01T00:00:00.000', '1970-01-01T00:00:01Z', true, null, null],
    ]);
  });

  it('samples a large table keyed by an integer and a date across the table, not from its head', async () => {
    const stream = session.sample!(dataset('salary_history'), {
      rows: 1000,
      seconds: 60,
      seed: 1,
      full: false,
    });
    const rows: Row[] = [];
    for await (const row of stream) rows.push(row);
    expect(stream.method).toBe('key-ranges');
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((row) => `${row.emp_no} ${row.from_date}`)).size).toBe(1000);
    const employees = rows.map((row) => Number(row.emp_no));
    // A head would be employees 1 to 250.
    expect(Math.min(...employees)).toBeLessThan(500);
    expect(Math.max(...employees)).toBeGreaterThan(4500);
  });

  it('counts hard-check violations in the database', async () => {
    const dataset = {
      name: `${database.name}.salary_history`,
      namespace: database.name,
      local: 'salary_history',
    };
    expect(
      await session.countViolations!([
        { kind: 'primary-key', dataset, fields: ['emp_no', 'from_date'], nullsDistinct: false },
        // Four rows per employee: three beyond the first of each of 5,000.
        { kind: 'unique', dataset, fields: ['emp_no'], nullsDistinct: true },
        // Employees 1 to 3 earn at most 40,034.
        { kind: 'expression', dataset, expression: 'salary > 40040' },
        { kind: 'depends', dataset, fields: ['emp_no'], determines: 'salary' },
      ]),
    ).toEqual([0, 15_000, 12, 20_000]);
  });

  it('is read-only: a source connection refuses a write', async () => {
    const connection = await connectMysql(database.url, { log: silentLogger, readOnly: true });
    try {
      const error = await connection.db
        .query('INSERT INTO Tags VALUES (1, ?)', ['x'])
        .catch((caught: unknown) => caught);
      expect(toQueryError(error, 'writing')).toMatchObject({
        kind: 'refused',
        message: expect.stringMatching(/read-only/),
      });
    } finally {
      await connection.close();
    }
  });

  it('a statement past the timeout is refused, and the session stays usable', async () => {
    const quick = await openMysqlSource(database.url, {
      log: silentLogger,
      name: 'shop',
      statementTimeoutMs: 300,
    });
    try {
      const views = await quick.extract({ include: ['*.slow'] });
      const error = await (async () => {
        try {
          for await (const _ of quick.sample?.(views.datasets[0] as Dataset, {
            rows: 10,
            seconds: 60,
            seed: 1,
            full: false,
          }) ?? [])
            break;
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(DoppelError);
      expect((error as DoppelError).kind).toBe('refused');
      expect((error as DoppelError).message).toMatch(/statement timeout/);
      expect((await quick.extract({ include: ['*.Tags'] })).datasets).toHaveLength(1);
    } finally {
      await quick.close();
    }
  });

  it('cancelling runs KILL QUERY on the server: the sample ends as cancelled, and the session stays usable', async () => {
    const controller = new AbortController();
    const stream = session.sample?.(dataset('slow'), {
      rows: 10,
      seconds: 600,
      seed: 1,
      full: false,
      signal: controller.signal,
    });
    const reading = (async () => {
      for await (const _ of stream ?? []) break;
    })();
    setTimeout(() => controller.abort(), 500);
    await expect(reading).rejects.toMatchObject({ kind: 'cancelled' });
    expect(await readAll('Tags')).toEqual([]);
  });
});
