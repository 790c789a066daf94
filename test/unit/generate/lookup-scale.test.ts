import { describe, expect, it } from 'vitest';
import { resolveRows } from '../../../src/generate/plan/plan.js';
import type { DatasetTask } from '../../../src/tasks/types.js';
import { customers } from './shop-profile.js';

const languages: DatasetTask = {
  ...customers,
  dataset: { ...customers.dataset, name: 'public.languages', local: 'languages', rows: 6, lookup: true },
};

describe('row counts of lookup tables', () => {
  it('keeps a lookup table at its profiled rows under --scale, and scales it with --scale-lookups', () => {
    expect(resolveRows(languages, { scale: 3 })).toBe(6);
    expect(resolveRows(languages, { scale: 3, scaleLookups: true })).toBe(18);
    expect(resolveRows(customers, { scale: 3 })).toBe(3000);
  });

  it('leaves a table with rows at least one under a small scale, and none at scale 0', () => {
    const stores: DatasetTask = { ...customers, dataset: { ...customers.dataset, rows: 6 } };
    expect(resolveRows(stores, { scale: 0.05 })).toBe(1);
    expect(resolveRows(stores, { scale: 0 })).toBe(0);
  });

  it('gives a table keyed by two references at most one row per pair of its parents', () => {
    const link = (from: string, to: string) => ({
      from: { dataset: 'public.order_tags', fields: [from] },
      to: { dataset: to, fields: ['id'] },
      declared: true,
    });
    const orderTags: DatasetTask = {
      ...customers,
      dataset: { ...customers.dataset, name: 'public.order_tags', local: 'order_tags', rows: 3000 },
      keys: { primary: { fields: ['order_id', 'tag_id'] }, unique: [] },
      relations: [link('order_id', 'public.orders'), link('tag_id', 'public.tags')],
    };
    const parents = new Map([
      ['public.orders', 16],
      ['public.tags', 6],
    ]);
    expect(resolveRows(orderTags, { scale: 0.05 }, parents)).toBe(96);
    expect(resolveRows(orderTags, { scale: 0.01 }, parents)).toBe(30);
    expect(resolveRows(orderTags, { rows: { 'public.order_tags': 200 } }, parents)).toBe(200);
  });

  it('gives explicit rows precedence over the classification', () => {
    expect(resolveRows(languages, { scale: 3, rows: { 'public.languages': 9 } })).toBe(9);
  });
});
