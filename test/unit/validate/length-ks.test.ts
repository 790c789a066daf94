import { describe, expect, it } from 'vitest';
import { lengthKsBound } from '../../../src/validate/distributions.js';

describe('length KS between quantile summaries of whole-number lengths', () => {
  it('is zero when one distribution fits both (a p50 on either side of a tie)', () => {
    const expected = { min: 15, p5: 15, p50: 16, p95: 16, max: 16 };
    const actual = { min: 15, p5: 15, p50: 15, p95: 16, max: 16 };
    expect(lengthKsBound(expected, actual)).toBe(0);
  });

  it('measures what the quantiles imply', () => {
    // All 5 against all 6: every value differs.
    expect(lengthKsBound({ min: 5, p50: 5, max: 5 }, { min: 6, p50: 6, max: 6 })).toBe(1);
    // At least 5% of one side is longer than 5; none of the other is.
    const mixed = { min: 5, p5: 5, p50: 5, p95: 7, max: 7 };
    expect(lengthKsBound(mixed, { min: 5, p5: 5, p50: 5, p95: 5, max: 5 })).toBeCloseTo(0.05, 10);
    // Half of one side is at most 10 long; nothing on the other side is shorter than 18.
    expect(
      lengthKsBound(
        { min: 5, p5: 6, p50: 10, p95: 30, max: 40 },
        { min: 18, p5: 20, p50: 25, p95: 30, max: 40 },
      ),
    ).toBeCloseTo(0.5, 10);
  });
});
