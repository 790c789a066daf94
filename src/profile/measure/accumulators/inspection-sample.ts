/**
 * Which string values get the expensive per-value inspections (pattern, semantic type, character classes,
 * case style, email parts). The candidates are the first values and then every n-th one; a seeded reservoir
 * keeps a bounded number of them, inspected in read order when the field is finished. Up to about 35,000
 * values this is exactly "the first 2,000 and then every eighth" (what a sampled profile always saw); on a
 * full scan of a large table the inspections cost a bounded amount and see a uniform sample of those
 * candidates instead of all of them, while counts, distinct values, lengths and heavy hitters still see every
 * value.
 */
import { detachText } from '../../../shared/detach-text.js';
import { createSequence } from '../../../shared/random.js';

/** The first values are all candidates. */
const INSPECT_ALL_FIRST = 2000;
/** After those, every n-th value is a candidate. */
const INSPECT_EVERY = 8;
/** Candidates kept at most. */
const RESERVOIR = 6144;
/**
 * A kept value longer than this is kept as its first characters: the pattern does not shape values past 256
 * characters (it only counts them), and the reservoir's memory stays bounded whatever the text.
 */
const KEPT_LENGTH = 257;

export class InspectionSample {
  private seen = 0;
  private candidates = 0;
  private readonly kept: string[] = [];
  /** Candidate number of each kept value, to inspect them in read order. */
  private readonly order: number[] = [];
  private readonly random: () => number;
  /**
   * Algorithm L's state: the running weight (a fraction; NaN until the reservoir is full, a double from the
   * start so that setting it does not change the class's shape and deoptimize its callers) and the candidate
   * number of the next value to keep.
   */
  private weight = Number.NaN;
  private next = 0;
  /** Slot of the value `wants` asked for; -1 when none. */
  private slot = -1;

  constructor(seed: number) {
    this.random = createSequence(seed);
  }

  /** Counts a value and may keep it for inspection. */
  offer(value: string): void {
    if (this.wants()) this.take(value);
  }

  /** Counts a value; true when it is to be kept, which `take` then does (its text is needed only then). */
  wants(): boolean {
    const index = this.seen++;
    this.slot = -1;
    if (index >= INSPECT_ALL_FIRST && (index - INSPECT_ALL_FIRST) % INSPECT_EVERY !== 0) return false;
    const candidate = this.candidates++;
    if (candidate < RESERVOIR) {
      this.slot = this.kept.length;
      if (candidate === RESERVOIR - 1) {
        this.weight = Math.exp(Math.log(this.nonZeroRandom()) / RESERVOIR);
        this.skip(candidate);
      }
    } else if (candidate === this.next) {
      this.slot = Math.floor(this.random() * RESERVOIR);
      this.weight *= Math.exp(Math.log(this.nonZeroRandom()) / RESERVOIR);
      this.skip(candidate);
    }
    return this.slot >= 0;
  }

  /** Keeps the value counted last, which `wants` asked for. */
  take(value: string): void {
    this.kept[this.slot] = detachText(value.length > KEPT_LENGTH ? value.slice(0, KEPT_LENGTH) : value);
    this.order[this.slot] = this.candidates - 1;
    this.slot = -1;
  }

  /** The kept candidates in read order (the reservoir is emptied). */
  drain(): string[] {
    // Each slot's candidate number and the slot in one number, sorted as numbers (no comparison callback).
    const { kept, order } = this;
    const keys = new Float64Array(order.length);
    for (let slot = 0; slot < order.length; slot++) keys[slot] = order[slot]! * RESERVOIR + slot;
    keys.sort();
    const values: string[] = [];
    for (const key of keys) values.push(kept[key % RESERVOIR]!);
    this.kept.length = 0;
    this.order.length = 0;
    return values;
  }

  /** Algorithm L (Li 1994): the next kept candidate is a geometric skip away, one draw per kept value. */
  private skip(from: number): void {
    this.next = from + Math.floor(Math.log(this.nonZeroRandom()) / Math.log(1 - this.weight)) + 1;
  }

  private nonZeroRandom(): number {
    return this.random() || Number.MIN_VALUE;
  }
}
