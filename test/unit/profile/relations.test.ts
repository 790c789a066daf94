import { describe, expect, it } from 'vitest';
import { type Catalog, type Dataset, findDataset } from '../../../src/catalog/model.js';
import { profileRows } from '../../../src/profile/measure/dataset-profiler.js';
import {
  confirmCandidate,
  FULL_CHILD_ROWS,
  FULL_PARENTS,
  inferRelationCandidates,
  measureCardinality,
  singularize,
  summarizeCounts,
} from '../../../src/profile/measure/relations.js';
import { DoppelError } from '../../../src/shared/errors.js';
import { buildShop, CUSTOMERS } from './fixture-shop.js';
import { createMemorySession } from './memory-session.js';

/** The shop fixture's customers (with a reservoir of `parents` keys) and orders measured, and their relation. */
async function measureShop(parents?: number) {
  const { catalog, tables } = buildShop();
  const customers = await profileRows(
    findDataset(catalog, 'public.customers')!,
    tables['public.customers']!,
    {
      k: 10,
      seed: 1,
      keySets: [['id']],
      ...(parents === undefined ? {} : { keyReservoir: parents }),
    },
  );
  const orders = await profileRows(findDataset(catalog, 'public.orders')!, tables['public.orders']!, {
    k: 10,
    seed: 1,
  });
  return { catalog, tables, relation: catalog.relations[0]!, customers, orders };
}

describe('relations', () => {
  it('singularizes table names', () => {
    expect(singularize('customers')).toBe('customer');
    expect(singularize('addresses')).toBe('address');
    expect(singularize('categories')).toBe('category');
    expect(singularize('status')).toBe('statu');
    expect(singularize('glass')).toBe('glass');
  });

  it('infers store_id → stores.id by name and type, and skips declared relations', () => {
    const { catalog } = buildShop();
    const candidates = inferRelationCandidates(catalog);
    expect(candidates).toEqual([
      {
        from: { dataset: 'public.orders', fields: ['store_id'] },
        to: { dataset: 'public.stores', fields: ['id'] },
        declared: false,
      },
    ]);
  });

  it('infers MongoDB references to _id: <parent>Id and <parent> holding ObjectIds, never a plain string', () => {
    const objectId = { logical: 'string', native: 'objectId', bits: 96 } as const;
    const text = { logical: 'string', native: 'string' } as const;
    const collection = (local: string, fields: [string, typeof objectId | typeof text][]): Dataset => ({
      name: `shop.${local}`,
      namespace: 'shop',
      local,
      kind: 'collection',
      writable: true,
      fields: fields.map(([name, type], index) => ({ name, position: index + 1, type, nullable: true })),
      primaryKey: { fields: ['_id'] },
      uniques: [],
      checks: [],
      exclusions: [],
      indexes: [],
      rowEstimate: 10,
    });
    const catalog: Catalog = {
      source: { kind: 'mongodb', name: 'shop' },
      datasets: [
        collection('customers', [['_id', objectId]]),
        collection('orders', [
          ['_id', objectId],
          ['customerId', objectId],
          ['customer', objectId],
          ['customer_id', text],
        ]),
      ],
      relations: [],
      types: [],
    };
    expect(inferRelationCandidates(catalog).map((relation) => relation.from.fields[0])).toEqual([
      'customerId',
      'customer',
    ]);
  });

  it('confirms an inferred relation by inclusion and rejects one whose values are missing', async () => {
    const { catalog, tables } = buildShop();
    const session = createMemorySession(catalog, tables);
    const [candidate] = inferRelationCandidates(catalog);
    const orders = await profileRows(findDataset(catalog, 'public.orders')!, tables['public.orders']!, {
      k: 10,
      seed: 1,
      keySets: [['store_id']],
    });
    const confirmed = await confirmCandidate(session, candidate!, orders);
    expect(confirmed?.declared).toBe(false);
    expect(confirmed?.confidence).toBeGreaterThan(0.5);
    const broken = { ...tables, 'public.stores': tables['public.stores']!.slice(0, 3) };
    expect(await confirmCandidate(createMemorySession(catalog, broken), candidate!, orders)).toBeUndefined();
  });

  it('measures children per parent from sampled parents and all their children', async () => {
    const { catalog, tables, relation, customers, orders } = await measureShop();
    const session = createMemorySession(catalog, tables);
    const stats = await measureCardinality(session, relation, customers, orders);
    // Customer c has c % 4 orders: a quarter has none, the most is 3.
    expect(stats?.childless).toBeGreaterThan(0.15);
    expect(stats?.childless).toBeLessThan(0.35);
    expect(stats?.max).toBe(3);
    expect(stats?.null_share).toBeCloseTo(1 / tables['public.orders']!.length, 3);
    expect(stats?.histogram.reduce((sum, bin) => sum + bin[2], 0)).toBeCloseTo(1, 3);
    expect(CUSTOMERS).toBeGreaterThan(200);
  });

  it('sends fewer parents after a query over the child-row budget, never the same parents again', async () => {
    const { catalog, tables, relation, customers } = await measureShop();
    const session = createMemorySession(catalog, tables);
    const sent: number[] = [];
    const counting = {
      ...session,
      sampleChildren: (...args: Parameters<NonNullable<typeof session.sampleChildren>>) => {
        sent.push(args[1].length);
        return session.sampleChildren!(...args);
      },
    };
    // Customer c has c % 4 orders: a budget of 5 rows fits about three customers.
    const stats = await measureCardinality(counting, relation, customers, undefined, { childRows: 5 });
    expect(stats?.max).toBeLessThanOrEqual(3);
    const reductions = sent.slice(0, sent.indexOf(Math.min(...sent)) + 1);
    expect(reductions[0]).toBe(customers.keys.get('id')?.length);
    for (let i = 1; i < reductions.length; i++) expect(reductions[i]).toBeLessThan(reductions[i - 1]!);
  });

  it('reads the children of every parent when the source refuses to count them (a full profile)', async () => {
    const { catalog, tables, relation, customers, orders } = await measureShop(FULL_PARENTS);
    const read = await measureCardinality(createMemorySession(catalog, tables), relation, customers, orders);
    // A statement timeout on a table far larger than a test can build, standing in for the database's refusal.
    const refusing = {
      ...createMemorySession(catalog, tables),
      countChildren: () =>
        Promise.reject(new DoppelError('refused', 'PostgreSQL stopped counting (statement timeout).')),
    };
    expect(
      await measureCardinality(refusing, relation, customers, orders, {
        childRows: FULL_CHILD_ROWS,
        full: { seconds: 60 },
      }),
    ).toEqual(read);
    const cancelled = {
      ...refusing,
      countChildren: () => Promise.reject(new DoppelError('cancelled', 'Profiling was cancelled.')),
    };
    await expect(
      measureCardinality(cancelled, relation, customers, orders, {
        childRows: FULL_CHILD_ROWS,
        full: { seconds: 60 },
      }),
    ).rejects.toThrow(/cancelled/);
  });

  it('summarizes counts with shares and quantiles', () => {
    const stats = summarizeCounts([0, 0, 1, 1, 1, 2, 2, 3, 5, 10], 0.1);
    expect(stats.childless).toBe(0.2);
    expect(stats.null_share).toBe(0.1);
    expect(stats.p50).toBeGreaterThanOrEqual(1);
    expect(stats.p50).toBeLessThanOrEqual(2);
  });
});
