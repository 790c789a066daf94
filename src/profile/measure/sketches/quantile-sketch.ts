/**
 * Mergeable quantiles with bounded memory. Values are kept exactly up to `exactLimit` (so small samples give
 * exact, interpolated quantiles); past it the sketch switches to relative-error buckets (DDSketch, Masson et
 * al. 2019): each value lands in the bucket (γ^(k-1), γ^k] of its magnitude, with separate stores for positive
 * and negative values and a counter for zeros, so any quantile is within `relativeAccuracy` of a true value.
 *
 * Written here rather than using @datadog/sketches-js: the algorithm is small, and owning it lets the exact
 * phase, the bounded (collapsing) stores, the ±Infinity accounting and the weighted points that `ksDistance`
 * walks live in one class, without the package's protobuf dependency.
 */
import { BucketStore } from './bucket-store.js';

export interface QuantileSketchOptions {
  /** Keep exact values up to this many (default 4096). */
  readonly exactLimit?: number;
  /** Relative accuracy of the bucketed phase (default 0.01). */
  readonly relativeAccuracy?: number;
  /** Buckets per sign before the smallest magnitudes collapse (default 2048). */
  readonly maxBuckets?: number;
  /**
   * The point relative errors are measured from (default 0). Values on a line whose zero means nothing
   * (epoch times: dates of birth cluster around 1970) take an origin far below them, so that buckets are
   * about equally wide over their range instead of collapsing near the zero. `median` takes the median of
   * the exact phase when the buckets start: years (1990..2024) or latitudes (52.3..52.7) are then resolved
   * to a share of their spread, where 1% of their magnitude would lump them into one or two buckets.
   */
  readonly origin?: number | 'median';
}

/** Finite values in ascending order with their weights. */
export interface WeightedPoints {
  readonly values: Float64Array;
  readonly weights: Float64Array;
}

/**
 * With a median origin, distances below this share of the exact phase's spread count as the median itself:
 * finer than any accuracy the buckets offer there, and it keeps the key range from stretching down towards
 * ever smaller distances (each stretch of a full store reallocates it).
 */
const MEDIAN_FLOOR = 1e-5;

/** Whole magnitudes below this have their bucket key precomputed. */
const SMALL_KEYS = 4096;
const smallKeyTables = new Map<number, Int32Array>();

/** The bucket keys of 0..SMALL_KEYS-1 for one γ (index 0 is unused: zero has no bucket). */
function smallKeyTable(logGamma: number): Int32Array {
  let table = smallKeyTables.get(logGamma);
  if (table === undefined) {
    table = new Int32Array(SMALL_KEYS);
    for (let magnitude = 1; magnitude < SMALL_KEYS; magnitude++)
      table[magnitude] = Math.ceil(Math.log(magnitude) / logGamma);
    smallKeyTables.set(logGamma, table);
  }
  return table;
}

export class QuantileSketch {
  readonly exactLimit: number;
  readonly relativeAccuracy: number;
  private readonly medianOrigin: boolean;
  /**
   * The origin, and distances from it below which values count as the origin itself (see MEDIAN_FLOOR). Both
   * start as doubles (NaN, set in the constructor): a median's fractions do not then change the class's
   * shape when the buckets start, which would deoptimize every caller compiled in the exact phase.
   */
  private originValue = Number.NaN;
  private floor = Number.NaN;
  private readonly maxBuckets: number;
  private readonly gamma: number;
  private readonly logGamma: number;

  /** Exact values while in the exact phase; null once bucketed. */
  private exact: Float64Array | null;
  private exactCount = 0;
  private sorted = true;
  private positive: BucketStore | null = null;
  private negative: BucketStore | null = null;
  private zeros = 0;
  /** Bucket keys of the whole magnitudes below SMALL_KEYS, shared by all sketches of the same accuracy. */
  private smallKeys: Int32Array | null = null;
  /**
   * The key of the last magnitude bucketed by its logarithm, and, once a second magnitude in a row fell in that
   * bucket, the magnitudes safely inside it (see `bucketKey`); an empty range otherwise. Keys are small
   * integers (see `bucketKey`), this one too from the start: 0, so that a first magnitude of key 0 starts its
   * run at once (the same keys either way).
   */
  private runKey = 0;
  private runLow = Number.POSITIVE_INFINITY;
  private runHigh = Number.NEGATIVE_INFINITY;

  private finite = 0;
  private positiveInfinite = 0;
  private negativeInfinite = 0;
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;

  constructor(options: QuantileSketchOptions = {}) {
    const { exactLimit = 4096, relativeAccuracy = 0.01, maxBuckets = 2048, origin = 0 } = options;
    if (!Number.isInteger(exactLimit) || exactLimit < 0) {
      throw new RangeError('QuantileSketch exactLimit must be a non-negative integer.');
    }
    if (!(relativeAccuracy >= 1e-6 && relativeAccuracy < 1)) {
      throw new RangeError('QuantileSketch relativeAccuracy must be between 1e-6 and 1.');
    }
    this.exactLimit = exactLimit;
    this.relativeAccuracy = relativeAccuracy;
    this.medianOrigin = origin === 'median';
    this.originValue = origin === 'median' ? 0 : origin;
    this.floor = 0;
    this.maxBuckets = Math.max(16, Math.floor(maxBuckets));
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
    this.exact = exactLimit > 0 ? new Float64Array(Math.min(64, exactLimit)) : null;
    if (this.exact === null) this.startBuckets();
  }

