import { describe, expect, it } from 'vitest';
import { LOGICAL_TYPES } from '../../../src/catalog/logical-type.js';
import { SEMANTIC_TYPES, type SemanticType } from '../../../src/catalog/semantic-types.js';
import type { Row, Value } from '../../../src/catalog/values.js';
import { createGeneration, type GenerationOptions } from '../../../src/generate/engine.js';
import { isIbanValid, isLuhnValid } from '../../../src/generate/values/semantic/checksums.js';
import { createPools } from '../../../src/generate/values/semantic/pools.js';
import { SEMANTIC_GENERATORS } from '../../../src/generate/values/semantic/semantic-generators.js';
import { createTypeDefault } from '../../../src/generate/values/type-defaults.js';
import { createRandom } from '../../../src/shared/random.js';
import type { Profile } from '../../../src/tasks/types.js';
import { buildShopProfile, dataset, profileOf } from './shop-profile.js';

async function collect(profile: Profile, name: string, options: GenerationOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of createGeneration(profile, options).batches(name)) rows.push(...batch);
  return rows;
}

function serialize(rows: readonly Row[]): string {
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value instanceof Uint8Array ? [...value] : value,
  );
}

const profile = buildShopProfile();
const options: GenerationOptions = { seed: 42 };

describe('generation', () => {
  it('is deterministic by seed and differs across seeds', async () => {
    const first = await collect(profile, 'public.orders', options);
    const second = await collect(buildShopProfile(), 'public.orders', options);
    const other = await collect(profile, 'public.orders', { seed: 43 });
    expect(serialize(first)).toBe(serialize(second));
    expect(serialize(other)).not.toBe(serialize(first));
  });

  it('gives every shard exactly its slice of the one-shot output', async () => {
    for (const name of ['public.customers', 'public.orders', 'public.order_items', 'public.employees']) {
      const whole = await collect(profile, name, options);
      const parts: Row[] = [];
      for (let index = 0; index < 3; index++)
        parts.push(...(await collect(profile, name, { ...options, shard: { index, count: 3 } })));
      expect(serialize(parts)).toBe(serialize(whole));
    }
  });

  it('plans parents first and reports cycles with their handling', () => {
    const plan = createGeneration(profile, options).plan;
    const order = plan.datasets.map((dataset) => dataset.name);
    expect(order.indexOf('public.customers')).toBeLessThan(order.indexOf('public.orders'));
    expect(order.indexOf('public.orders')).toBeLessThan(order.indexOf('public.order_items'));
    const strategies = Object.fromEntries(plan.cycles.map((cycle) => [cycle.relation, cycle.strategy]));
    expect(strategies['public.employees(manager_id)->public.employees(id)']).toBe('self-reference');
    expect(strategies['public.departments(head_id)->public.employees(id)']).toBe('null-then-update');
  });

  it('keeps primary keys, unique keys and composite keys unique', async () => {
    const customers = await collect(profile, 'public.customers', options);
    for (const field of ['id', 'email', 'code', 'external_id'])
      expect(new Set(customers.map((row) => row[field])).size).toBe(customers.length);
    const items = await collect(profile, 'public.order_items', options);
    expect(new Set(items.map((row) => `${row.order_id}|${row.line_no}`)).size).toBe(items.length);
    const employees = await collect(profile, 'public.employees', options);
    expect(new Set(employees.map((row) => row.username)).size).toBe(employees.length);
  });

  it('references only keys the parent generates, with the measured null share and childless parents', async () => {
    const customers = await collect(profile, 'public.customers', options);
    const orders = await collect(profile, 'public.orders', options);
    const items = await collect(profile, 'public.order_items', options);
    const customerIds = new Set(customers.map((row) => row.id));
    const orderIds = new Set(orders.map((row) => row.id));
    const references = orders.map((row) => row.customer_id);
    expect(references.filter((value) => value !== null && !customerIds.has(value))).toEqual([]);
    const nullShare = references.filter((value) => value === null).length / references.length;
    expect(nullShare).toBeGreaterThan(0.02);
    expect(nullShare).toBeLessThan(0.09);
    const childless = 1 - new Set(references.filter((value) => value !== null)).size / customers.length;
    expect(childless).toBeGreaterThan(0.1);
    expect(childless).toBeLessThan(0.35);
    expect(items.filter((row) => !orderIds.has(row.order_id))).toEqual([]);
    const employees = await collect(profile, 'public.employees', options);
    const employeeIds = new Set(employees.map((row) => row.id));
    expect(employees.filter((row) => row.manager_id !== null && !employeeIds.has(row.manager_id))).toEqual(
      [],
    );
    // Nobody is their own manager.
    expect(employees.filter((row) => row.manager_id === row.id)).toEqual([]);
  });

  /** Rows whose chain of managers never reaches a root (a cycle, whatever its length). */
  function inCycles(rows: readonly Row[]): Row[] {
    const byId = new Map(rows.map((row) => [row.id, row]));
    return rows.filter((row) => {
      let current: Row | undefined = row;
      for (let step = 0; step <= rows.length && current !== undefined; step++) {
        if (current.reports_to === null) return false;
        current = byId.get(current.reports_to);
      }
      return true;
    });
  }

  it('makes a nullable self-reference a tree, in a small table with one boss', async () => {
    // Northwind's employees: nine rows, eight reporting to one.
    const int4 = { logical: 'integer', native: 'integer' } as const;
    const staff = dataset(
      'public.staff',
      9,
      [
        { name: 'id', type: int4, nullable: false, generator: { kind: 'sequence', start: 1, step: 1 } },
        {
          name: 'reports_to',
          type: int4,
          nullable: true,
          generator: { kind: 'reference', dataset: 'public.staff', field: 'id' },
        },
      ],
      {
        keys: { primary: { fields: ['id'] }, unique: [] },
        relations: [
          {
            from: { dataset: 'public.staff', fields: ['reports_to'] },
            to: { dataset: 'public.staff', fields: ['id'] },
            declared: true,
            cardinality: {
              childless: 0.8889,
              null_share: 0.1111,
              p50: 0,
              p95: 8,
              max: 8,
              histogram: [
                [0, 0, 0.8889],
                [8, 8, 0.1111],
              ],
              parent_shares: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            },
          },
        ],
      },
    );
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const rows = await collect(profileOf([staff]), 'public.staff', { seed });
      expect(inCycles(rows)).toEqual([]);
      expect(rows.filter((row) => row.reports_to === null)).toHaveLength(1);
      expect(rows.filter((row) => row.reports_to === rows[0]!.id)).toHaveLength(8);
    }
    // A larger one, with many managers: still no cycles, and the children per manager as measured.
    const relation = staff.relations[0]!;
    const company = {
      ...staff,
      dataset: { ...staff.dataset, rows: 600 },
      relations: [
        {
          ...relation,
          cardinality: {
            childless: 0.85,
            null_share: 0.02,
            p50: 0,
            p95: 7,
            max: 20,
            histogram: [
              [0, 0, 0.85],
              [1, 6, 0.1],
              [7, 20, 0.05],
            ] as [number, number, number][],
          },
        },
      ],
    };
    const rows = await collect(profileOf([company]), 'public.staff', { seed: 3 });
    expect(rows).toHaveLength(600);
    expect(inCycles(rows)).toEqual([]);
    expect(rows.filter((row) => row.reports_to === null)).toHaveLength(12);
    const reports = new Map<Value, number>();
    for (const { reports_to: boss } of rows)
      if (boss !== null && boss !== undefined) reports.set(boss, (reports.get(boss) ?? 0) + 1);
    expect(reports.size / 600).toBeGreaterThan(0.1);
    expect(reports.size / 600).toBeLessThan(0.2);
    expect(Math.max(...reports.values())).toBeLessThanOrEqual(21);
  });

  it('keeps checks, ordered pairs and dependencies', async () => {
    const orders = await collect(profile, 'public.orders', { ...options, edgeCases: 0.2 });
    expect(orders.filter((row) => (row.quantity as number) <= 0)).toEqual([]);
    expect(
      orders.filter(
        (row) => row.shipped_at !== null && (row.created_at as string) > (row.shipped_at as string),
      ),
    ).toEqual([]);
    const managers = new Map<Value | undefined, Set<Value | undefined>>();
    for (const row of orders) {
      managers.set(row.region, (managers.get(row.region) ?? new Set()).add(row.region_manager));
    }
    for (const names of managers.values()) expect(names.size).toBe(1);
  });

  it('respects types: enum labels, lengths, numeric scale and precision, omitted columns, documents', async () => {
    const customers = await collect(profile, 'public.customers', options);
    const orders = await collect(profile, 'public.orders', options);
    expect(customers.every((row) => ['free', 'pro', 'enterprise'].includes(row.tier as string))).toBe(true);
    expect(customers.every((row) => (row.country as string).length === 2)).toBe(true);
    expect(customers.every((row) => (row.code as string).length <= 12)).toBe(true);
    expect(customers.every((row) => /^\d{1,10}\.\d{2}$/.test(row.balance as string))).toBe(true);
    expect(customers.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(row.birth_date as string))).toBe(true);
    expect(
      customers.every((row) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(row.created_at as string)),
    ).toBe(true);
    expect(customers.every((row) => !('search' in row))).toBe(true);
    expect(
      orders.every((row) => !('total_with_tax' in row) && row.currency === 'EUR' && row.legacy === null),
    ).toBe(true);
    const coupons =
      orders.filter((row) => 'coupon' in (row.meta as Record<string, Value>)).length / orders.length;
    expect(coupons).toBeGreaterThan(0.2);
    expect(coupons).toBeLessThan(0.4);
    expect(orders.every((row) => Array.isArray(row.tags) && (row.tags as Value[]).length <= 5)).toBe(true);
    const countries = customers.map((row) => row.country);
    const rare = countries.filter((value) => value !== 'DE' && value !== 'FR').length / countries.length;
    expect(rare).toBeGreaterThan(0.12);
    expect(rare).toBeLessThan(0.28);
  });

  it('mixes edge values without touching keys', async () => {
    const customers = await collect(profile, 'public.customers', { ...options, edgeCases: 0.3 });
    const plain = await collect(profile, 'public.customers', options);
    expect(customers.map((row) => row.id)).toEqual(plain.map((row) => row.id));
    expect(customers.map((row) => row.email)).toEqual(plain.map((row) => row.email));
    expect(customers.some((row) => row.first_name === '' || row.first_name === ' ')).toBe(true);
    expect(customers.some((row) => row.birth_date === '9999-12-31' || row.birth_date === '0001-01-01')).toBe(
      true,
    );
  });
});

