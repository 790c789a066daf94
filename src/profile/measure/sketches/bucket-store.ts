/**
 * Counts per integer bucket key over a dense, bounded array: the store behind the relative-error quantile
 * sketch. When the keys span more than `maxBuckets`, the lowest buckets are folded into the lowest kept one
 * (DDSketch's "collapsing lowest" store), so memory stays bounded and only the smallest magnitudes lose
 * accuracy.
 */
export class BucketStore {
  private counts = new Float64Array(0);
  /** Key of `counts[0]`. */
  private offset = 0;
  private lowKey = 0;
  private highKey = -1;
  private sum = 0;

  constructor(private readonly maxBuckets: number) {}

  /** Total weight stored. */
  get total(): number {
    return this.sum;
  }

  /** Adds `weight` to bucket `key`. */
  add(key: number, weight = 1): void {
    if (this.sum === 0 && this.highKey < this.lowKey) {
      this.lowKey = key;
      this.highKey = key;
      this.reserve(key, key);
    } else if (key < this.lowKey || key > this.highKey) {
      this.extend(key);
    }
    // Keys below the kept range were collapsed into its lowest bucket.
    const slot = Math.max(key, this.lowKey) - this.offset;
    this.counts[slot]! += weight;
    this.sum += weight;
  }

  /** Adds every bucket of `other`. */
  merge(other: BucketStore): void {
    other.forEachAscending((key, count) => this.add(key, count));
  }

  /** Visits non-empty buckets by ascending key. */
  forEachAscending(visit: (key: number, count: number) => void): void {
    for (let key = this.lowKey; key <= this.highKey; key++) {
      const count = this.counts[key - this.offset]!;
      if (count > 0) visit(key, count);
    }
  }

  /** Visits non-empty buckets by descending key. */
  forEachDescending(visit: (key: number, count: number) => void): void {
    for (let key = this.highKey; key >= this.lowKey; key--) {
      const count = this.counts[key - this.offset]!;
      if (count > 0) visit(key, count);
    }
  }

  /** The key of the bucket holding the value of 0-based rank `rank`, counting from the lowest key. */
  keyAtRank(rank: number): number {
    let running = 0;
    for (let key = this.lowKey; key <= this.highKey; key++) {
      running += this.counts[key - this.offset]!;
      if (running > rank) return key;
    }
    return this.highKey;
  }

  /** Widens the key range to include `key`, collapsing the lowest buckets past `maxBuckets`. */
  private extend(key: number): void {
    const high = Math.max(key, this.highKey);
    let low = Math.min(key, this.lowKey);
    if (high - low + 1 > this.maxBuckets) {
      low = high - this.maxBuckets + 1;
      let folded = 0;
      for (let old = this.lowKey; old < low && old <= this.highKey; old++) {
        const slot = old - this.offset;
        folded += this.counts[slot]!;
        this.counts[slot] = 0;
      }
      this.reserve(low, high);
      this.counts[low - this.offset]! += folded;
    } else {
      this.reserve(low, high);
    }
    this.lowKey = low;
    this.highKey = high;
  }

  /** Makes `counts` cover keys low..high, moving existing counts; grows geometrically up to `maxBuckets`. */
  private reserve(low: number, high: number): void {
    const length = this.counts.length;
    if (low >= this.offset && high < this.offset + length) return;
    const needed = high - low + 1;
    const size = Math.min(this.maxBuckets, Math.max(needed, 2 * length, 32));
    const counts = new Float64Array(size);
    // Leave the spare room on the side the range is growing towards.
    const offset = high >= this.offset + length ? low : high - size + 1;
    for (let key = Math.max(this.lowKey, low); key <= Math.min(this.highKey, high); key++) {
      counts[key - offset] = this.counts[key - this.offset] ?? 0;
    }
    this.counts = counts;
    this.offset = offset;
  }
}