  /** A sketch that crossed threads: a structured clone keeps its fields, not its class. */
  static revive(clone: QuantileSketch): QuantileSketch {
    const sketch = Object.setPrototypeOf(clone, QuantileSketch.prototype) as QuantileSketch;
    for (const store of [sketch.positive, sketch.negative])
      if (store !== null) Object.setPrototypeOf(store, BucketStore.prototype);
    return sketch;
  }

  /** The point relative errors are measured from (fixed once the buckets start). */
  get origin(): number {
    return this.originValue;
  }

  /** Values added, including ±Infinity (NaN is ignored). */
  get count(): number {
    return this.finite + this.positiveInfinite + this.negativeInfinite;
  }

  /** Finite values added: the population quantiles describe. */
  get finiteCount(): number {
    return this.finite;
  }

  /** +Infinity values added (counted, kept out of quantiles). */
  get positiveInfinities(): number {
    return this.positiveInfinite;
  }

  /** -Infinity values added (counted, kept out of quantiles). */
  get negativeInfinities(): number {
    return this.negativeInfinite;
  }

  /** Smallest finite value; NaN when there is none. */
  get min(): number {
    return this.finite === 0 ? Number.NaN : this.low;
  }

  /** Largest finite value; NaN when there is none. */
  get max(): number {
    return this.finite === 0 ? Number.NaN : this.high;
  }

  /** True while every value is still kept exactly. */
  get isExact(): boolean {
    return this.exact !== null;
  }

  /** Adds `value`: NaN is ignored, ±Infinity only counted. */
  add(value: number): void {
    if (Number.isNaN(value)) return;
    if (value === Number.POSITIVE_INFINITY) {
      this.positiveInfinite++;
      return;
    }
    if (value === Number.NEGATIVE_INFINITY) {
      this.negativeInfinite++;
      return;
    }
    this.finite++;
    if (value < this.low) this.low = value;
    if (value > this.high) this.high = value;
    if (this.exact !== null) {
      if (this.exactCount < this.exactLimit) {
        this.pushExact(value);
        return;
      }
      this.startBuckets();
    }
    this.addToBuckets(value, 1);
  }