describe('semantic generators', () => {
  const pools = createPools(1);
  const random = createRandom(9);
  const samples = (type: SemanticType, unique = false) =>
    Array.from({ length: 500 }, (_, index) => SEMANTIC_GENERATORS[type]({ pools })(random, index, unique));

  it('produce valid values for every semantic type', () => {
    for (const type of Object.keys(SEMANTIC_TYPES) as SemanticType[])
      expect(samples(type).every((value) => value !== null && value !== '')).toBe(true);
    expect(samples('email').every((value) => /^[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+$/.test(value as string))).toBe(
      true,
    );
    expect(samples('phone').every((value) => /^\+[1-9]\d{7,14}$/.test(value as string))).toBe(true);
    expect(samples('phone', true).every((value) => /^\+[1-9]\d{7,14}$/.test(value as string))).toBe(true);
    expect(samples('credit_card').every((value) => isLuhnValid(value as string))).toBe(true);
    expect(samples('credit_card', true).every((value) => isLuhnValid(value as string))).toBe(true);
    expect(samples('iban').every((value) => isIbanValid(value as string))).toBe(true);
    expect(
      samples('ipv4').every((value) => (value as string).split('.').every((part) => Number(part) <= 255)),
    ).toBe(true);
    expect(
      samples('uuid').every((value) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(value as string),
      ),
    ).toBe(true);
    expect(samples('mac').every((value) => /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(value as string))).toBe(
      true,
    );
  });

  it('are unique by construction when asked', () => {
    for (const type of [
      'email',
      'phone',
      'credit_card',
      'iban',
      'national_id',
      'ipv4',
      'ipv6',
      'mac',
      'username',
      'url',
    ] as const) {
      expect(new Set(samples(type, true)).size).toBe(500);
    }
  });
});

describe('type defaults', () => {
  it('give a value for every logical type', () => {
    const context = { seed: 1, key: 3, rows: 10, pools: () => createPools(1), where: 'test' };
    const random = createRandom(4);
    for (const logical of LOGICAL_TYPES) {
      const generate = createTypeDefault(
        {
          logical,
          native: logical === 'opaque' ? 'point' : logical,
          ...(logical === 'opaque' ? { literal: '(0,0)' } : {}),
          length: 8,
          labels: ['a', 'b'],
          element: { logical: 'integer', native: 'integer' },
          range_of: { logical: 'date', native: 'date' },
          attributes: [{ name: 'x', type: { logical: 'integer', native: 'integer' } }],
        },
        context,
      );
      expect(generate(random, 0), logical).not.toBeNull();
    }
  });
});
