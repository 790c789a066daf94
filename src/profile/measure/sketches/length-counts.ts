/**
 * The lengths of a field's values (or its arrays' element counts) for a quantile sketch. Short lengths, most
 * of them, are counted in an array and given to the sketch once, each with its count, when the sketch is
 * asked for: a sketch measured from zero (the default origin) holds the same whatever order its values came
 * in, so it is the sketch that adding every length would have made, at the cost of an increment per value.
 */
import { QuantileSketch } from './quantile-sketch.js';

/** Lengths below this are counted; longer ones go to the sketch as they come. */
const COUNTED = 512;

export class LengthCounts {
  private readonly counts = new Float64Array(COUNTED);
  private readonly lengths = new QuantileSketch();
  private added = 0;

  add(length: number): void {
    this.added++;
    if (length < COUNTED) this.counts[length]!++;
    else this.lengths.add(length);
  }

  /** Lengths added so far. */
  get count(): number {
    return this.added;
  }

  /** The sketch of every length added (the counts move into it). */
  sketch(): QuantileSketch {
    for (let length = 0; length < COUNTED; length++) {
      const times = this.counts[length]!;
      if (times === 0) continue;
      this.lengths.addRepeated(length, times);
      this.counts[length] = 0;
    }
    return this.lengths;
  }
}
