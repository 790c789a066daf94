import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src/catalog/model.js';
import type { Row } from '../../../../src/catalog/values.js';
import { DoppelError } from '../../../../src/shared/errors.js';
import { silentLogger } from '../../../../src/shared/log.js';
import {
  openPostgresSource,
  openPostgresTarget,
  type PostgresTarget,
} from '../../../../src/sources/postgres/index.js';
import type { DatasetTask } from '../../../../src/tasks/types.js';
import type { TestDatabase } from '../../../helpers/test-database.js';
import { toDatasetTaskForTest } from './catalog-to-tasks.js';
import { createFixtureDatabase, runSql } from './fixture-database.js';

let database: TestDatabase;
let catalog: Catalog;
let target: PostgresTarget;
const task = (name: string): DatasetTask => {
  const dataset = catalog.datasets.find((candidate) => candidate.name === name);
  if (dataset === undefined) throw new Error(`missing ${name}`);
  return toDatasetTaskForTest(catalog, dataset);
};
async function* stream(rows: readonly Row[]): AsyncGenerator<Row> {
  yield* rows;
}
async function readAll(name: string, orderBy: string): Promise<Row[]> {
  const session = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
  try {
    const dataset = (await session.extract({ include: [name] })).datasets[0];
    if (dataset === undefined) throw new Error(`missing ${name}`);
    const rows: Row[] = [];
    for await (const row of session.sample(dataset, { rows: 1e6, seconds: 60, seed: 1, full: true }))
      rows.push(row);
    return rows.sort((a, b) => String(a[orderBy]).localeCompare(String(b[orderBy])));
  } finally {
    await session.close();
  }
}
const count = async (table: string) =>
  Number((await runSql<{ count: string }>(database.url, `SELECT count(*) FROM ${table}`))[0]?.count);

beforeAll(async () => {
  database = await createFixtureDatabase('rich-schema');
  const session = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
  catalog = await session.extract({});
  await session.close();
  target = await openPostgresTarget(database.url, { log: silentLogger, name: 'shop' });
});
afterAll(async () => {
  await target?.close();
  await database?.drop();
});

const HOSTILE = 'quote " back \\ comma , paren ( ) brace { } tab \t newline \n end';
const EVERY_TYPE: Row = {
  id: 1,
  t_bool: false,
  t_int2: -32768,
  t_int4: 2147483647,
  t_int8: 9007199254740993n,
  t_float4: 1.5,
  t_float8: Number.POSITIVE_INFINITY,
  t_numeric: '12.500',
  t_numeric_any: '-0.000000001',
  t_money: '-1234.50',
  t_text: HOSTILE,
  t_varchar: 'Grüße ✓ 𝄞',
  t_char: 'ab  ',
  t_uuid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  t_date: '2024-02-29',
  t_time: '13:14:15.5',
  t_timetz: '13:14:15+02',
  t_timestamp: '2024-01-02T03:04:05.123',
  t_timestamptz: '2024-01-02T01:04:05.5Z',
  t_interval: '1 day 02:00:00',
  t_bytea: new Uint8Array([0, 1, 92, 10, 255]),
  t_json: { text: HOSTILE, list: [1, null, true] },
  t_jsonb: [{ a: 'b' }, 'NULL', ''],
  t_inet: '10.0.0.1',
  t_cidr: '10.0.0.0/8',
  t_macaddr: '08:00:2b:01:02:03',
  t_bit: '1010',
  t_varbit: '101',
  t_tsvector: "'a' 'b'",
  t_point: '(1,2)',
  t_box: '(2,2),(0,0)',
  t_enum: 'shipped',
  t_domain: '5.00',
  t_composite: { street: HOSTILE, city: '', zip: null },
  t_int4range: '[1,10)',
  t_tstzrange: '["2024-01-01 00:00:00+00","2024-02-01 00:00:00+00")',
  t_float_range: '[1.5,2.5)',
  t_int_array: [1, null, 3],
  t_text_array: ['a b', 'NULL', null, '', HOSTILE, '{x}'],
  t_matrix: [
    [1, 2],
    [3, 4],
  ],
  t_enum_array: ['paid', 'pending'],
  t_json_array: [{ a: 1 }, [HOSTILE], null],
  t_bytea_array: [new Uint8Array([0, 255]), null],
  t_composite_array: [
    { street: 'a,b', city: null, zip: 'x(y)' },
    null,
    { street: HOSTILE, city: '"', zip: '' },
  ],
};
const NULLS: Row = Object.fromEntries(Object.keys(EVERY_TYPE).map((key) => [key, null]));

