/**
 * Values shaped by what the profile measured about a field (safe aggregates only, never values): format-like
 * semantic types (phones, postal codes, national ids) follow the measured pattern; other semantic values keep
 * the measured length distribution (the closest of a few draws to a drawn target length); and semantic, text
 * and histogram fields whose values repeated keep the measured number of distinct values (a seeded vocabulary
 * of that size, unless the generator already repeats that much by itself). Without stats, a recipe keeps its
 * own shape.
 */
import type { SemanticType } from '../../catalog/semantic-types.js';
import type { Value } from '../../catalog/values.js';
import { applyCase, CASE_STYLES, type CaseStyle, dominantCase } from '../../profile/measure/case-style.js';
import { CLASS_BITS, characterClassMask } from '../../profile/measure/pattern/pattern-sketch.js';
import { mix32, StreamRandom } from '../../shared/random.js';
import type { FieldStats, LengthStats } from '../../tasks/types.js';
import { createLengthSampler, type LengthSampler } from './distributions.js';
import { createPatternGenerator } from './pattern.js';
import { createPatternMixture } from './pattern-values.js';
import { splitPhonePattern } from './phone-pattern.js';
import { createUniquePatternGenerator } from './unique-pattern.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';

/** Types whose values are a format rather than words: the measured pattern is their shape. */
const PATTERN_SHAPED: ReadonlySet<SemanticType> = new Set<SemanticType>([
  'phone',
  'address.postal_code',
  'national_id',
]);
/** Below this pattern coverage, the semantic generator keeps its own format. */
const MIN_COVERAGE = 0.8;
/** Draws per value when fitting the length, and per vocabulary entry (built once, so it can look harder). */
const LENGTH_DRAWS = 8;
const CLASS_DRAWS = 16;
/** A case style this common is used for every value. */
const SOLE_CASE_SHARE = 0.99;
const VOCABULARY_DRAWS = 32;
/** A vocabulary is used when at most this share of the sampled values were distinct... */
const MAX_REPEATING_RATIO = 0.9;
/** ...and it holds at most this many values. */
const MAX_VOCABULARY = 100_000;
const VOCABULARY_SALT = 0x27d4eb2f;
/** Draws of the trial that tells whether a generator already repeats its values enough. */
const TRIAL_DRAWS = 10_000;
const TRIAL_SALT = 0x61c88647;

/**
 * Values of the pattern measured on a format-like semantic field, or undefined when there is none to follow.
 * Unique values come from the pattern's own space (undefined when it cannot hold the rows); otherwise the
 * pattern's coverage share follows it and the rest comes from `fallback`. A field of several formats
 * (`stats.patterns`, phones written three ways) follows each format for its share.
 */
export function createPatternShaped(
  semantic: SemanticType,
  stats: FieldStats | undefined,
  context: BuildContext,
  unique: boolean,
  fallback: ValueGenerator,
  adapt: (text: string) => Value,
): ValueGenerator | undefined {
  if (stats === undefined || !PATTERN_SHAPED.has(semantic)) return undefined;
  const pattern = stats.pattern;
  const mixture = stats.patterns ?? [];
  const mixed = mixture.reduce((sum, entry) => sum + entry.share, 0);
  if (pattern !== undefined && pattern.coverage >= MIN_COVERAGE) {
    const one = createOnePatternShaped(semantic, pattern.regex, stats, context, unique, adapt, true);
    const share = pattern.coverage;
    if (one === undefined || unique || share >= 1) return one;
    return (random, index) => (random.chance(share) ? one(random, index) : fallback(random, index));
  }
  if (mixture.length < 2 || mixed < MIN_COVERAGE) return undefined;
  // Each format keeps its own lengths: fitting them to the whole field's lengths would skew the formats.
  const build = (regex: string, at: BuildContext) =>
    createOnePatternShaped(semantic, regex, stats, at, unique, adapt, false);
  const entries = mixture.map(({ regex, share }) => ({ pattern: regex, share }));
  return createPatternMixture(entries, context, build, unique ? undefined : fallback);
}

