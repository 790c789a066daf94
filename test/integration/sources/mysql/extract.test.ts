import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Dataset, Field } from '../../../../src/catalog/model.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { openMysqlSource } from '../../../../src/sources/mysql/index.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { RICH_SCHEMA, runStatements } from './fixture-database.js';

let database: TestDatabase;
let catalog: Catalog;

beforeAll(async () => {
  database = await createTestDatabase('mysql');
  await runStatements(database.url, [
    ...RICH_SCHEMA,
    "INSERT INTO Customers (Email, FullName) VALUES ('a@example.com', 'Ann'), ('b@example.com', NULL)",
  ]);
  const session = await openMysqlSource(database.url, { log: silentLogger, name: 'shop' });
  try {
    catalog = await session.extract({});
  } finally {
    await session.close();
  }
});
afterAll(async () => database?.drop());

const dataset = (local: string): Dataset => {
  const found = catalog.datasets.find((candidate) => candidate.local === local);
  if (found === undefined) throw new Error(`no dataset ${local}`);
  return found;
};
const field = (local: string, name: string): Field => {
  const found = dataset(local).fields.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no field ${local}.${name}`);
  return found;
};

describe('MySQL/MariaDB catalog extraction', () => {
  it('reads the database the address names: tables and views with kinds, comments and row counts', () => {
    expect(catalog.source).toMatchObject({ kind: 'mysql', name: 'shop' });
    expect(catalog.source.version).toMatch(/\d+\.\d+/);
    expect(catalog.datasets.map((candidate) => candidate.local).sort()).toEqual(
      ['Customers', 'Tags', 'big_orders', 'legacy_log', 'order', 'order_tags', 'weird ` näme'].sort(),
    );
    for (const candidate of catalog.datasets) expect(candidate.namespace).toBe(database.name);
    expect(dataset('Customers')).toMatchObject({
      name: `${database.name}.Customers`,
      kind: 'table',
      writable: true,
      comment: 'people who buy',
      rowEstimate: 2,
    });
    expect(dataset('big_orders')).toMatchObject({ kind: 'view', writable: false, rowEstimate: null });
    expect(dataset('big_orders').definition).toMatch(/total/);
  });

  it('maps integer widths and unsignedness, tinyint(1) as boolean, year, bit(n), decimal, floats', () => {
    expect(field('Customers', 'ID').type).toEqual({
      logical: 'integer',
      native: expect.stringMatching(/^int(\(10\))? unsigned$/),
      bits: 32,
      unsigned: true,
    });
    expect(field('order', 'id').type).toMatchObject({ logical: 'integer', bits: 64, unsigned: true });
    expect(field('order', 'small').type).toMatchObject({ logical: 'integer', bits: 8, unsigned: true });
    expect(field('order', 'medium').type).toMatchObject({ logical: 'integer', bits: 24, unsigned: true });
    expect(field('order', 'signed_small').type).toMatchObject({ logical: 'integer', bits: 16 });
    expect(field('order', 'signed_small').type.unsigned).toBeUndefined();
    expect(field('Customers', 'Active').type).toEqual({ logical: 'boolean', native: 'tinyint(1)' });
    expect(field('order', 'year_made').type).toMatchObject({ logical: 'integer', unsigned: true });
    expect(field('order', 'flags').type).toEqual({
      logical: 'bit',
      native: 'bit(5)',
      length: 5,
      fixedLength: true,
    });
    expect(field('order', 'total').type).toEqual({
      logical: 'decimal',
      native: 'decimal(12,2)',
      precision: 12,
      scale: 2,
      special: [],
    });
    expect(field('order', 'weight').type).toMatchObject({ logical: 'float', bits: 32, special: [] });
    expect(field('order', 'ratio').type).toMatchObject({ logical: 'float', bits: 64, special: [] });
  });

  it('maps dates, datetime vs timestamp ranges, time, enum and set, json, binary and strings', () => {
    expect(field('order', 'shipped').type).toEqual({
      logical: 'date',
      native: 'date',
      earliest: '1000-01-01',
      latest: '9999-12-31',
    });
    expect(field('Customers', 'Created').type).toEqual({
      logical: 'timestamp',
      native: 'datetime(3)',
      earliest: '1000-01-01T00:00:00',
      latest: '9999-12-31T23:59:59',
      timePrecision: 3,
    });
    expect(field('Customers', 'Updated').type).toEqual({
      logical: 'timestamptz',
      native: 'timestamp',
      earliest: '1970-01-01T00:00:01',
      latest: '2038-01-19T03:14:07',
      zoned: true,
    });
    expect(field('order', 'at_time').type).toEqual({ logical: 'time', native: 'time(2)', timePrecision: 2 });
    expect(field('Customers', 'Tier').type).toEqual({
      logical: 'enum',
      native: "enum('free','pro','enterprise')",
      labels: ['free', 'pro', 'enterprise'],
    });
    expect(field('Customers', 'Tags').type).toEqual({
      logical: 'enum',
      native: "set('a','b','c')",
      labels: ['a', 'b', 'c'],
    });
    expect(field('order', 'payload').type).toEqual({ logical: 'json', native: 'json' });
    expect(field('order', 'blob_data').type).toEqual({ logical: 'binary', native: 'blob' });
    expect(field('order', 'code').type).toEqual({
      logical: 'binary',
      native: 'binary(4)',
      length: 4,
      fixedLength: true,
    });
    expect(field('Tags', 'label').type).toEqual({
      logical: 'string',
      native: 'char(8)',
      length: 8,
      fixedLength: true,
    });
    expect(field('Customers', 'Email').type).toEqual({
      logical: 'string',
      native: 'varchar(320)',
      length: 320,
    });
    expect(field('legacy_log', 'message').type).toEqual({ logical: 'string', native: 'text' });
  });

  it('reads nullability, defaults, auto_increment, generated columns, collations and comments', () => {
    expect(field('Customers', 'ID')).toMatchObject({ nullable: false, identity: 'by-default' });
    expect(field('Customers', 'ID').default).toBeUndefined();
    expect(field('Customers', 'Tier')).toMatchObject({ nullable: false, default: "'free'" });
    expect(field('Customers', 'Active').default).toBe('1');
    expect(field('Customers', 'Created').default).toMatch(/^current_timestamp\(3\)$/i);
    expect(field('Customers', 'Updated').default).toMatch(/^current_timestamp(\(\))?$/i);
    expect(field('order', 'discount').default).toBe('0.00');
    expect(field('Customers', 'FullName')).toMatchObject({
      nullable: true,
      collation: 'utf8mb4_bin',
      comment: 'display name',
    });
    expect(field('Customers', 'Email').collation).toBeUndefined();
    expect(field('order', 'doubled').generated).toMatch(/`small` \* 2/);
    expect(field('order', 'kept').generated).toMatch(/`small` \+ 1/);
    expect(field('order', 'doubled').default).toBeUndefined();
  });

  it('reads primary, unique and composite keys, checks (the json check is the type), and indexes', () => {
    expect(dataset('Customers').primaryKey).toEqual({ name: 'PRIMARY', fields: ['ID'] });
    expect(dataset('Customers').uniques).toEqual([
      { name: 'uq_email', fields: ['Email'], via: 'constraint' },
    ]);
    expect(dataset('order_tags').primaryKey).toEqual({ name: 'PRIMARY', fields: ['order_id', 'tag_id'] });
    expect(dataset('weird ` näme').primaryKey?.fields).toEqual(['sélect']);
    const checks = dataset('order').checks;
    expect(checks.map((check) => check.name).sort()).toEqual(['discount_le_total', 'total_positive']);
    expect(checks.find((check) => check.name === 'total_positive')?.parsed).toEqual({
      kind: 'range',
      field: 'total',
      min: 0,
    });
    expect(checks.find((check) => check.name === 'discount_le_total')?.parsed).toEqual({
      kind: 'compare',
      left: 'discount',
      op: '<=',
      right: 'total',
    });
    const prefix = dataset('Customers').indexes.find((index) => index.name === 'ix_name');
    expect(prefix).toMatchObject({ fields: ['FullName'], unique: false, method: 'btree' });
    expect(prefix?.definition).toBe('KEY `ix_name` (`FullName`(10)) USING BTREE');
    expect(dataset('Customers').indexes.find((index) => index.name === 'uq_email')?.unique).toBe(true);
  });

  it('reads foreign keys as relations: actions, composite junction ends, self-reference, hostile names', () => {
    const byName = new Map(catalog.relations.map((relation) => [relation.name, relation]));
    const q = (local: string) => `${database.name}.${local}`;
    expect(byName.get('fk_order_customer')).toEqual({
      name: 'fk_order_customer',
      from: { dataset: q('order'), fields: ['customer_id'] },
      to: { dataset: q('Customers'), fields: ['ID'] },
      declared: true,
      onDelete: 'cascade',
      onUpdate: 'restrict',
      match: 'simple',
      deferrable: false,
      initiallyDeferred: false,
    });
    expect(byName.get('fk_ot_tag')).toMatchObject({
      from: { dataset: q('order_tags'), fields: ['tag_id'] },
      to: { dataset: q('Tags'), fields: ['id'] },
      onUpdate: 'cascade',
    });
    expect(byName.get('fk_ot_order')?.to).toEqual({ dataset: q('order'), fields: ['id'] });
    expect(byName.get('self_ref')).toMatchObject({
      from: { dataset: q('weird ` näme'), fields: ['Parent'] },
      to: { dataset: q('weird ` näme'), fields: ['sélect'] },
      onDelete: 'set-null',
    });
    expect(catalog.relations).toHaveLength(4);
  });

  it('filters by include and exclude globs', async () => {
    const session = await openMysqlSource(database.url, { log: silentLogger, name: 'shop' });
    try {
      const filtered = await session.extract({ include: ['*.order*'], exclude: ['*.order_tags'] });
      expect(filtered.datasets.map((candidate) => candidate.local)).toEqual(['order']);
      expect(filtered.relations.map((relation) => relation.name)).toEqual(['fk_order_customer']);
    } finally {
      await session.close();
    }
  });

  it('doppel inspect mysql://... prints the catalog (and --json the same Catalog)', async () => {
    const run = await runCliForTest(['inspect', database.url, '--include', '*.Tags']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`${database.name} (mysql `);
    expect(run.stdout).toContain(`${database.name}.Tags  table`);
    expect(run.stdout).toMatch(/label\s+char\(8\)\s+not null/);
    const json = await runCliForTest(['--json', 'inspect', database.url, '--include', '*.Tags']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as Catalog).datasets.map((candidate) => candidate.local)).toEqual([
      'Tags',
    ]);
  });

  it('an unknown database is a connection error naming it, without a stack trace', async () => {
    const url = database.url.replace(database.name, `${database.name}_missing`);
    const run = await runCliForTest(['inspect', url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${database.name}_missing`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
