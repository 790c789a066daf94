/**
 * Generator recipes of the task-file format (see types.ts): how a field's values are drawn, as written in a
 * dataset file's `generator` entries.
 */
import type { LengthStats } from './stats-types.js';

export const GENERATOR_KINDS = [
  'sequence',
  'categorical',
  'histogram',
  'pattern',
  'semantic',
  'reference',
  'constant',
  'uuid',
  'document',
  'array',
  'boolean',
  'text',
  'null',
  'database',
] as const;

export type GeneratorKind = (typeof GENERATOR_KINDS)[number];

/** Options every recipe may carry. */
export interface RecipeCommon {
  /** Share of nulls, 0..1. */
  readonly nulls?: number;
  /** Values must not repeat. */
  readonly unique?: boolean;
  /** A person edited this recipe: re-profiling keeps it and only refreshes stats. */
  readonly edited?: boolean;
}

/**
 * Value shape for rare values kept out of the profile: their share, and what they look like (semantic type,
 * pattern, length), so that the rest is generated like the field rather than invented.
 */
export interface OtherBucket {
  readonly share: number;
  /** The field's semantic type: the rest is drawn from it (a country column's rare countries). */
  readonly semantic?: string;
  readonly pattern?: string;
  readonly length?: LengthStats;
}

/** Equi-depth histogram bin: [low, high, weight]. Edges are numbers, or ISO strings for dates and times. */
export type HistogramBin = readonly [number | string, number | string, number];

export type GeneratorRecipe =
  | (RecipeCommon & { readonly kind: 'sequence'; readonly start: number; readonly step: number })
  | (RecipeCommon & {
      readonly kind: 'categorical';
      /** Kept values with their weights (shares of non-null values). */
      readonly weights: Readonly<Record<string, number>>;
      readonly other?: OtherBucket;
    })
  | (RecipeCommon & {
      readonly kind: 'histogram';
      readonly bins: readonly HistogramBin[];
      /** Values are whole numbers. */
      readonly integer?: boolean;
      /** Decimal places to round to. */
      readonly scale?: number;
    })
  /**
   * Values of a regular expression. `mixture`: a field of several formats (phones as `(7) 555-0192` and
   * `040-1234567`), each pattern with its share (summing to 1), drawn by share instead of `pattern` alone
   * (which is then the most common one).
   */
  | (RecipeCommon & {
      readonly kind: 'pattern';
      readonly pattern: string;
      readonly mixture?: readonly PatternShare[];
      readonly length?: LengthStats;
    })
  | (RecipeCommon & { readonly kind: 'semantic'; readonly semantic: string; readonly locale?: string })
  | (RecipeCommon & {
      readonly kind: 'reference';
      readonly dataset: string;
      readonly field: string;
      readonly source?: string;
    })
  | (RecipeCommon & { readonly kind: 'constant'; readonly value: JsonValue })
  | (RecipeCommon & { readonly kind: 'uuid'; readonly version?: 4 | 7 })
  /** JSON/document value built from the field's child `fields`. */
  | (RecipeCommon & { readonly kind: 'document' })
  /**
   * Array built from the field's `element`, with a length distribution. `combinations`: whole arrays seen at
   * least k times, with their shares of non-null arrays, drawn first (the rest is built from the length and
   * the element, never equal to one of them); `distinct`: no element repeats within an array.
   */
  | (RecipeCommon & {
      readonly kind: 'array';
      readonly length: LengthStats;
      readonly combinations?: readonly ArrayCombination[];
      readonly distinct?: boolean;
    })
  | (RecipeCommon & { readonly kind: 'boolean'; readonly true_share: number })
  /** Free text of a given length distribution. */
  | (RecipeCommon & { readonly kind: 'text'; readonly length: LengthStats })
  | (RecipeCommon & { readonly kind: 'null' })
  /** Left to the database: generated columns, defaults that must not be overridden. */
  | (RecipeCommon & { readonly kind: 'database' });

/** One pattern of a mixture and its share of the values. */
export interface PatternShare {
  readonly pattern: string;
  readonly share: number;
}

/** One frequent whole array of an array recipe: its elements and its share of non-null arrays. */
export type ArrayCombination = readonly [readonly JsonValue[], number];

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