  /** Adds `value` `times` times (a whole number): the same sketch as that many calls of `add`. */
  addRepeated(value: number, times: number): void {
    if (times <= 0 || Number.isNaN(value)) return;
    if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) {
      for (let i = 0; i < times; i++) this.add(value);
      return;
    }
    this.finite += times;
    if (value < this.low) this.low = value;
    if (value > this.high) this.high = value;
    let left = times;
    if (this.exact !== null) {
      while (left > 0 && this.exactCount < this.exactLimit) {
        this.pushExact(value);
        left--;
      }
      if (left === 0) return;
      this.startBuckets();
    }
    this.addToBuckets(value, left);
  }

  /**
   * Adds everything `other` saw. A bucketed `other` needs the same relative accuracy and, unless this sketch is
   * still exact (it then takes `other`'s origin), the same origin.
   */
  merge(other: QuantileSketch): void {
    if (other.count === 0) return;
    if (other.exact === null && other.finite > 0) {
      const origin = this.exact !== null ? other.origin : this.origin;
      if (other.relativeAccuracy !== this.relativeAccuracy || other.origin !== origin) {
        throw new RangeError(
          `Cannot merge quantile sketches of relative accuracy ${other.relativeAccuracy} and ${this.relativeAccuracy} (origins ${other.origin} and ${origin}).`,
        );
      }
    }
    this.positiveInfinite += other.positiveInfinite;
    this.negativeInfinite += other.negativeInfinite;
    if (other.finite === 0) return;
    this.finite += other.finite;
    if (other.low < this.low) this.low = other.low;
    if (other.high > this.high) this.high = other.high;
    if (other.exact !== null) {
      for (let i = 0; i < other.exactCount; i++) {
        const value = other.exact[i]!;
        if (this.exact !== null && this.exactCount < this.exactLimit) this.pushExact(value);
        else {
          if (this.exact !== null) this.startBuckets();
          this.addToBuckets(value, 1);
        }
      }
      return;
    }
    if (this.exact !== null) this.startBuckets(other.origin);
    this.positive!.merge(other.positive!);
    this.negative!.merge(other.negative!);
    this.zeros += other.zeros;
  }

  /**
   * The q-quantile (q in [0, 1]) of the finite values: exact with linear interpolation while exact, within
   * the relative accuracy once bucketed (possibly just outside [min, max]); q = 0 and q = 1 give the true
   * minimum and maximum. NaN when empty.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`A quantile must be between 0 and 1, not ${q}.`);
    if (this.finite === 0) return Number.NaN;
    if (q === 0) return this.low;
    if (q === 1) return this.high;
    const rank = q * (this.finite - 1);
    if (this.exact !== null) {
      const values = this.sortedExact();
      const below = Math.floor(rank);
      const fraction = rank - below;
      const lower = values[below]!;
      return fraction === 0 ? lower : lower + (values[below + 1]! - lower) * fraction;
    }
    const negatives = this.negative!.total;
    // Bucket values are not clamped to [min, max]: clamping would hand out the true extreme (an outlier) as
    // a tail quantile. They are within the relative accuracy of a true value either way.
    let value: number;
    if (rank < negatives) value = -this.bucketValue(this.negative!.keyAtRank(negatives - 1 - rank));
    else if (rank < negatives + this.zeros) value = 0;
    else value = this.bucketValue(this.positive!.keyAtRank(rank - negatives - this.zeros));
    return value + this.origin;
  }

  /** Share of finite values at or below `x` (0 when empty). */
  cdf(x: number): number {
    if (this.finite === 0) return 0;
    const { values, weights } = this.weightedPoints();
    let below = 0;
    for (let i = 0; i < values.length && values[i]! <= x; i++) below += weights[i]!;
    return below / this.finite;
  }

  /**
   * The finite values in ascending order with weights: each exact value with weight 1, or each bucket's
   * representative value with its count.
   */
  weightedPoints(): WeightedPoints {
    if (this.exact !== null) {
      const values = this.sortedExact().slice();
      return { values, weights: new Float64Array(values.length).fill(1) };
    }
    const values: number[] = [];
    const weights: number[] = [];
    const push = (value: number, weight: number) => {
      values.push(value);
      weights.push(weight);
    };
    this.negative!.forEachDescending((key, count) => push(this.origin - this.bucketValue(key), count));
    if (this.zeros > 0) push(this.origin, this.zeros);
    this.positive!.forEachAscending((key, count) => push(this.origin + this.bucketValue(key), count));
    return { values: Float64Array.from(values), weights: Float64Array.from(weights) };
  }

  private pushExact(value: number): void {
    let exact = this.exact!;
    if (this.exactCount === exact.length) {
      const grown = new Float64Array(Math.min(this.exactLimit, exact.length * 2));
      grown.set(exact);
      this.exact = exact = grown;
    }
    if (this.sorted && this.exactCount > 0 && value < exact[this.exactCount - 1]!) this.sorted = false;
    exact[this.exactCount++] = value;
  }

  private sortedExact(): Float64Array {
    const values = this.exact!.subarray(0, this.exactCount);
    if (!this.sorted) {
      values.sort();
      this.sorted = true;
    }
    return values;
  }

  /** Leaves the exact phase: moves kept values into buckets (measured from `origin` when given). */
  private startBuckets(origin?: number): void {
    if (origin !== undefined) this.originValue = origin;
    else if (this.medianOrigin && this.exactCount > 0) {
      const sorted = this.sortedExact();
      this.originValue = sorted[Math.floor((sorted.length - 1) / 2)]!;
      this.floor = (sorted[sorted.length - 1]! - sorted[0]!) * MEDIAN_FLOOR;
    }
    this.positive = new BucketStore(this.maxBuckets);
    this.negative = new BucketStore(this.maxBuckets);
    const exact = this.exact;
    const count = this.exactCount;
    this.exact = null;
    this.exactCount = 0;
    if (exact !== null) for (let i = 0; i < count; i++) this.addToBuckets(exact[i]!, 1);
  }

  private addToBuckets(original: number, weight: number): void {
    const value = original - this.origin;
    if (value > this.floor) this.positive!.add(this.bucketKey(value), weight);
    else if (value < -this.floor) this.negative!.add(this.bucketKey(-value), weight);
    else this.zeros += weight;
  }

  private bucketKey(magnitude: number): number {
    // Small whole magnitudes (lengths, ages, counts) are looked up: the same key without a logarithm each time.
    if (magnitude < SMALL_KEYS && (magnitude | 0) === magnitude) {
      if (this.smallKeys === null) this.smallKeys = smallKeyTable(this.logGamma);
      return this.smallKeys[magnitude]!;
    }
    // A run of near magnitudes (keys in order, times as they happened) takes its key without a logarithm
    // each: the run's range stays 1e-9 inside its bucket, far beyond the rounding of Math.log and Math.exp,
    // so a magnitude at an edge still gets the key of its logarithm.
    if (magnitude > this.runLow && magnitude < this.runHigh) return this.runKey;
    // A small integer, never -0 (a key is stored and compared as one everywhere).
    const key = Math.ceil(Math.log(magnitude) / this.logGamma) | 0;
    if (key === this.runKey) {
      this.runLow = Math.exp((key - 1) * this.logGamma) * (1 + 1e-9);
      this.runHigh = Math.exp(key * this.logGamma) * (1 - 1e-9);
    } else {
      this.runKey = key;
      this.runLow = Number.POSITIVE_INFINITY;
      this.runHigh = Number.NEGATIVE_INFINITY;
    }
    return key;
  }

  /** The value a bucket stands for: within the relative accuracy of everything in it. */
  private bucketValue(key: number): number {
    return (2 * Math.exp(key * this.logGamma)) / (1 + this.gamma);
  }
}
