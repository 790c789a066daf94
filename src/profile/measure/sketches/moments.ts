/**
 * Streaming count, mean, variance, minimum and maximum: Welford's update per value, Chan et al.'s pairwise
 * combination for merge, so that the moments of merged parts equal the moments of the whole (up to rounding).
 */
export class Moments {
  private n = 0;
  private average = 0;
  /** Sum of squared deviations from the mean. */
  private squares = 0;
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;

  /** Adds `x`; NaN and ±Infinity are ignored (they have no finite moments). */
  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.n++;
    const delta = x - this.average;
    this.average += delta / this.n;
    this.squares += delta * (x - this.average);
    if (x < this.low) this.low = x;
    if (x > this.high) this.high = x;
  }

  /** Adds every value `o` saw. */
  merge(o: Moments): void {
    if (o.n === 0) return;
    if (this.n === 0) {
      this.n = o.n;
      this.average = o.average;
      this.squares = o.squares;
      this.low = o.low;
      this.high = o.high;
      return;
    }
    const n = this.n + o.n;
    const delta = o.average - this.average;
    this.average += (delta * o.n) / n;
    this.squares += o.squares + (delta * delta * this.n * o.n) / n;
    this.n = n;
    if (o.low < this.low) this.low = o.low;
    if (o.high > this.high) this.high = o.high;
  }

  /** Finite values added. */
  get count(): number {
    return this.n;
  }

  /** Mean; NaN when empty. */
  get mean(): number {
    return this.n === 0 ? Number.NaN : this.average;
  }

  /** Population variance (divides by n); NaN when empty. */
  get variance(): number {
    return this.n === 0 ? Number.NaN : this.squares / this.n;
  }

  /** Sample variance (divides by n - 1); NaN below two values. */
  get sampleVariance(): number {
    return this.n < 2 ? Number.NaN : this.squares / (this.n - 1);
  }

  /** Population standard deviation; NaN when empty. */
  get stddev(): number {
    return Math.sqrt(this.variance);
  }

  /** Smallest value; NaN when empty. */
  get min(): number {
    return this.n === 0 ? Number.NaN : this.low;
  }

  /** Largest value; NaN when empty. */
  get max(): number {
    return this.n === 0 ? Number.NaN : this.high;
  }
}