/** Values of one measured pattern of a format-like field (see createPatternShaped). */
function createOnePatternShaped(
  semantic: SemanticType,
  regex: string,
  stats: FieldStats,
  context: BuildContext,
  unique: boolean,
  adapt: (text: string) => Value,
  fitLengths: boolean,
): ValueGenerator | undefined {
  // Variable runs (`\+[0-9]{1,2} ...`) take the measured lengths; a unique value's tail stays its own.
  const target = fitLengths && stats.length ? createLengthSampler(stats.length, 0) : undefined;
  const fitted = (generate: ValueGenerator) =>
    target ? fitLength(generate, target, LENGTH_DRAWS) : generate;
  // A phone's calling code is drawn from real ones, and the rest of the pattern (its tail unique) follows it.
  const phone = semantic === 'phone' ? splitPhonePattern(regex) : undefined;
  const rest = phone?.rest ?? regex;
  const withCode = (generate: ValueGenerator): ValueGenerator =>
    phone ? (random, index) => `+${phone.code(random)}${generate(random, index) as string}` : generate;
  if (unique) {
    const inSpace = createUniquePatternGenerator(rest, context.rows, context.key);
    if (!inSpace) return undefined;
    const generate = fitted(withCode(inSpace));
    return (random, index) => adapt(generate(random, index) as string);
  }
  const drawn = createPatternGenerator(rest, stats.length?.max ?? 16);
  const generate = fitted(withCode((random) => drawn(random)));
  return (random, index) => adapt(generate(random, index) as string);
}

/**
 * A test of whether every character of a text is of one of `classes` (as `characterClasses` names them);
 * letters of either case count as letters when either case was measured, since the case style is followed
 * apart. Compiled once into a mask of the allowed classes.
 */
export function createClassTest(classes: readonly string[]): (text: string) => boolean {
  let allowed = 0;
  for (const name of classes)
    if (Object.hasOwn(CLASS_BITS, name)) allowed |= CLASS_BITS[name as keyof typeof CLASS_BITS];
  if (allowed & (CLASS_BITS.upper | CLASS_BITS.lower)) allowed |= CLASS_BITS.upper | CLASS_BITS.lower;
  const forbidden = ~allowed;
  return (text) => (characterClassMask(text) & forbidden) === 0;
}

/** True when every character of `text` is of one of `classes` (see createClassTest). */
export function fitsClasses(text: string, classes: readonly string[]): boolean {
  return createClassTest(classes)(text);
}

/**
 * `generate`, redrawn (up to CLASS_DRAWS times) while its text has a character class the measured values
 * never had (an apostrophe in `O'Hara` for a field of letters only); the last draw stands when none fits.
 */
export function keepMeasuredClasses(stats: FieldStats | undefined, generate: ValueGenerator): ValueGenerator {
  const classes = stats?.classes;
  if (classes === undefined || classes.length === 0) return generate;
  const test = createClassTest(classes);
  // The text last found to fit: a generator's redraws often give the same text again.
  let fitting: string | undefined;
  const fits = (text: string) => {
    if (text === fitting) return true;
    if (!test(text)) return false;
    fitting = text;
    return true;
  };
  return (random, index) => {
    let value = generate(random, index);
    for (let draw = 1; draw < CLASS_DRAWS && typeof value === 'string' && !fits(value); draw++)
      value = generate(random, index);
    return value;
  };
}

/**
 * `generate` written in the measured case styles (`stats.case`): each row index gets a style by its share
 * (from a hash of the index, so redraws and vocabularies see the same style for the same index); `mixed`
 * keeps a mixed-case value and writes others so (see `applyCase`).
 */
export function followMeasuredCase(
  stats: FieldStats | undefined,
  key: number,
  generate: ValueGenerator,
): ValueGenerator {
  const shares = stats?.case;
  const dominant = shares && dominantCase(shares);
  if (shares === undefined || dominant === undefined) return generate;
  const write = (value: Value, style: CaseStyle) =>
    typeof value === 'string' ? applyCase(value, style) : value;
  if (soleMeasuredCase(stats) !== undefined) {
    // The value last written: a generator's redraws often give the same value again.
    let primed = false;
    let last: Value = null;
    let written: Value = null;
    return (random, index) => {
      const value = generate(random, index);
      if (!primed || value !== last) {
        primed = true;
        last = value;
        written = write(value, dominant);
      }
      return written;
    };
  }
  const total = CASE_STYLES.reduce((sum, style) => sum + (shares[style] ?? 0), 0);
  return (random, index) => {
    let u = (mix32(key ^ Math.imul(index + 1, 0x9e3779b1)) / 2 ** 32) * total;
    let style: CaseStyle = dominant;
    for (const candidate of CASE_STYLES) {
      u -= shares[candidate] ?? 0;
      if (u < 0) {
        style = candidate;
        break;
      }
    }
    return write(generate(random, index), style);
  };
}

/** The case style every value is written in (see followMeasuredCase), or undefined when styles are mixed. */
export function soleMeasuredCase(stats: FieldStats | undefined): CaseStyle | undefined {
  const dominant = stats?.case && dominantCase(stats.case);
  return dominant !== undefined && (stats?.case?.[dominant] ?? 0) >= SOLE_CASE_SHARE ? dominant : undefined;
}

