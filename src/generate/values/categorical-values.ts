/**
 * A categorical field's values: its kept values by their weights (dealt as strata over a dataset's rows, or
 * drawn), and its `other` share (the rare values, never listed) generated like the field: from its semantic
 * type, pattern or words, never equal to a kept value.
 */
import { NUMERIC_LIKE } from '../../catalog/logical-type.js';
import { isSemanticType } from '../../catalog/semantic-types.js';
import type { Value } from '../../catalog/values.js';
import {
  CASE_STYLES,
  type CaseShares,
  type CaseStyle,
  classifyCase,
} from '../../profile/measure/case-style.js';
import type { Random } from '../../shared/random.js';
import { StreamRandom } from '../../shared/random.js';
import type { FieldStats, FieldTask } from '../../tasks/types.js';
import { createFreeText } from './free-text.js';
import { createHistogramGenerator } from './histogram-values.js';
import { estimateVocabulary } from './measured-shape.js';
import { createPatternGenerator } from './pattern.js';
import { adapt, measuredFor, type RecipeInput, type RecipeOf, TEXT_TYPES } from './recipe-input.js';
import { createCategoryChooser, createStrata, type Strata, type StratumSpot } from './strata.js';
import { withUniqueSuffix } from './unique-values.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';
import { convertLiteral } from './value-text.js';

/** Builds a semantic recipe's values (the semantic builder, passed in so this module does not import it). */
export type SemanticBuilder = (input: RecipeInput<'semantic'>) => ValueGenerator;

/** Redraws of an `other` value that equals a kept one (it would add to that value's share). */
const OTHER_REDRAWS = 8;
/** Draws per entry when looking for distinct values of the rest. */
const OTHER_VOCABULARY_DRAWS = 8;
const OTHER_VOCABULARY_SALT = 0x3c6ef372;

/** A value of a categorical field's rest; `rank` is the row's rank among the rest's rows, when known. */
type OtherValues = (random: Random, index: number, rank?: number) => Value;

/** The values of a categorical recipe. */
export function createCategoricalGenerator(
  { field, recipe, context, unique }: RecipeInput<'categorical'>,
  buildSemantic: SemanticBuilder,
): ValueGenerator {
  const type = field.type;
  const keys = Object.keys(recipe.weights);
  const values = keys.map((key) => convertLiteral(type, key));
  // Unique numbers (a key's number measured as a few values: `boarding_no` 1..28) take distinct steps from the
  // lowest kept value on: a suffix cannot make a number unique.
  const numbers = NUMERIC_LIKE.has(type.logical) ? keys.map(Number).filter(Number.isFinite) : [];
  if (unique && numbers.length > 0) {
    const bins = [[Math.min(...numbers), Math.max(...numbers), 1] as const];
    const integer = type.logical === 'integer' ? { integer: true } : {};
    return createHistogramGenerator(type, { kind: 'histogram', bins, ...integer }, context, true);
  }
  const other = recipe.other;
  const enumRest =
    type.logical === 'enum' ? (type.labels ?? []).filter((label) => !keys.includes(label)) : [];
  let generateOther: OtherValues | undefined;
  if (other && keepsOther(field)) {
    if (type.logical === 'enum') {
      const labels = enumRest.length > 0 ? enumRest : (type.labels ?? keys);
      generateOther = (random) => labels[random.below(labels.length)] ?? null;
    } else generateOther = createOtherValues(field, other, context, new Set(values), buildSemantic);
  }
  const weights = categoricalWeights(field);
  const strata = unique ? undefined : createStrata(weights, context);
  let generate: ValueGenerator;
  if (strata) {
    // A stratified field knows each row's rank among the rows of its category: the rest is dealt in turn.
    const spot: StratumSpot = { stratum: 0, within: 0 };
    generate = (random, index) => {
      const { stratum, within } = strata.locate(index, spot);
      return stratum < values.length ? values[stratum]! : generateOther!(random, index, within);
    };
  } else {
    const choose = createCategoryChooser(weights, context, unique);
    generate = (random, index) => {
      const chosen = choose(random, index);
      return chosen < values.length ? values[chosen]! : generateOther!(random, index);
    };
  }
  return unique ? withUniqueSuffix(generate, type, context) : generate;
}

/**
 * The rest of a categorical field (its `other` share): drawn from the field's semantic type when it has one,
 * else from its pattern, else words (text only; rare numbers or dates without a pattern are left to the kept
 * values), at the measured lengths and case styles, never equal to a kept value. When the rest repeated, it
 * comes from as many distinct values as it showed beyond the kept ones, dealt in turn over its rows (four
 * region names in a small table stay four; rare values stay rare rather than piling up on a few).
 */
