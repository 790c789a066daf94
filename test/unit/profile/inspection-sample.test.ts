import { describe, expect, it } from 'vitest';
import { InspectionSample } from '../../../src/profile/measure/accumulators/inspection-sample.js';

function drainAfter(count: number, seed = 7): string[] {
  const sample = new InspectionSample(seed);
  for (let i = 0; i < count; i++) sample.offer(String(i));
  return sample.drain();
}

describe('InspectionSample', () => {
  it('keeps the first 2,000 values and then every eighth while they fit', () => {
    const expected: string[] = [];
    for (let i = 0; i < 30_000; i++) if (i < 2000 || (i - 2000) % 8 === 0) expected.push(String(i));
    expect(drainAfter(30_000)).toEqual(expected);
  });

  it('keeps a bounded, seeded, uniform sample of a long stream, in read order', () => {
    const kept = drainAfter(1_000_000).map(Number);
    expect(kept).toHaveLength(6144);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(drainAfter(1_000_000).map(Number)).toEqual(kept);
    expect(drainAfter(1_000_000, 8).map(Number)).not.toEqual(kept);
    // Uniform over the candidates: about half of them lie in the second half of the stream.
    const late = kept.filter((index) => index >= 500_000).length / kept.length;
    expect(late).toBeGreaterThan(0.45);
    expect(late).toBeLessThan(0.55);
  });

  it('keeps no more than the start of a long value, detached from its source', () => {
    const sample = new InspectionSample(1);
    sample.offer('x'.repeat(10_000));
    expect(sample.drain()[0]).toHaveLength(257);
  });
});
