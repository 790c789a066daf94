/**
 * Exact counts of small whole numbers (array lengths, keys per map document): their distribution as
 * quantiles and as the most common values. Memory grows with the distinct lengths seen, never with the
 * number of values.
 */

export interface LengthDistribution {
  readonly count: number;
  readonly min: number;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** Each length seen with its share, shortest first (at most `MAX_LISTED` lengths; absent beyond). */
  readonly shares?: readonly (readonly [number, number])[];
}

const MAX_LISTED = 20;

export class LengthCounter {
  private readonly counts = new Map<number, number>();
  private total = 0;

  add(length: number, times = 1): void {
    this.counts.set(length, (this.counts.get(length) ?? 0) + times);
    this.total += times;
  }

  /** Adds every count of `other`. */
  merge(other: LengthCounter): void {
    for (const [length, count] of other.counts) this.add(length, count);
  }

  get count(): number {
    return this.total;
  }

  /** The distribution, or undefined when nothing was counted. */
  describe(): LengthDistribution | undefined {
    if (this.total === 0) return undefined;
    const sorted = [...this.counts].sort((a, b) => a[0] - b[0]);
    const at = (q: number): number => {
      const rank = q * (this.total - 1);
      let seen = 0;
      for (const [length, count] of sorted) {
        seen += count;
        if (seen > rank) return length;
      }
      return sorted.at(-1)?.[0] ?? 0;
    };
    const round = (share: number) => Math.round(share * 10_000) / 10_000;
    return {
      count: this.total,
      min: sorted[0]?.[0] ?? 0,
      p5: at(0.05),
      p50: at(0.5),
      p95: at(0.95),
      max: sorted.at(-1)?.[0] ?? 0,
      ...(sorted.length <= MAX_LISTED
        ? { shares: sorted.map(([length, count]) => [length, round(count / this.total)] as const) }
        : {}),
    };
  }
}
