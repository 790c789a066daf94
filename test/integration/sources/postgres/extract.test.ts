import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Dataset } from '../../../../src/catalog/model.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { openPostgresSource } from '../../../../src/sources/postgres/index.js';
import type { TestDatabase } from '../../../helpers/test-database.js';
import { createFixtureDatabase, runSql } from './fixture-database.js';

let database: TestDatabase;
let catalog: Catalog;
const dataset = (name: string): Dataset => {
  const found = catalog.datasets.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`missing ${name}`);
  return found;
};
const field = (datasetName: string, name: string) => dataset(datasetName).fields.find((f) => f.name === name);

beforeAll(async () => {
  database = await createFixtureDatabase('rich-schema', 'rich-data');
  await runSql(database.url, 'ANALYZE shop.orders');
  const session = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
  try {
    catalog = await session.extract({});
  } finally {
    await session.close();
  }
});
afterAll(async () => database?.drop());

describe('extracting the rich fixture catalog', () => {
  it('lists every relation kind with writability, partitions and inheritance', () => {
    expect(catalog.source).toMatchObject({ kind: 'postgres', name: 'shop' });
    expect(dataset('shop.customers')).toMatchObject({
      kind: 'table',
      writable: true,
      comment: 'People who buy things',
    });
    expect(dataset('shop.events')).toMatchObject({
      kind: 'partitioned-table',
      writable: true,
      partitionKey: 'RANGE (happened_on)',
    });
    expect(dataset('shop.events_2023')).toMatchObject({
      kind: 'partition',
      writable: false,
      partitionOf: 'shop.events',
      partitionBound: "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
    });
    expect(dataset('shop.trucks')).toMatchObject({
      kind: 'partition',
      writable: true,
      partitionOf: 'shop.vehicles',
    });
    expect(dataset('shop.trucks').partitionBound).toBeUndefined();
    expect(dataset('shop.paid_orders')).toMatchObject({ kind: 'view', writable: false, rowEstimate: null });
    expect(dataset('shop.paid_orders').definition).toContain('status');
    expect(dataset('shop.order_counts')).toMatchObject({ kind: 'materialized-view', writable: false });
  });

  it('estimates rows from statistics, bounded counts and partition sums', () => {
    expect(dataset('shop.orders').rowEstimate).toBe(2000); // analysed
    expect(dataset('shop.customers').rowEstimate).toBe(200); // never analysed: bounded count
    expect(dataset('shop.events').rowEstimate).toBe(2); // sum of partitions
  });

  it('maps columns: native type, logical type, identity, serial, generated, default, collation, comment', () => {
    expect(field('shop.customers', 'id')).toMatchObject({
      identity: 'always',
      sequence: 'shop.customers_id_seq',
      nullable: false,
    });
    expect(field('shop.customers', 'email')).toMatchObject({
      comment: 'Login address',
      type: { logical: 'string', native: 'shop.email' },
    });
    expect(field('shop.customers', 'country')).toMatchObject({
      default: "'DE'::bpchar",
      type: { native: 'character(2)', length: 2, fixedLength: true },
    });
    expect(field('shop.orders', 'id')).toMatchObject({
      sequence: 'shop.orders_id_seq',
      default: "nextval('shop.orders_id_seq'::regclass)",
    });
    expect(field('shop.orders', 'line_total')).toMatchObject({
      generated: '((quantity)::numeric * unit_price)',
    });
    expect(field('shop.orders', 'line_total')?.default).toBeUndefined();
    expect(field('Odd Schema.Order Items', 'Größe')).toMatchObject({
      collation: '"C"',
      comment: 'Größe: size',
    });
    expect(dataset('Odd Schema.Order Items').fields.map((f) => f.name)).toEqual([
      'select',
      'Größe',
      'quote"d',
      'MixedCase',
      'from',
    ]);
  });

  it('maps every type family', () => {
    const types = Object.fromEntries(dataset('shop.all_types').fields.map((f) => [f.name, f.type]));
    expect(types.t_numeric).toEqual({
      logical: 'decimal',
      native: 'numeric(12,3)',
      precision: 12,
      scale: 3,
      special: ['nan'],
    });
    expect(types.t_varchar).toEqual({ logical: 'string', native: 'character varying(30)', length: 30 });
    expect(types.t_timestamp).toEqual({
      logical: 'timestamp',
      native: 'timestamp(3) without time zone',
      timePrecision: 3,
      earliest: '-4712-11-24T00:00:00',
      latest: '294276-12-31T23:59:59',
      special: ['infinity'],
    });
    expect(types.t_timestamptz?.logical).toBe('timestamptz');
    expect(types.t_money?.logical).toBe('decimal');
    expect(types.t_bit).toEqual({ logical: 'bit', native: 'bit(4)', length: 4, fixedLength: true });
    expect(types.t_varbit).toEqual({ logical: 'bit', native: 'bit varying(8)', length: 8 });
    expect(types.t_point).toEqual({ logical: 'opaque', native: 'point', literal: '(0,0)' });
    // Type facts: what the generator and the sinks decide from, instead of the native names.
    expect(types.t_int2).toMatchObject({ bits: 16 });
    expect(types.t_int4).toMatchObject({ bits: 32 });
    expect(types.t_int8).toMatchObject({ bits: 64 });
    expect(types.t_float4).toMatchObject({ bits: 32, special: ['nan', 'infinity'] });
    expect(types.t_float8).toMatchObject({ bits: 64, special: ['nan', 'infinity'] });
    expect(types.t_money?.special).toBeUndefined();
    expect(types.t_timetz).toMatchObject({ logical: 'time', zoned: true });
    expect(types.t_time?.zoned).toBeUndefined();
    expect(types.t_timestamptz).toMatchObject({ zoned: true, earliest: '-4712-11-24T00:00:00' });
    expect(types.t_date).toMatchObject({ earliest: '-4712-11-24', latest: '5874897-12-31' });
    expect(types.t_enum).toEqual({
      logical: 'enum',
      native: 'shop.order_status',
      labels: ['pending', 'paid', 'shipped', 'cancelled'],
    });
    expect(types.t_domain).toMatchObject({
      logical: 'decimal',
      native: 'shop.positive_amount',
      domain: {
        base: 'numeric(12,2)',
        notNull: true,
        checks: [{ parsed: { kind: 'range', field: 'VALUE', min: 0, minExclusive: true } }],
      },
    });
    expect(types.t_composite?.attributes?.map((a) => [a.name, a.type.native])).toEqual([
      ['street', 'text'],
      ['city', 'text'],
      ['zip', 'character varying(10)'],
    ]);
    expect(types.t_float_range).toMatchObject({ logical: 'range', rangeOf: { logical: 'float' } });
    expect(types.t_matrix).toMatchObject({
      logical: 'array',
      dimensions: 2,
      element: { logical: 'integer' },
    });
    expect(types.t_enum_array).toMatchObject({
      logical: 'array',
      element: { logical: 'enum', labels: ['pending', 'paid', 'shipped', 'cancelled'] },
    });
    expect(types.t_composite_array?.element?.logical).toBe('object');
    for (const [name, logical] of [
      ['t_uuid', 'uuid'],
      ['t_bytea', 'binary'],
      ['t_jsonb', 'json'],
      ['t_inet', 'inet'],
      ['t_cidr', 'cidr'],
      ['t_macaddr', 'macaddr'],
      ['t_interval', 'interval'],
      ['t_tsvector', 'tsvector'],
      ['t_timetz', 'time'],
    ] as const)
      expect(types[name]?.logical).toBe(logical);
    expect(catalog.types.map((type) => [type.name, type.kind])).toEqual([
      ['"Odd Schema"."Mood Type"', 'enum'],
      ['shop.address', 'composite'],
      ['shop.email', 'domain'],
      ['shop.float_range', 'range'],
      ['shop.order_status', 'enum'],
      ['shop.positive_amount', 'domain'],
    ]);
  });

  it('maps keys, unique indexes (partial and expression), checks with parsed forms, exclusions and indexes', () => {
    const customers = dataset('shop.customers');
    expect(customers.primaryKey).toEqual({ name: 'customers_pkey', fields: ['id'] });
    expect(customers.uniques).toEqual([
      { name: 'customers_email_key', fields: ['email'], via: 'constraint' },
      {
        name: 'customers_country_name_active',
        fields: ['country', 'name'],
        via: 'index',
        predicate: 'age IS NOT NULL',
      },
      { name: 'customers_lower_name', fields: [], via: 'index', expressions: ['lower(name::text)'] },
    ]);
    expect(customers.checks).toEqual([
      {
        name: 'customers_age_check',
        expression: '(age >= 18 AND age <= 130)',
        parsed: { kind: 'range', field: 'age', min: 18, max: 130 },
      },
    ]);
    const parsed = Object.fromEntries(
      dataset('shop.orders').checks.map((check) => [check.name, check.parsed]),
    );
    expect(parsed).toEqual({
      orders_channel_check: { kind: 'in', field: 'channel', values: ['web', 'app', 'store'] },
      orders_code_length: { kind: 'length', field: 'channel', max: 8 },
      orders_quantity_check: { kind: 'range', field: 'quantity', min: 0, minExclusive: true },
      orders_shipped_after_ordered: { kind: 'compare', left: 'ordered_at', op: '<=', right: 'shipped_at' },
    });
    expect(dataset('shop.order_lines').primaryKey?.fields).toEqual(['order_id', 'line']);
    expect(dataset('shop.bookings').exclusions).toEqual([
      { name: 'bookings_during_excl', definition: 'EXCLUDE USING gist (during WITH &&)' },
    ]);
    const open = dataset('shop.orders').indexes.find((index) => index.name === 'orders_open');
    expect(open).toMatchObject({
      fields: ['ordered_at'],
      method: 'btree',
      unique: false,
      predicate: 'shipped_at IS NULL',
    });
    expect(dataset('Odd Schema.Order Items').indexes.map((index) => index.name)).toContain('idx "odd"');
  });

  it('maps foreign keys: composite, match full, actions, deferrable, self reference, cycles', () => {
    const relation = (name: string) => catalog.relations.find((candidate) => candidate.name === name);
    expect(relation('order_lines_product_fk')).toEqual({
      name: 'order_lines_product_fk',
      from: { dataset: 'shop.order_lines', fields: ['sku', 'variant'] },
      to: { dataset: 'shop.products', fields: ['sku', 'variant'] },
      declared: true,
      onDelete: 'set-null',
      onUpdate: 'cascade',
      match: 'full',
      deferrable: false,
      initiallyDeferred: false,
    });
    expect(relation('orders_customer_id_fkey')).toMatchObject({
      onDelete: 'cascade',
      to: { dataset: 'shop.customers', fields: ['id'] },
    });
    expect(relation('categories_parent_id_fkey')).toMatchObject({
      from: { dataset: 'shop.categories' },
      to: { dataset: 'shop.categories' },
    });
    expect(relation('employees_department_id_fkey')).toMatchObject({
      deferrable: true,
      initiallyDeferred: true,
    });
    expect(relation('departments_manager_fk')).toMatchObject({ deferrable: true, initiallyDeferred: false });
    expect(relation('teams_lead_fk')).toMatchObject({ deferrable: false });
    expect(relation('Order Items_from_fkey')).toMatchObject({
      from: { dataset: 'Odd Schema.Order Items', fields: ['from'] },
      to: { fields: ['select'] },
    });
  });

  it('filters by schema, include and exclude globs', async () => {
    const session = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
    try {
      const odd = await session.extract({ namespaces: ['Odd Schema'] });
      expect(odd.datasets.map((d) => d.name)).toEqual(['Odd Schema.Order Items']);
      const globbed = await session.extract({ include: ['shop.order*'], exclude: ['*_lines'] });
      expect(globbed.datasets.map((d) => d.name)).toEqual(['shop.order_counts', 'shop.orders']);
    } finally {
      await session.close();
    }
  });
});
