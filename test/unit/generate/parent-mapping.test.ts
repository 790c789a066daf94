import { describe, expect, it } from 'vitest';
import { createParentMapping, type ParentChoice } from '../../../src/generate/rows/parent-mapping.js';
import { summarizeCounts } from '../../../src/profile/measure/relations.js';
import type { CardinalityStats } from '../../../src/tasks/types.js';

/** Children per parent and null children when `children` rows are mapped onto `parents` parents. */
function mapChildren(parents: number, children: number, cardinality: CardinalityStats, nullShare = 0) {
  const mapping = createParentMapping(parents, children, 12345, cardinality, nullShare);
  const counts = new Array<number>(parents).fill(0);
  const ordinals = new Map<number, Set<number>>();
  const choice: ParentChoice = { parent: 0, ordinal: 0, position: 0, block: 0 };
  let nulls = 0;
  for (let index = 0; index < children; index++) {
    mapping.choose(index, choice);
    if (choice.parent < 0) {
      nulls++;
      continue;
    }
    counts[choice.parent]!++;
    const seen = ordinals.get(choice.parent) ?? new Set<number>();
    seen.add(choice.ordinal);
    ordinals.set(choice.parent, seen);
  }
  return { counts, nulls, ordinals };
}

function shareOf(counts: readonly number[], value: number): number {
  return counts.filter((count) => count === value).length / counts.length;
}

describe('parent mapping', () => {
  // Measured on a skewed source: 30% childless, many ones and twos, a tail up to 80.
  const source = Array.from({ length: 10_000 }, (_, i) =>
    i % 10 < 3 ? 0 : i % 10 < 6 ? 1 : i % 10 < 8 ? 2 : i % 10 === 8 ? 5 : 60 + (i % 21),
  );
  const cardinality = summarizeCounts(source, 0);

  it('reproduces exact small counts and the childless share of the measured histogram', () => {
    const total = source.reduce((sum, count) => sum + count, 0);
    const { counts } = mapChildren(source.length, total, cardinality);
    for (const value of [0, 1, 2, 5])
      expect(Math.abs(shareOf(counts, value) - shareOf(source, value))).toBeLessThan(0.02);
    expect(counts.filter((count) => count > 50).length / counts.length).toBeGreaterThan(0.08);
  });

  it('nulls an exact share of the children and still fills the parents as measured', () => {
    const total = source.reduce((sum, count) => sum + count, 0);
    const withNulls = Math.round(total / 0.75);
    const { counts, nulls, ordinals } = mapChildren(source.length, withNulls, cardinality, 0.25);
    expect(nulls).toBe(Math.round(withNulls * 0.25));
    expect(Math.abs(shareOf(counts, 0) - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(shareOf(counts, 1) - 0.3)).toBeLessThan(0.02);
    // Ordinals stay distinct within each parent.
    for (const [parent, seen] of ordinals) expect(seen.size).toBe(counts[parent]);
  });

  it('reads a histogram without zero bins as childless share first, then at least one child', () => {
    const stats: CardinalityStats = {
      childless: 0.5,
      null_share: 0,
      p50: 1,
      p95: 3,
      max: 3,
      histogram: [
        [1, 1, 0.5],
        [3, 3, 0.5],
      ],
    };
    const { counts } = mapChildren(4000, 4000, stats);
    expect(Math.abs(shareOf(counts, 0) - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(shareOf(counts, 1) - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(shareOf(counts, 3) - 0.25)).toBeLessThan(0.03);
  });

  it('keeps the measured shares over a few hundred parents (stratified, not one free draw each)', () => {
    const perOrder: CardinalityStats = {
      childless: 0,
      null_share: 0,
      p50: 3,
      p95: 5,
      max: 5,
      histogram: [
        [2, 2, 0.3],
        [3, 3, 0.35],
        [4, 4, 0.2],
        [5, 5, 0.15],
      ],
    };
    // 300 free draws would miss a share by about 0.026 (one standard deviation); strata miss by rounding only.
    const { counts } = mapChildren(300, 960, perOrder);
    for (const [count, , share] of perOrder.histogram!)
      expect(Math.abs(shareOf(counts, Number(count)) - share), `count ${count}`).toBeLessThanOrEqual(0.01);
  });

  it('maps row indexes below the run (probed by respect-existing) like their wrapped index', () => {
    for (const nullShare of [0, 0.2]) {
      const mapping = createParentMapping(50, 200, 7, cardinality, nullShare);
      for (const index of [-1, -77, -200, -401]) {
        const below = { ...mapping.choose(index, { parent: 0, ordinal: 0, position: 0, block: 0 }) };
        const wrapped = mapping.choose((index % 200) + 200 * (index % 200 === 0 ? 0 : 1), {
          parent: 0,
          ordinal: 0,
          position: 0,
          block: 0,
        });
        expect(below).toEqual(wrapped);
        expect(below.parent).toBeLessThan(50);
      }
    }
  });
});

describe('children-per-parent summary', () => {
  it('keeps small counts as unit bins and the tail as coarse bins up to p99.9', () => {
    const counts = [
      ...Array.from({ length: 900 }, (_, i) => i % 4),
      ...Array.from({ length: 100 }, (_, i) => 100 + i),
      5000,
    ];
    const stats = summarizeCounts(counts, 0);
    expect(stats.histogram.slice(0, 4)).toEqual([
      [0, 0, 0.2248],
      [1, 1, 0.2248],
      [2, 2, 0.2248],
      [3, 3, 0.2248],
    ]);
    const tail = stats.histogram.slice(4);
    expect(tail.length).toBeGreaterThan(1);
    expect(tail.every(([low]) => Number(low) >= 100)).toBe(true);
    expect(tail.reduce((sum, bin) => sum + bin[2], 0)).toBeCloseTo(101 / 1001, 3);
    // The outer edge is the p99.9 quantile, not the largest count.
    expect(Number(tail.at(-1)![1])).toBe(stats.max);
    expect(stats.max).toBeLessThan(5000);
  });
});
