/**
 * Raw measurements of one field, as the accumulators produce them. These hold real values (top entries,
 * sketches over true values) and never leave memory: the privacy filter (`privacy.ts`) turns them into the
 * coarsened, k-anonymous summary that recipe choice and the task files see.
 */
import type { LogicalType } from '../../catalog/logical-type.js';
import type { CaseStyle } from './case-style.js';
import type { PatternShare } from './pattern/pattern-sketch.js';
import type { QuantileSketch } from './sketches/quantile-sketch.js';

/** How values of a line-like field map onto numbers. */
export type LineAxis = 'number' | 'date' | 'time' | 'timestamp' | 'timestamptz';

export interface LineMeasure {
  readonly axis: LineAxis;
  /** Over numbers: the value; dates and timestamps: epoch milliseconds; times: seconds since midnight. */
  readonly sketch: QuantileSketch;
  readonly mean: number;
  readonly stddev: number;
  /** Every value was a whole number. */
  readonly integer: boolean;
  /** Values rose in read order (ids, sequences). */
  readonly monotonic: boolean;
  /** Decimal digits used: total significant digits and digits after the point (largest seen). */
  readonly decimals?: { readonly precision: number; readonly scale: number };
  /** Share of values per weekday (Monday first), for dates and timestamps. */
  readonly weekday?: readonly number[];
  /** Share of values per hour of day, for timestamps and times. */
  readonly hour?: readonly number[];
  /**
   * The lowest and the highest value, exactly, with the rows holding each: a sentinel closing every open
   * history (`9999-01-01`) is a heavy hitter even where the heavy-hitter sketch stopped looking before it came.
   */
  readonly ends?: readonly { readonly value: number; readonly rows: number }[];
}

export interface TopEntry {
  readonly value: string;
  readonly count: number;
}

export interface ChildMeasure {
  readonly name: string;
  /** Values of the parent (non-null objects) in which this key was present. */
  readonly present: number;
  readonly measure: FieldMeasure;
}

export interface FieldMeasure {
  readonly logical: LogicalType;
  /** Values offered, nulls included. */
  readonly rows: number;
  readonly nulls: number;
  /** Empty strings (or empty arrays / objects). */
  readonly empties: number;
  /** Estimated distinct non-null values. */
  readonly distinct: number;
  readonly line?: LineMeasure;
  /** Lengths of strings (characters), arrays (elements) or binary values (bytes). */
  readonly lengths?: QuantileSketch;
  /** Most frequent values in their text form, with counts (heavy hitters). */
  readonly top?: readonly TopEntry[];
  readonly pattern?: { readonly regex: string; readonly coverage: number };
  /** The most common shapes (each seen at least k times) with their shares: the formats of the field. */
  readonly patterns?: readonly PatternShare[];
  readonly classes?: readonly string[];
  /** Inspected values per case style (values without cased letters are not counted). */
  readonly cases?: Readonly<Record<CaseStyle, number>>;
  readonly semantic?: {
    readonly type: string;
    readonly personal: boolean;
    readonly confidence: number;
    readonly lines?: boolean;
  };
  /** Email fields: inspected addresses, their domains (heavy hitters) and local-part shapes with counts. */
  readonly email?: {
    readonly count: number;
    readonly domains: readonly TopEntry[];
    readonly shapes: readonly { readonly value: string; readonly count: number }[];
  };
  readonly trues?: number;
  /** Arrays: the element values, measured like a field. */
  readonly element?: FieldMeasure;
  /** Arrays of scalar elements: how many held one element more than once (`top` holds their combinations). */
  readonly repeats?: number;
  /** JSON and objects: the keys seen (bounded), each measured like a field. */
  readonly children?: readonly ChildMeasure[];
  /** Values that did not fit the expected representation (skipped). */
  readonly mismatched: number;
}

/** Non-null values of a measure. */
export function countValues(measure: FieldMeasure): number {
  return measure.rows - measure.nulls;
}
