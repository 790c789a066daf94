import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog/model.js';
import { profileSource } from '../../../src/profile/run.js';
import type { DatasetStatistics } from '../../../src/sources/contract.js';
import { createMemorySession, dataset, field, type } from './memory-session.js';

const orders = dataset('public.orders', [
  field('status', type('string', 'text')),
  field('amount', type('decimal', 'numeric')),
  field('contact_email', type('string', 'text')),
  field('placed_on', type('date')),
]);

const catalog: Catalog = {
  source: { kind: 'postgres', name: 'shop' },
  datasets: [orders],
  relations: [],
} as unknown as Catalog;

/** Statistics as PostgreSQL would keep them for 100,000 orders, with planted values that must not leak. */
const statistics: DatasetStatistics = {
  rows: 100_000,
  fields: [
    {
      field: 'status',
      nullShare: 0.02,
      distinct: 4,
      width: 6,
      // 0.00005 of 100,000 rows is 5 rows: below k.
      common: [
        { value: 'shipped', share: 0.6 },
        { value: 'open', share: 0.37995 },
        { value: 'CANARY_status', share: 0.00005 },
      ],
      bounds: [],
    },
    {
      field: 'amount',
      nullShare: 0,
      distinct: 40_000,
      width: 8,
      common: [],
      bounds: ['0.01', '10.00', '20.00', '30.00', '40.00', '50.00', '987654.32'],
    },
    {
      field: 'contact_email',
      nullShare: 0.1,
      distinct: 90_000,
      width: 25,
      common: [],
      bounds: ['ann.lee@acme.example', 'CANARY.bob@acme.example', 'zoe.kim@acme.example'],
    },
    {
      field: 'placed_on',
      nullShare: 0,
      distinct: 365,
      width: 4,
      common: [],
      bounds: ['2019-01-01', '2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01', '2030-12-31'],
      correlation: 1,
    },
  ],
};

async function profileFromStatistics(known: DatasetStatistics | undefined, mode: 'only' | 'fallback') {
  const session = { ...createMemorySession(catalog, {}), readStatistics: async () => known };
  return profileSource(session, { profile: 'shop', statistics: mode });
}

describe('profile from statistics', () => {
  it('keeps common values whose estimated count reaches k, and drops the outer histogram bounds', async () => {
    const profile = await profileFromStatistics(statistics, 'only');
    const task = profile.datasets[0]!;
    expect(task.sampling).toEqual({ method: 'statistics', rows: 0, seed: 42 });
    expect(task.dataset.rows).toBe(100_000);
    const byName = new Map(task.fields.map((item) => [item.name, item]));
    const status = byName.get('status')!;
    expect(status.generator.kind).toBe('categorical');
    expect(status.stats?.nulls).toBeCloseTo(0.02, 3);
    expect(status.stats?.top?.map((entry) => entry.value)).toEqual(['shipped', 'open']);
    const amount = byName.get('amount')!;
    expect(amount.stats?.min).toBe(10);
    expect(amount.stats?.max).toBe(50);
    const placed = byName.get('placed_on')!;
    expect(placed.stats?.min).toBe('2024-01-01');
    expect(placed.stats?.max).toBe('2024-10-01');
    expect(placed.stats?.monotonic).toBe(true);
    const text = JSON.stringify(profile);
    expect(text).not.toMatch(/canary|987654|0\.01|2019|2030/i);
  });

  it('keeps only null share, distinct estimate, width and semantic type of text that is not categorical', async () => {
    const profile = await profileFromStatistics(statistics, 'only');
    const email = profile.datasets[0]!.fields.find((item) => item.name === 'contact_email')!;
    expect(email.semantic).toMatchObject({ type: 'email', personal: true });
    expect(email.stats?.nulls).toBeCloseTo(0.1, 3);
    expect(email.stats?.length).toMatchObject({ min: 24, max: 24 });
    expect(JSON.stringify(email)).not.toMatch(/acme|ann|zoe/);
  });

  it('refuses a dataset without statistics, naming it, unless told to sample it', async () => {
    await expect(profileFromStatistics(undefined, 'only')).rejects.toThrow(/public\.orders.*ANALYZE/);
    const profile = await profileFromStatistics(undefined, 'fallback');
    expect(profile.datasets[0]!.sampling.method).toBe('full');
  });
});
