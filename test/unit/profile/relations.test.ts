import { describe, expect, it } from 'vitest';
import { type Catalog, type Dataset, findDataset } from '../../../src/catalog/model.js';
import { profileRows } from '../../../src/profile/measure/dataset-profiler.js';
import {
  confirmCandidate,
  FULL_CHILD_ROWS,
  FULL_PARENTS,
  inferRelationCandidates,
  measureCardinality,
  singularForms,
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
    expect(singularForms('customers')).toEqual(['customer']);
    expect(singularForms('addresses')).toContain('address');
    expect(singularForms('categories')).toContain('category');
    expect(singularForms('movies')).toContain('movie');
    expect(singularForms('caches')).toContain('cache');
    expect(singularForms('boxes')).toContain('box');
    expect(singularForms('status')).toEqual(['statu']);
    expect(singularForms('glass')).toEqual(['glass']);
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
    const int = { logical: 'integer', native: 'int', bits: 32 } as const;
    const collection = (
      local: string,
      fields: [string, typeof objectId | typeof text | typeof int][],
    ): Dataset => ({
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
        // sample_mflix: a comment's movie_id is a movie's (not a "movy"'s).
        collection('movies', [['_id', objectId]]),
        collection('comments', [
          ['_id', objectId],
          ['movie_id', objectId],
        ]),
        // sample_analytics: accounts keep their business key beside `_id`, transactions point at it.
        collection('accounts', [
          ['_id', objectId],
          ['account_id', int],
        ]),
        collection('transactions', [
          ['_id', objectId],
          ['account_id', int],
        ]),
      ],
      relations: [],
      types: [],
    };
    const candidates = inferRelationCandidates(catalog);
    expect(candidates.map((relation) => relation.from.fields[0])).toEqual([
      'customerId',
      'customer',
      'movie_id',
      'account_id',
    ]);
    expect(candidates.at(-1)).toMatchObject({
      from: { dataset: 'shop.transactions' },
      to: { dataset: 'shop.accounts', fields: ['account_id'] },
    });
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

  it('reads no more child rows than its budget, in chunks sized by the children expected per parent', async () => {
    const { catalog, tables, relation, customers, orders } = await measureShop();
    /** The session's children reads, with the parents sent and the rows read by each. */
    const watched = (rows: typeof tables) => {
      const session = createMemorySession(catalog, rows);
      const reads: { parents: number; rows: number }[] = [];
      const sampleChildren = async function* (
        ...args: Parameters<NonNullable<typeof session.sampleChildren>>
      ) {
        const read = { parents: args[1].length, rows: 0 };
        reads.push(read);
        for await (const row of session.sampleChildren!(...args)) {
          read.rows++;
          yield row;
        }
      };
      return { session: { ...session, sampleChildren }, reads };
    };
    // Customer c has c % 4 orders, about 1.5 per customer: a chunk is expected to take a quarter of the budget.
    for (const childRows of [5, 40, 400]) {
      const { session, reads } = watched(tables);
      const stats = await measureCardinality(session, relation, customers, orders, { childRows });
      expect(stats?.max).toBeLessThanOrEqual(3);
      if (childRows === 400) expect(stats?.max).toBe(3);
      expect(reads[0]?.parents).toBe(Math.max(1, Math.floor(childRows / 4 / 1.5)));
      expect(reads.reduce((sum, read) => sum + read.rows, 0)).toBeLessThanOrEqual(childRows + 1);
    }
    // Three customers own every order (about 100 each): a chunk holding one of them goes past its share of the
    // budget, fewer parents are sent next, and the rows read, counted or not, stay within the budget.
    const owners = tables['public.orders']!.map((row, i) => ({ ...row, customer_id: 1 + (i % 3) }));
    const { session, reads } = watched({ ...tables, 'public.orders': owners });
    await measureCardinality(session, relation, customers, orders, { childRows: 150 });
    expect(reads.reduce((sum, read) => sum + read.rows, 0)).toBeLessThanOrEqual(151);
    const over = reads.findIndex((read) => read.rows > 75);
    expect(over).toBeGreaterThanOrEqual(0);
    if (over + 1 < reads.length) expect(reads[over + 1]!.parents).toBeLessThan(reads[over]!.parents);
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
