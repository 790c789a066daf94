import { describe, expect, it } from 'vitest';
import { createParentMapping, type ParentChoice } from '../../../src/generate/rows/parent-mapping.js';
import { summarizeCounts } from '../../../src/profile/measure/relations.js';
import { rankedSharesAt, rankedSharesDistance } from '../../../src/tasks/parent-shares.js';
import type { CardinalityStats, DatasetTask, RelationTask } from '../../../src/tasks/types.js';
import { compareProfiles } from '../../../src/validate/compare.js';
import { profileOf } from './shop-profile.js';

/** Every order in one of six warehouses, one of them shipping nearly three in four. */
const WAREHOUSE_ORDERS = [14_354, 2025, 1634, 1027, 585, 375];
const total = WAREHOUSE_ORDERS.reduce((sum, count) => sum + count, 0);

function childCounts(parents: number, children: number, cardinality: CardinalityStats): number[] {
  const mapping = createParentMapping(parents, children, 99, cardinality);
  const counts = new Array<number>(parents).fill(0);
  const choice: ParentChoice = { parent: 0, ordinal: 0, position: 0, block: 0 };
  for (let index = 0; index < children; index++) counts[mapping.choose(index, choice).parent]!++;
  return counts.sort((a, b) => b - a);
}

describe('parent shares', () => {
  it('are measured, ranked, for a parent table counted whole under 50 rows, and only then', () => {
    const stats = summarizeCounts(WAREHOUSE_ORDERS, 0, true);
    expect(stats.parent_shares).toEqual([0.7177, 0.1013, 0.0817, 0.0514, 0.0293, 0.0188]);
    expect(summarizeCounts(WAREHOUSE_ORDERS, 0, false).parent_shares).toBeUndefined();
    const many = Array.from({ length: 50 }, (_, i) => i);
    expect(summarizeCounts(many, 0, true).parent_shares).toBeUndefined();
  });

  it('are followed by the generator: the same ranked counts, and stretched over more parents at a scale', () => {
    const cardinality = summarizeCounts(WAREHOUSE_ORDERS, 0, true);
    const counts = childCounts(6, total, cardinality);
    // Shares are kept to 4 decimals (and read as parts of their sum): within 0.0002 of the measured ones.
    for (const [rank, count] of counts.entries())
      expect(Math.abs(count - WAREHOUSE_ORDERS[rank]!) / total).toBeLessThanOrEqual(0.0002);
    const scaled = childCounts(18, total * 3, cardinality);
    expect(scaled.slice(0, 3).reduce((sum, count) => sum + count, 0) / (total * 3)).toBeCloseTo(0.7177, 3);
    const scaledShares = scaled.map((count) => count / (total * 3));
    expect(rankedSharesDistance(cardinality.parent_shares!, scaledShares)).toBeLessThan(0.001);
  });

  it('are compared rank against rank (total variation), at the longer length when lengths differ', () => {
    expect(rankedSharesDistance([0.7, 0.2, 0.1], [0.7, 0.2, 0.1])).toBe(0);
    expect(rankedSharesDistance([0.7, 0.2, 0.1], [1 / 3, 1 / 3, 1 / 3])).toBeCloseTo(0.3667, 4);
    for (const share of rankedSharesAt(6, [0.5, 0.5])) expect(share).toBeCloseTo(1 / 6, 12);
  });

  it('are a metric of compareProfiles for relations that carry them on both sides', () => {
    const relation = (shares: number[]): RelationTask => ({
      from: { dataset: 'orders', fields: ['warehouse_id'] },
      to: { dataset: 'warehouses', fields: ['id'] },
      declared: true,
      cardinality: { ...summarizeCounts(WAREHOUSE_ORDERS, 0, true), parent_shares: shares },
    });
    const orders = (shares: number[]): DatasetTask => ({
      version: 1,
      dataset: {
        source: 'shop',
        name: 'orders',
        local: 'orders',
        kind: 'table',
        writable: true,
        rows: total,
      },
      sampling: { method: 'full', rows: total, seed: 1 },
      fields: [],
      keys: { unique: [] },
      checks: [],
      indexes: [],
      relations: [relation(shares)],
      rules: [],
    });
    const even = Array.from({ length: 6 }, () => 1 / 6);
    const comparison = compareProfiles(
      profileOf([orders([0.7177, 0.1013, 0.0817, 0.0514, 0.0293, 0.0188])]),
      profileOf([orders(even)]),
    );
    const metric = comparison.metrics.find((candidate) => candidate.metric === 'parent-shares')!;
    expect(metric.subject).toBe('warehouse_id -> warehouses(id)');
    expect(metric.value).toBeCloseTo(0.551, 3);
    expect(metric.ok).toBe(false);
  });
});
