import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src/catalog/model.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { runSql } from './fixture-database.js';

// A small shop: an identity-keyed parent (never analysed: counted), an analysed child with an enum, a check and
// a cascading foreign key, a view, and a table in a schema whose name needs quoting.
const SCHEMA = `
CREATE SCHEMA store;
CREATE SCHEMA "Back Office";
CREATE TYPE store.status AS ENUM ('new', 'done');
CREATE TABLE store.customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  country character(2) NOT NULL DEFAULT 'DE'
);
COMMENT ON TABLE store.customers IS 'People who buy';
INSERT INTO store.customers (email) SELECT 'c' || n || '@example.com' FROM generate_series(1, 3) n;
CREATE TABLE store.orders (
  id serial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES store.customers (id) ON DELETE CASCADE,
  status store.status NOT NULL,
  total numeric(10, 2) CONSTRAINT orders_total_positive CHECK (total > 0)
);
INSERT INTO store.orders (customer_id, status, total) SELECT 1 + n % 3, 'new', n FROM generate_series(1, 5) n;
ANALYZE store.orders;
CREATE VIEW store.open_orders AS SELECT id, total FROM store.orders WHERE status = 'new';
CREATE TABLE "Back Office"."Audit Log" (at timestamp with time zone NOT NULL, note text);
`;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  await runSql(database.url, SCHEMA);
});
afterAll(async () => database?.drop());

async function inspectJson(...options: string[]): Promise<Catalog> {
  const run = await runCliForTest(['--json', 'inspect', database.url, ...options]);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as Catalog;
}
const names = (catalog: Catalog) => catalog.datasets.map((dataset) => dataset.name);

describe('doppel inspect on a real database', () => {
  it('lists datasets with kind and row estimate, fields with native types, keys, relations and types', async () => {
    const { version } = (await inspectJson()).source;
    const run = await runCliForTest(['inspect', database.url]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        `${database.name} (postgres ${version}): 4 datasets, 1 relation, 1 type`,
        '',
        'Back Office.Audit Log  table  ~0 rows',
        '  at    timestamp with time zone  not null',
        '  note  text',
        '',
        'store.customers  table  ~3 rows',
        '  -- People who buy',
        '  id       bigint        not null, pk, identity always',
        '  email    text          not null',
        "  country  character(2)  not null, default 'DE'::bpchar",
        '  primary key (id)',
        '  unique customers_email_key (email)',
        '',
        'store.open_orders  view  rows unknown  (read-only)',
        "  as SELECT orders.id, orders.total FROM store.orders WHERE orders.status = 'new'::store.status",
        '  id     integer',
        '  total  numeric(10,2)',
        '',
        'store.orders  table  ~5 rows',
        '  id           integer        not null, pk, serial store.orders_id_seq',
        '  customer_id  bigint         not null',
        '  status       store.status   not null',
        '  total        numeric(10,2)',
        '  primary key (id)',
        '  check orders_total_positive (total > 0::numeric)',
        '  (customer_id) → store.customers (id) on delete cascade',
        '',
        'types:',
        '  store.status  enum (new, done)',
        '',
      ].join('\n'),
    );
    expect(run.stdout).not.toContain(database.url);
  });

  it('prints the Catalog under --json', async () => {
    const catalog = await inspectJson();
    expect(catalog.source).toMatchObject({ kind: 'postgres', name: database.name });
    expect(catalog.datasets.map((dataset) => [dataset.name, dataset.kind, dataset.rowEstimate])).toEqual([
      ['Back Office.Audit Log', 'table', 0],
      ['store.customers', 'table', 3],
      ['store.open_orders', 'view', null],
      ['store.orders', 'table', 5],
    ]);
    const orders = catalog.datasets.find((dataset) => dataset.name === 'store.orders');
    expect(orders).toMatchObject({
      namespace: 'store',
      local: 'orders',
      writable: true,
      primaryKey: { name: 'orders_pkey', fields: ['id'] },
      checks: [
        {
          name: 'orders_total_positive',
          expression: '(total > 0::numeric)',
          parsed: { kind: 'range', field: 'total', min: 0, minExclusive: true },
        },
      ],
    });
    expect(orders?.fields.map((field) => [field.name, field.type.logical, field.type.native])).toEqual([
      ['id', 'integer', 'integer'],
      ['customer_id', 'integer', 'bigint'],
      ['status', 'enum', 'store.status'],
      ['total', 'decimal', 'numeric(10,2)'],
    ]);
    expect(catalog.relations).toEqual([
      {
        name: 'orders_customer_id_fkey',
        from: { dataset: 'store.orders', fields: ['customer_id'] },
        to: { dataset: 'store.customers', fields: ['id'] },
        declared: true,
        onDelete: 'cascade',
        onUpdate: 'no-action',
        match: 'simple',
        deferrable: false,
        initiallyDeferred: false,
      },
    ]);
    expect(catalog.types).toEqual([
      {
        name: 'store.status',
        kind: 'enum',
        type: { logical: 'enum', native: 'store.status', labels: ['new', 'done'] },
      },
    ]);
  });

  it('filters with --schema, --include and --exclude', async () => {
    expect(names(await inspectJson('--schema', 'Back Office'))).toEqual(['Back Office.Audit Log']);
    expect(names(await inspectJson('--schema', 'store', '--schema', 'Back Office'))).toHaveLength(4);
    expect(names(await inspectJson('--include', 'store.*', '--exclude', '*orders'))).toEqual([
      'store.customers',
    ]);
    expect(names(await inspectJson('--include', 'store.order?', '--include', 'Back Office.*'))).toEqual([
      'Back Office.Audit Log',
      'store.orders',
    ]);
    expect(names(await inspectJson('--schema', 'store', '--exclude', 'store.open_*'))).toEqual([
      'store.customers',
      'store.orders',
    ]);
  });

  it('keeps relations to parents left out by a filter, and types only of the datasets listed', async () => {
    const catalog = await inspectJson('--include', 'store.orders');
    expect(names(catalog)).toEqual(['store.orders']);
    expect(catalog.relations.map((relation) => relation.to.dataset)).toEqual(['store.customers']);
    expect(catalog.types.map((type) => type.name)).toEqual(['store.status']);
    expect((await inspectJson('--include', 'store.customers')).types).toEqual([]);
  });

  it('lists nothing for a schema that does not exist', async () => {
    const run = await runCliForTest(['inspect', database.url, '--schema', 'missing']);
    expect(run).toMatchObject({
      code: 0,
      stdout: `${database.name} (postgres ${(await inspectJson()).source.version}): 0 datasets, 0 relations, 0 types\n`,
    });
  });
});
