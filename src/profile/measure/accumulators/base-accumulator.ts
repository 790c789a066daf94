/**
 * What every field accumulator shares: counting rows, nulls and empties, distinct values (HyperLogLog) and
 * heavy hitters (top-k), in one pass with memory bounded by the sketches.
 */
import type { LineColumn } from '../../../catalog/line-numbers.js';
import type { LogicalType } from '../../../catalog/logical-type.js';
import type { TextSpans } from '../../../catalog/text-spans.js';
import type { Value } from '../../../catalog/values.js';
import type { FieldMeasure } from '../measure.js';
import { HyperLogLog } from '../sketches/hyperloglog.js';
import { TopK } from '../sketches/top-k.js';

/** Streams the values of one field (nulls included) into a bounded summary. */
export interface FieldAccumulator {
  add(value: Value): void;
  /**
   * Adds a column read as numbers, row by row: the same measure as adding each row's value. Only accumulators
   * of values on a line have it.
   */
  addNumbers?(column: LineColumn): void;
  /**
   * Adds a column of field texts in place, row by row: the same measure as adding each row's text. Only
   * accumulators of strings have it.
   */
  addSpans?(spans: TextSpans): void;
  finish(): FieldMeasure;
}

/** Top-k capacity: enough to see a categorical field whole, small enough to stay cheap. */
export const TOP_CAPACITY = 128;
/** Values after which the heavy-hitter sketch is first looked at (see `countOffer`). */
const EARLY_LOOK = 1024;
/** Strings longer than this are not candidates for categorical values. */
export const TOP_MAX_KEY_LENGTH = 120;
type MeasureDetails = Omit<
  FieldMeasure,
  'logical' | 'rows' | 'nulls' | 'empties' | 'distinct' | 'top' | 'mismatched'
>;

export abstract class BaseAccumulator implements FieldAccumulator {
  protected rows = 0;
  protected nulls = 0;
  protected empties = 0;
  protected mismatched = 0;
  protected readonly distinct = new HyperLogLog();
  protected readonly top: TopK | null;
  private topOffered = 0;
  private topFrozen = false;
  /** The first values offered (up to EARLY_LOOK), to tell exactly whether any was seen twice among them. */
  private early: Set<string> | null = new Set();
  private earlyRepeat = false;

  constructor(
    protected readonly logical: LogicalType,
    trackTop: boolean,
  ) {
    this.top = trackTop ? new TopK(TOP_CAPACITY) : null;
  }

  add(value: Value): void {
    this.rows++;
    if (value === null || value === undefined) this.nulls++;
    else this.addValue(value);
  }

  finish(): FieldMeasure {
    const values = this.rows - this.nulls - this.mismatched;
    const measure: FieldMeasure = {
      logical: this.reportedLogical(),
      rows: this.rows,
      nulls: this.nulls,
      empties: this.empties,
      distinct: Math.min(Math.round(this.distinct.estimate()), Math.max(values, 0)),
      mismatched: this.mismatched,
      ...this.measureDetails(),
    };
    if (this.top === null) return measure;
    const top = this.top.entries().map((entry) => ({ value: entry.value, count: entry.count - entry.error }));
    return { ...measure, top };
  }

  /**
   * Offers a value to the heavy-hitter sketch; true when the value is one of its keys already (so it was
   * counted before, by the distinct counter too). Once a large stream shows no heavy hitters (the most
   * frequent value under 0.1% of values), the sketch is frozen: such a field cannot be categorical, and
   * evictions are the most expensive per-value work.
   */
  protected offerTop(key: string | number | bigint): boolean {
    if (this.top === null || this.topFrozen) return false;
    // Numbers become their text only here: most fields freeze early, and then need no text at all.
    const text = typeof key === 'string' ? key : String(key);
    const known = this.top.add(text);
    if (this.early !== null && !this.earlyRepeat) {
      if (known || this.early.has(text)) this.earlyRepeat = true;
      else this.early.add(text);
    }
    this.countOffer();
    return known;
  }

  /**
   * `offerTop` of the text from `start` to `end` of `text` when the heavy-hitter sketch holds it already
   * (true); false, with nothing offered, when it does not.
   */
  protected offerKnownTop(text: string, start: number, end: number, ascii?: DataView): boolean {
    if (this.top === null || this.topFrozen || !this.top.addKnownSpan(text, start, end, ascii)) return false;
    this.earlyRepeat = true;
    this.countOffer();
    return true;
  }

  /**
   * Counts a value offered; after 1,024, 2,048, 4,096 and 8,192 values, then every 16,384, freezes the
   * sketch when it shows no heavy hitters. The early looks freeze only a field with next to no repeats (at
   * 1,024 values, none seen twice, counted exactly: the sketch's lower bounds cannot show a few values
   * repeated far apart, as in a date column read in key order before its `9999-01-01` heavy hitter starts),
   * whose evictions cost most.
   */
  private countOffer(): void {
    const offered = ++this.topOffered;
    if (offered === EARLY_LOOK) {
      this.early = null;
      if (this.earlyRepeat) return;
    }
    if (offered % 16_384 !== 0 && (offered > 8_192 || offered < 1_024 || (offered & (offered - 1)) !== 0))
      return;
    let most = 0;
    for (const entry of this.top!.entries())
      if (entry.count - entry.error > most) most = entry.count - entry.error;
    if (most < offered * 0.001) this.topFrozen = true;
  }

  /** True while values go to the heavy-hitter sketch (`offerTop` does nothing once it is frozen). */
  protected offersTop(): boolean {
    return this.top !== null && !this.topFrozen;
  }

  /** The logical type to report (JSON values refine `float` to `integer`, for example). */
  protected reportedLogical(): LogicalType {
    return this.logical;
  }

  protected abstract addValue(value: Value): void;
  protected abstract measureDetails(): MeasureDetails;
}

/** Booleans: the share of true is all a generator needs. */
export class BooleanAccumulator extends BaseAccumulator {
  private trues = 0;

  constructor() {
    super('boolean', false);
  }

  protected addValue(value: Value): void {
    if (typeof value !== 'boolean') {
      this.mismatched++;
      return;
    }
    if (value) this.trues++;
    this.distinct.add(value);
  }

  protected measureDetails() {
    return { trues: this.trues };
  }
}
