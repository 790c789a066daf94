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

  it('gives explicit rows precedence over the classification', () => {
    expect(resolveRows(languages, { scale: 3, rows: { 'public.languages': 9 } })).toBe(9);
  });
});