/** `generate` fitted to the measured length distribution and, for repetitive fields, distinct count. */
export function fitMeasuredShape(
  stats: FieldStats | undefined,
  context: BuildContext,
  unique: boolean,
  generate: ValueGenerator,
): ValueGenerator {
  const target = stats?.length && createLengthSampler(stats.length, 0);
  const fitted = target ? fitLength(generate, target, LENGTH_DRAWS) : generate;
  const size = stats && !unique ? chooseVocabulary(stats, context, fitted) : undefined;
  if (size === undefined) return fitted;
  return drawFromVocabulary(size, context, target ? fitLength(generate, target, VOCABULARY_DRAWS) : generate);
}

/** `generate`, repeating its values as much as the measured ones repeated (see chooseVocabulary). */
export function withMeasuredRepeats(
  stats: FieldStats | undefined,
  context: BuildContext,
  unique: boolean,
  generate: ValueGenerator,
): ValueGenerator {
  const size = stats && !unique ? chooseVocabulary(stats, context, generate) : undefined;
  return size === undefined ? generate : drawFromVocabulary(size, context, generate);
}

/**
 * The vocabulary size for a field whose sample repeated values, or undefined when `generate` already repeats
 * as much by itself (a trial of up to TRIAL_DRAWS draws shows no more distinct values than the measured
 * field would have) or the values hardly repeat.
 */
function chooseVocabulary(
  stats: FieldStats,
  context: BuildContext,
  generate: ValueGenerator,
): number | undefined {
  const size = estimateVocabulary(stats);
  if (size === undefined) return undefined;
  const draws = Math.min(TRIAL_DRAWS, Math.round(stats.count * (1 - stats.nulls)));
  const random = new StreamRandom();
  const seen = new Set<Value>();
  for (let index = 0; index < draws; index++)
    seen.add(generate(random.reset(context.key ^ TRIAL_SALT, index), index));
  const expected = size * (1 - Math.exp(-draws / size));
  return seen.size > expected * 1.05 ? size : undefined;
}

/**
 * Uniform draws from `size` seeded values of `entry` (repeats kept, so that a skewed `entry` keeps its skew).
 */
function drawFromVocabulary(size: number, context: BuildContext, entry: ValueGenerator): ValueGenerator {
  const random = new StreamRandom();
  const vocabulary = Array.from({ length: size }, (_, index) =>
    entry(random.reset(context.key ^ VOCABULARY_SALT, index), index),
  );
  return (draw) => vocabulary[draw.below(vocabulary.length)] ?? null;
}

/**
 * How many values a field draws from, estimated from its sample so that uniform draws would have shown the
 * measured distinct count (V values give V(1 - e^(-n/V)) distinct among n draws); undefined when the values
 * hardly repeat or are too many to hold.
 */
export function estimateVocabulary(stats: FieldStats): number | undefined {
  const sampled = stats.count * (1 - stats.nulls);
  const distinct = stats.distinct;
  if (distinct === undefined || distinct < 1 || sampled < 1 || distinct > sampled * MAX_REPEATING_RATIO)
    return undefined;
  let low = distinct;
  let high = distinct * 64;
  for (let step = 0; step < 60; step++) {
    const middle = (low + high) / 2;
    if (middle * (1 - Math.exp(-sampled / middle)) < distinct) low = middle;
    else high = middle;
  }
  const size = Math.round(high);
  return size <= MAX_VOCABULARY ? size : undefined;
}

/**
 * `generate` fitted to `lengths` (the closest of a few draws to a target length drawn from them), or as it is
 * without lengths.
 */
export function fitMeasuredLength(
  lengths: LengthStats | undefined,
  generate: ValueGenerator,
): ValueGenerator {
  return lengths ? fitLength(generate, createLengthSampler(lengths, 0), LENGTH_DRAWS) : generate;
}

/** The closest of a few draws to a target length drawn from the measured distribution. */
function fitLength(generate: ValueGenerator, target: LengthSampler, draws: number): ValueGenerator {
  return (random, index) => {
    const wanted = target(random);
    let best = generate(random, index);
    let miss = typeof best === 'string' ? Math.abs(best.length - wanted) : 0;
    for (let draw = 1; draw < draws && miss > 0; draw++) {
      const candidate = generate(random, index);
      const candidateMiss = typeof candidate === 'string' ? Math.abs(candidate.length - wanted) : 0;
      if (candidateMiss < miss) {
        best = candidate;
        miss = candidateMiss;
      }
    }
    return best;
  };
}
