/**
 * Measured statistics of the task-file format (see types.ts): what a dataset file's `stats` entries hold, as
 * measured and privacy-filtered.
 */
import type { JsonValue } from './recipe-types.js';

export interface LengthStats {
  readonly min?: number;
  readonly p5?: number;
  readonly p50: number;
  readonly p95?: number;
  readonly max?: number;
}

export interface FieldStats {
  /** Non-missing values seen. */
  readonly count: number;
  readonly nulls: number; // share
  readonly empty?: number; // share of empty strings
  readonly distinct?: number;
  readonly unique?: boolean;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly mean?: number;
  readonly stddev?: number;
  readonly quantiles?: Readonly<Record<string, number | string>>;
  readonly length?: LengthStats;
  /** Arrays: share of the non-null arrays that hold an element more than once. */
  readonly repeats?: number;
  readonly top?: readonly { readonly value: JsonValue; readonly share: number }[];
  readonly pattern?: { readonly regex: string; readonly coverage: number };
  /**
   * Text of several formats: the most common shapes (each seen at least k times) with their shares of the
   * non-empty values, most common first; a personal field's keep no literal letter or digit.
   */
  readonly patterns?: readonly { readonly regex: string; readonly share: number }[];
  readonly classes?: readonly string[];
  /** Shares of values per case style (`upper`, `lower`, `title`, `mixed`) among values with cased letters. */
  readonly case?: Readonly<Partial<Record<'upper' | 'lower' | 'title' | 'mixed', number>>>;
  /** Email fields: domains shared by at least k rows, with their shares of addresses (the rest: other). */
  readonly domains?: readonly { readonly value: string; readonly share: number }[];
  /** Email fields: local-part shapes (`a.a`, `a99`) seen at least k times, with their shares. */
  readonly local_shapes?: readonly { readonly value: string; readonly share: number }[];
  readonly decimals?: { readonly precision: number; readonly scale: number };
  readonly integer?: boolean;
  readonly monotonic?: boolean;
  readonly weekday?: readonly number[];
  readonly hour?: readonly number[];
  /** For JSON/document fields: share of values where each key is present. */
  readonly presence?: number;
  /**
   * Document sources: the native types seen (BSON's `$type` names for MongoDB) with their shares of the values
   * present, null included, most frequent first: a polymorphic field keeps every type.
   */
  readonly types?: Readonly<Record<string, number>>;
}
