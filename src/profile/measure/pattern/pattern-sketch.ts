/**
 * Pattern inference: a regular expression that generalises the string values of a field, such as
 * `[A-Z]{3}-[0-9]{4}` or `ACC1[0-9]{5,10}`, with the share of values it covers. Values are reduced to shapes
 * (see `shape-table.ts`) at two granularities, both bounded in memory; the most frequent shape becomes
 * the pattern. Literal text is privacy-filtered: it stays in the pattern only when at least k values share it.
 */
import { ShapeTable } from './shape-table.js';
import { coarsenTokens, createTokenBuffer, MAX_SHAPED_LENGTH, tokenize } from './tokens.js';

export interface PatternSketchOptions {
  /** Most distinct shapes kept per granularity (default 64). */
  readonly maxShapes?: number;
}

export interface InferredPattern {
  /** Regular-expression source meant to match a whole value (no anchors). */
  readonly regex: string;
  /** Share of non-empty values added that the pattern matches (at least). */
  readonly coverage: number;
}

/** One shape of a field of several formats. */
export interface PatternShare {
  /** Regular-expression source, literals kept as in {@link InferredPattern}. */
  readonly regex: string;
  /** The same shape with every literal letter and digit generalised (punctuation kept). */
  readonly shape: string;
  /** Share of non-empty values of this shape. */
  readonly share: number;
}

/** Shapes a mixture lists at most. */
const MAX_MIXTURE = 6;

/** Below this share no pattern is reported (by default): the values have no dominant shape. */
const DEFAULT_MIN_COVERAGE = 0.5;
/** The coarse shape wins only when it covers clearly more values than the fine one. */
const COARSE_ADVANTAGE = 1.1;

const tokens = createTokenBuffer();
const coarseTokens = createTokenBuffer();
const renderScratch = createTokenBuffer();

export class PatternSketch {
  private readonly fine: ShapeTable;
  private readonly coarse: ShapeTable;
  private nonEmpty = 0;

  constructor(options: PatternSketchOptions = {}) {
    const maxShapes = options.maxShapes ?? 64;
    if (!Number.isInteger(maxShapes) || maxShapes < 1) {
      throw new RangeError('PatternSketch maxShapes must be a positive integer.');
    }
    this.fine = new ShapeTable('fine', maxShapes);
    this.coarse = new ShapeTable('coarse', maxShapes);
  }

  /** Non-empty values added. */
  get count(): number {
    return this.nonEmpty;
  }

  /**
   * Adds a value (`times` times); empty strings are ignored (they have no shape), over-long ones counted but
   * not shaped.
   */
  add(value: string, times = 1): void {
    if (value.length === 0) return;
    this.nonEmpty += times;
    const tooLong = value.length > MAX_SHAPED_LENGTH;
    const fine = tooLong ? -1 : tokenize(value, 'fine', tokens);
    this.fine.add(value, tokens, fine, times);
    // The coarse tokens come from the fine ones, unless those were too many.
    const coarse = tooLong
      ? -1
      : fine >= 0
        ? coarsenTokens(tokens, fine, coarseTokens)
        : tokenize(value, 'coarse', coarseTokens);
    this.coarse.add(value, coarseTokens, coarse, times);
  }

  /** Adds everything `other` saw. */
  merge(other: PatternSketch): void {
    this.nonEmpty += other.nonEmpty;
    this.fine.merge(other.fine);
    this.coarse.merge(other.coarse);
  }

  /**
   * The pattern covering most values, with coverage = share of non-empty values it matches. Literal runs
   * (like `ACC1`, `-`, `@`) are kept only if at least `k` values share them; otherwise generalised to classes.
   * Undefined when no pattern covers at least `minCoverage` (default 0.5) of the values, e.g. free text.
   */
  infer(k: number, minCoverage: number = DEFAULT_MIN_COVERAGE): InferredPattern | undefined {
    if (this.nonEmpty === 0) return undefined;
    const fine = this.fine.mostFrequent();
    const coarse = this.coarse.mostFrequent();
    const useCoarse =
      coarse !== undefined && (fine === undefined || coarse.count > fine.count * COARSE_ADVANTAGE);
    const shape = useCoarse ? coarse : fine;
    if (shape === undefined) return undefined;
    const coverage = shape.count / this.nonEmpty;
    if (coverage < minCoverage) return undefined;
    return { regex: shape.render(k, useCoarse ? 'coarse' : 'fine', renderScratch), coverage };
  }

  /**
   * The most common shapes (fine granularity), each seen at least `k` times, with their shares of the
   * non-empty values, most common first: the formats of a field that has several (phones written three ways).
   * Shapes rarer than k are left out, so no value below the k-rule shows through.
   */
  inferMixture(k: number): PatternShare[] {
    if (this.nonEmpty === 0) return [];
    return this.fine
      .ranked()
      .filter((shape) => shape.count >= k)
      .slice(0, MAX_MIXTURE)
      .map((shape) => ({
        regex: shape.render(k, 'fine', renderScratch),
        shape: shape.render(k, 'fine', renderScratch, true),
        share: shape.count / this.nonEmpty,
      }));
  }
}

export type CharacterClass = 'upper' | 'lower' | 'digit' | 'space' | 'punct' | 'other';

const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;
const SPACE = 8;
const PUNCT = 16;
const OTHER = 32;

/** The bit of each character class in a class mask (`characterClassMask`). */
export const CLASS_BITS: { readonly [C in CharacterClass]: number } = {
  upper: UPPER,
  lower: LOWER,
  digit: DIGIT,
  space: SPACE,
  punct: PUNCT,
  other: OTHER,
};

/** The character classes present in `value` as a mask of CLASS_BITS (no array: the generator's hot path). */
export function characterClassMask(value: string): number {
  let seen = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) seen |= DIGIT;
    else if (code >= 65 && code <= 90) seen |= UPPER;
    else if (code >= 97 && code <= 122) seen |= LOWER;
    else if (code === 32 || (code >= 9 && code <= 13)) seen |= SPACE;
    else if (code > 32 && code < 127) seen |= PUNCT;
    else if (code > 127) seen |= classifyNonAscii(value[i]!);
    else seen |= OTHER;
  }
  return seen;
}

/**
 * The character classes present in `value`, in the fixed order upper, lower, digit, space, punct, other.
 * Letters outside ASCII count as upper or lower by their case; ASCII symbols are punct; whitespace is space;
 * everything else (controls, caseless scripts, emoji) is other.
 */
export function characterClasses(value: string): CharacterClass[] {
  return classesOfMask(characterClassMask(value));
}

/** The character classes of a mask of CLASS_BITS, in the order of `characterClasses`. */
export function classesOfMask(seen: number): CharacterClass[] {
  const classes: CharacterClass[] = [];
  if (seen & UPPER) classes.push('upper');
  if (seen & LOWER) classes.push('lower');
  if (seen & DIGIT) classes.push('digit');
  if (seen & SPACE) classes.push('space');
  if (seen & PUNCT) classes.push('punct');
  if (seen & OTHER) classes.push('other');
  return classes;
}

function classifyNonAscii(char: string): number {
  if (/\s/.test(char)) return SPACE;
  if (char.toLowerCase() !== char) return UPPER;
  if (char.toUpperCase() !== char) return LOWER;
  return OTHER;
}