function createOtherValues(
  field: FieldTask,
  other: NonNullable<RecipeOf<'categorical'>['other']>,
  context: BuildContext,
  kept: ReadonlySet<Value>,
  buildSemantic: SemanticBuilder,
): OtherValues | undefined {
  const type = field.type;
  const measured = measuredFor(field);
  const rest = measured && restStats(measured, other.share, kept.size, field.generator);
  // The shape of the rest without its distinct count: the vocabulary below is what repeats.
  const shaped: FieldTask = rest ? { ...field, stats: { ...rest, distinct: undefined } } : field;
  const { length } = other;
  let drawn: ValueGenerator;
  if (other.semantic !== undefined && isSemanticType(other.semantic) && TEXT_TYPES.has(type.logical)) {
    const recipe: RecipeOf<'semantic'> = { kind: 'semantic', semantic: other.semantic };
    drawn = buildSemantic({ field: shaped, recipe, context, unique: false });
  } else if (other.pattern) {
    const pattern = createPatternGenerator(other.pattern, length?.max ?? length?.p95 ?? 16);
    drawn = (random) => adapt(type, pattern(random));
  } else if (TEXT_TYPES.has(type.logical))
    drawn = createFreeText(shaped, length ?? { p50: 8 }, context, false);
  else return undefined;
  const fresh = avoidKept(kept, drawn);
  const size = rest && estimateVocabulary(rest);
  if (size === undefined) return (random, index) => fresh(random, index);
  const vocabulary = drawDistinct(size, context, fresh);
  return (random, _index, rank) =>
    vocabulary[rank === undefined ? random.below(vocabulary.length) : rank % vocabulary.length] ?? null;
}

/**
 * A field's stats as the rest of its values would show them: the `other` share of the values, the distinct
 * values beyond the kept ones, and the case styles without the kept values' (kept `USA` and `UK` in upper
 * case do not make a share of the other countries upper case).
 */
function restStats(
  stats: FieldStats,
  share: number,
  kept: number,
  recipe: FieldTask['generator'],
): FieldStats {
  const values = stats.count * (1 - stats.nulls);
  const { case: shares, ...rest } = stats;
  const restCase = shares && recipe.kind === 'categorical' ? caseWithout(shares, recipe.weights) : shares;
  return {
    ...rest,
    count: Math.max(1, Math.round(values * share)),
    nulls: 0,
    ...(stats.distinct === undefined ? {} : { distinct: Math.max(1, stats.distinct - kept) }),
    ...(restCase === undefined ? {} : { case: restCase }),
  };
}

/** Case style shares with the kept literals' own styles taken out (undefined when nothing is left). */
function caseWithout(shares: CaseShares, weights: Readonly<Record<string, number>>): CaseShares | undefined {
  const left: Record<string, number> = { ...shares };
  for (const [literal, weight] of Object.entries(weights)) {
    const style = classifyCase(literal);
    if (style !== undefined) left[style] = (left[style] ?? 0) - weight;
  }
  let total = 0;
  for (const style of CASE_STYLES) total += Math.max(0, left[style] ?? 0);
  if (!(total > 1e-9)) return undefined;
  const result: Partial<Record<CaseStyle, number>> = {};
  for (const style of CASE_STYLES) if ((left[style] ?? 0) > 0) result[style] = left[style]! / total;
  return result;
}

/** `generate`, redrawn (a few times) while it gives a kept value. */
function avoidKept(kept: ReadonlySet<Value>, generate: ValueGenerator): ValueGenerator {
  return (random, index) => {
    let value = generate(random, index);
    for (let draw = 1; draw < OTHER_REDRAWS && kept.has(value); draw++) value = generate(random, index);
    return value;
  };
}

/** Up to `size` distinct seeded values of `generate` (fewer when it cannot give that many), at least one. */
function drawDistinct(size: number, context: BuildContext, generate: ValueGenerator): Value[] {
  const random = new StreamRandom();
  const found = new Set<Value>();
  for (let draw = 0; draw < size * OTHER_VOCABULARY_DRAWS && found.size < size; draw++)
    found.add(generate(random.reset(context.key ^ OTHER_VOCABULARY_SALT, draw), draw));
  return [...found];
}

/** Whether a categorical field generates its `other` share (rare values) rather than dropping it. */
function keepsOther(field: FieldTask): boolean {
  const recipe = field.generator;
  if (recipe.kind !== 'categorical' || !recipe.other || !(recipe.other.share > 0)) return false;
  return (
    field.type.logical === 'enum' || recipe.other.pattern !== undefined || TEXT_TYPES.has(field.type.logical)
  );
}

/** A categorical field's category weights, its `other` share last when it generates one. */
function categoricalWeights(field: FieldTask): number[] {
  const recipe = field.generator;
  if (recipe.kind !== 'categorical') return [];
  const weights = Object.values(recipe.weights);
  return keepsOther(field) ? [...weights, recipe.other?.share ?? 0] : weights;
}

/**
 * The strata a stratified categorical field of a dataset uses (`context` as that field is compiled with), or
 * undefined when the field is not one.
 */
export function createCategoricalStrata(field: FieldTask, context: BuildContext): Strata | undefined {
  if (field.generator.kind !== 'categorical' || field.generator.unique) return undefined;
  return createStrata(categoricalWeights(field), context);
}
