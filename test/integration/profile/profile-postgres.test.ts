import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileSource } from '../../../src/profile/run.js';
import { silentLogger } from '../../../src/shared/log.js';
import { openPostgresSource } from '../../../src/sources/postgres/index.js';
import type { DatasetTask, FieldTask, Profile } from '../../../src/tasks/types.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { CUSTOMERS, loadShopFixture, PLANTED_CUSTOMERS } from './shop-fixture.js';

let database: TestDatabase;
let profile: Profile;

function task(name: string): DatasetTask {
  const found = profile.datasets.find((item) => item.dataset.name === name);
  if (found === undefined) throw new Error(`no task for ${name}`);
  return found;
}

function fieldOf(dataset: string, name: string): FieldTask {
  const found = task(dataset).fields.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no field ${dataset}.${name}`);
  return found;
}

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  await loadShopFixture(database.url);
  const session = await openPostgresSource(database.url, { log: silentLogger, name: 'shop' });
  try {
    profile = await profileSource(session, { profile: 'shop', sampling: { rows: 20_000 } });
  } finally {
    await session.close();
  }
});

afterAll(async () => {
  await database?.drop();
});

describe('profiling a real PostgreSQL shop', () => {
  it('profiles every table with its types and keys', () => {
    expect(profile.datasets.map((item) => item.dataset.name).sort()).toEqual([
      'public.customers',
      'public.order_notes',
      'public.orders',
    ]);
    expect(fieldOf('public.customers', 'score').type).toMatchObject({
      logical: 'decimal',
      precision: 8,
      scale: 2,
    });
    expect(fieldOf('public.customers', 'profile').type.logical).toBe('json');
    expect(fieldOf('public.customers', 'tags').type.logical).toBe('array');
    expect(fieldOf('public.customers', 'id').generator.kind).toBe('sequence');
    expect(fieldOf('public.customers', 'id').key).toContain('primary');
    expect(task('public.customers').sampling.rows).toBe(CUSTOMERS + PLANTED_CUSTOMERS);
  });

  it('detects personal semantics and keeps their values out', () => {
    const email = fieldOf('public.customers', 'email');
    expect(email.semantic).toMatchObject({ type: 'email', personal: true });
    expect(email.generator).toMatchObject({ kind: 'semantic', semantic: 'email', unique: true });
    expect(email.stats?.top).toBeUndefined();
    expect(fieldOf('public.customers', 'phone').semantic?.type).toBe('phone');
    expect(fieldOf('public.customers', 'phone').stats?.nulls).toBeCloseTo(0.25, 2);
  });

  it('finds patterns, categorical values with weights, and JSON and array structure', () => {
    const code = fieldOf('public.orders', 'product_code');
    expect(code.stats?.pattern?.coverage).toBeGreaterThan(0.99);
    expect(new RegExp(`^${code.stats?.pattern?.regex}$`).test('PRD-0042')).toBe(true);
    const status = fieldOf('public.orders', 'status');
    expect(status.generator.kind).toBe('categorical');
    if (status.generator.kind === 'categorical') expect(status.generator.weights.shipped).toBeCloseTo(0.5, 1);
    const city = fieldOf('public.customers', 'city');
    expect(city.generator.kind).toBe('categorical');
    const segment = fieldOf('public.customers', 'profile').fields?.find((item) => item.name === 'segment');
    expect(segment?.generator.kind).toBe('categorical');
    expect(segment?.stats?.presence).toBe(1);
    expect(fieldOf('public.customers', 'tags').element?.generator.kind).toBe('categorical');
    expect(fieldOf('public.orders', 'amount').generator).toMatchObject({ kind: 'histogram', scale: 2 });
  });

  it('measures the declared relation: children per parent and null references', () => {
    const relation = task('public.orders').relations.find((item) => item.declared);
    expect(relation?.to).toEqual({ dataset: 'public.customers', fields: ['id'] });
    // customer c has c % 5 orders: a fifth have none, the most is 4.
    expect(relation?.cardinality?.childless).toBeGreaterThan(0.1);
    expect(relation?.cardinality?.childless).toBeLessThan(0.3);
    expect(relation?.cardinality?.max).toBeLessThanOrEqual(4);
    expect(relation?.cardinality?.p95).toBe(4);
    expect(relation?.cardinality?.null_share).toBeGreaterThan(0);
    expect(fieldOf('public.orders', 'customer_id').generator).toMatchObject({
      kind: 'reference',
      dataset: 'public.customers',
    });
  });

  it('infers the undeclared order_notes.order_id → orders.id and measures it', () => {
    const relation = task('public.order_notes').relations.find((item) => !item.declared);
    expect(relation?.to).toEqual({ dataset: 'public.orders', fields: ['id'] });
    expect(relation?.confidence).toBeGreaterThan(0.9);
    expect(relation?.cardinality?.p95).toBeGreaterThanOrEqual(1);
    expect(fieldOf('public.order_notes', 'order_id').generator).toMatchObject({
      kind: 'reference',
      dataset: 'public.orders',
      field: 'id',
    });
  });

  it('states ordered pairs and functional dependencies as rules', () => {
    expect(task('public.customers').rules).toContainEqual(
      expect.objectContaining({ kind: 'ordered', fields: ['created_at', 'updated_at'] }),
    );
    expect(task('public.orders').rules).toContainEqual(
      expect.objectContaining({ kind: 'ordered', fields: ['placed_at', 'shipped_at'] }),
    );
    // With the measured pairs of the cities kept in the profile (the planted rare city stays out).
    expect(task('public.customers').rules).toContainEqual({
      kind: 'depends',
      fields: ['city'],
      determines: 'country',
      pairs: { Berlin: 'DE', Hamburg: 'DE', Lyon: 'FR', Paris: 'FR', Leeds: 'GB' },
    });
  });
});