describe('loading with COPY', () => {
  it('round-trips every type: load, read back, equal', async () => {
    const rows = [EVERY_TYPE, { ...NULLS, id: 2, t_domain: '1.00' }];
    expect(await target.load(task('shop.all_types'), stream(rows), { mode: 'append' })).toBe(2);
    expect(await readAll('shop.all_types', 'id')).toEqual(rows);
  });

  it('leaves generated columns to the database, writes identity values, advances sequences', async () => {
    const customers = [1, 2, 5].map((id) => ({
      id,
      email: `c${id}@example.com`,
      name: `C ${id}`,
      country: 'DE',
      age: 30,
      home: null,
      created_at: '2024-01-01T00:00:00Z',
    }));
    await target.load(task('shop.customers'), stream(customers), { mode: 'append' });
    const [next] = await runSql<{ id: number }>(
      database.url,
      "INSERT INTO shop.customers (email, name) VALUES ('n@x', 'n') RETURNING id",
    );
    expect(Number(next?.id)).toBe(6);
    const orders = [10, 11].map((id) => ({
      id,
      customer_id: 1,
      status: 'paid',
      channel: 'web',
      total: '10.00',
      fee: '1.00',
      quantity: 3,
      unit_price: '2.50',
      ordered_at: '2024-01-01T00:00:00',
      shipped_at: null,
    }));
    await target.load(task('shop.orders'), stream(orders), { mode: 'append' });
    const loaded = await readAll('shop.orders', 'id');
    expect(loaded.map((row) => [row.id, row.line_total])).toEqual([
      [10, '7.50'],
      [11, '7.50'],
    ]);
    const [order] = await runSql<{ id: number }>(
      database.url,
      "INSERT INTO shop.orders (customer_id, channel, total, quantity, unit_price, ordered_at) VALUES (1, 'web', 1, 1, 1, now()) RETURNING id",
    );
    expect(order?.id).toBe(12);
  });

  it('is all or nothing: a failing row leaves nothing behind', async () => {
    const rows = [
      { sku: 'A', variant: 1, title: 'ok' },
      { sku: 'B', variant: 1, title: 'ok' },
      { sku: 'A', variant: 1, title: 'duplicate key' },
    ];
    const error = await target
      .load(task('shop.products'), stream(rows), { mode: 'append' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DoppelError);
    expect((error as DoppelError).kind).toBe('refused');
    expect(await count('shop.products')).toBe(0);
  });

  it('truncates first in truncate mode', async () => {
    const rows = [
      { id: 1, parent_id: null, name: 'root' },
      { id: 2, parent_id: 1, name: 'child' },
    ];
    await target.load(task('shop.categories'), stream(rows), { mode: 'truncate' });
    await target.load(task('shop.categories'), stream(rows), { mode: 'truncate' });
    expect(await count('shop.categories')).toBe(2);
  });

  it('works with hostile identifiers, and deletes by key tuples', async () => {
    const items = Array.from({ length: 2500 }, (_, index) => ({
      select: index + 1,
      Größe: `g${index}`,
      'quote"d': 'it\'s "bad"',
      MixedCase: index % 2 === 0,
      from: null,
    }));
    await target.load(task('Odd Schema.Order Items'), stream(items), { mode: 'append' });
    expect(await count('"Odd Schema"."Order Items"')).toBe(2500);
    const keys = items.slice(0, 2100).map((item) => [item.select]);
    expect(await target.deleteByKeys(task('Odd Schema.Order Items'), ['select'], keys)).toBe(2100);
    expect(await count('"Odd Schema"."Order Items"')).toBe(400);
    const products = [
      { sku: 'A', variant: 1, title: 'a' },
      { sku: 'A', variant: 2, title: 'b' },
    ];
    await target.load(task('shop.products'), stream(products), { mode: 'append' });
    expect(
      await target.deleteByKeys(
        task('shop.products'),
        ['sku', 'variant'],
        [
          ['A', 2],
          ['A', 9],
        ],
      ),
    ).toBe(1);
  });
});

describe('text forms PostgreSQL reads through COPY', () => {
  it('loads boolean, box and composite arrays, jsonb with a big integer and bytes, jsonb[]', async () => {
    await runSql(
      database.url,
      'CREATE TABLE shop.text_forms (id int PRIMARY KEY, flags boolean[], boxes box[], doc jsonb, ' +
        'docs jsonb[], homes shop.address[])',
    );
    const session = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
    const forms = await session.extract({ include: ['shop.text_forms'] });
    await session.close();
    const dataset = forms.datasets[0];
    if (dataset === undefined) throw new Error('missing shop.text_forms');
    const row: Row = {
      id: 1,
      flags: [true, null, false],
      boxes: ['(1,1),(0,0)', '(3,3),(2,2)'],
      doc: { big: 2n ** 64n, raw: new Uint8Array([0, 255]), text: HOSTILE },
      docs: [{ a: 1 }, 'x'],
      homes: [{ street: HOSTILE, city: null, zip: '1' }],
    };
    expect(await target.load(toDatasetTaskForTest(forms, dataset), stream([row]), { mode: 'append' })).toBe(
      1,
    );
    const [read] = await runSql<Record<string, string>>(
      database.url,
      "SELECT flags::text, boxes::text, doc->>'big' AS big, doc->>'raw' AS raw, doc->>'text' AS text, " +
        'docs::text, homes[1].street AS street, homes[1].city IS NULL AS no_city FROM shop.text_forms',
    );
    expect(read).toEqual({
      flags: '{t,NULL,f}',
      boxes: '{(1,1),(0,0);(3,3),(2,2)}',
      big: '18446744073709551616',
      raw: '\\x00ff',
      text: HOSTILE,
      docs: '{"{\\"a\\": 1}","\\"x\\""}',
      street: HOSTILE,
      no_city: true,
    });
  });
});

describe('loading foreign-key cycles', () => {
  it('loads a cycle of deferrable keys with deferred constraints', async () => {
    const written = await target.loadCycle(
      [task('shop.departments'), task('shop.employees')],
      new Map([
        ['shop.departments', stream([{ id: 1, manager_id: 100 }])],
        ['shop.employees', stream([{ id: 100, department_id: 1 }])],
      ]),
      { mode: 'append' },
    );
    expect([...written]).toEqual([
      ['shop.departments', 1],
      ['shop.employees', 1],
    ]);
    expect(await count('shop.employees')).toBe(1);
  });

  it('loads a non-deferrable cycle with triggers disabled, verified before commit', async () => {
    const tasks = [task('shop.teams'), task('shop.members')];
    await target.loadCycle(
      tasks,
      new Map([
        ['shop.teams', stream([{ id: 1, lead_id: 7 }])],
        ['shop.members', stream([{ id: 7, team_id: 1 }])],
      ]),
      { mode: 'append' },
    );
    expect(await count('shop.members')).toBe(1);
    const [triggers] = await runSql<{ disabled: string }>(
      database.url,
      "SELECT count(*) AS disabled FROM pg_trigger WHERE tgrelid IN ('shop.teams'::regclass, 'shop.members'::regclass) AND tgenabled = 'D'",
    );
    expect(Number(triggers?.disabled)).toBe(0);
    const error = await target
      .loadCycle(
        tasks,
        new Map([
          ['shop.teams', stream([{ id: 2, lead_id: 99 }])],
          ['shop.members', stream([{ id: 8, team_id: 2 }])],
        ]),
        { mode: 'append' },
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'refused' });
    expect((error as DoppelError).details.join('\n')).toContain('teams_lead_fk');
    expect(await count('shop.teams')).toBe(1);
  });

  it('refuses a non-deferrable cycle without superuser, naming the cycle and the privilege', async () => {
    const role = `doppel_writer_${randomBytes(4).toString('hex')}`;
    await runSql(
      database.url,
      `CREATE ROLE ${role} LOGIN; GRANT USAGE ON SCHEMA shop TO ${role}; GRANT ALL ON ALL TABLES IN SCHEMA shop TO ${role}`,
    );
    const url = new URL(database.url);
    url.username = role;
    const writer = await openPostgresTarget(url.toString(), { log: silentLogger, name: 'shop' });
    try {
      const error = await writer
        .loadCycle([task('shop.teams'), task('shop.members')], new Map(), { mode: 'append' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DoppelError);
      expect((error as DoppelError).kind).toBe('refused');
      expect((error as DoppelError).message).toBe(
        'Loading the foreign-key cycle shop.teams → shop.members needs superuser privilege (to disable its foreign-key triggers), because not every foreign key in it is deferrable.',
      );
    } finally {
      await writer.close();
      await runSql(database.url, `DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});
