/**
 * Array values: the frequent whole arrays measured (`combinations`, each seen at least k times) drawn at their
 * shares, and the rest built from the length distribution and the element's recipe: without a repeated
 * element when none was measured (`distinct`), and never equal to a kept combination (that would add to its
 * share). Arrays of more dimensions are built level by level at one sampled length.
 */
import { encodeJson } from '../../catalog/value-text.js';
import type { Value } from '../../catalog/values.js';
import type { Random } from '../../shared/random.js';
import type { GeneratorRecipe, TypeTask } from '../../tasks/types.js';
import { createLengthSampler } from './distributions.js';
import { createCategoryChooser } from './strata.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';
import { convertLiteral } from './value-text.js';

type ArrayRecipe = Extract<GeneratorRecipe, { kind: 'array' }>;

/** Redraws of an element that is already in the array. */
const REDRAWS = 8;
/**
 * Draws of a rest array until it is not a kept combination: the lengths measured are those of all arrays,
 * and the short ones are usually all kept (every empty array, every single tag), so most draws of the rest
 * give a kept combination, and each one kept would add to that combination's share.
 */
const REST_DRAWS = 64;
/** An `other` share below this is rounding, not arrays to invent. */
const NO_REST = 1e-6;

/** The generator of an array field of `type` from its recipe and the generator of one element. */
export function createArrayGenerator(
  type: TypeTask,
  recipe: ArrayRecipe,
  context: BuildContext,
  element: ValueGenerator,
): ValueGenerator {
  const length = createLengthSampler(recipe.length ?? { p50: 3 }, 0);
  const dimensions = Math.max(1, type.dimensions ?? 1);
  const distinct = recipe.distinct === true && dimensions === 1;
  const build = (random: Random, index: number, depth: number, size: number): Value[] => {
    const values: Value[] = [];
    for (let i = 0; i < size; i++) {
      if (depth > 1) {
        values.push(build(random, index, depth - 1, size));
        continue;
      }
      let value = element(random, index);
      for (let redraw = 0; distinct && redraw < REDRAWS && values.includes(value); redraw++)
        value = element(random, index);
      // A vocabulary too small for the length: the array is shorter rather than holding a repeat.
      if (!distinct || !values.includes(value)) values.push(value);
    }
    return values;
  };
  const buildRest: ValueGenerator = (random, index) => build(random, index, dimensions, length(random));
  const elementType = type.element ?? { logical: 'string', native: 'text' };
  const combinations = (recipe.combinations ?? []).map(([values, share]) => ({
    values: values.map((literal) => convertLiteral(elementType, literal)),
    share,
  }));
  if (combinations.length === 0) return buildRest;

  const kept = new Set(combinations.map((combination) => encodeJson(combination.values)));
  const rest = Math.max(0, 1 - combinations.reduce((sum, combination) => sum + combination.share, 0));
  const weights = combinations.map((combination) => combination.share);
  const choose = createCategoryChooser(rest > NO_REST ? [...weights, rest] : weights, context, false);
  const drawRest: ValueGenerator = (random, index) => {
    let value = buildRest(random, index) as Value[];
    for (let redraw = 1; redraw < REST_DRAWS && kept.has(encodeJson(value)); redraw++)
      value = buildRest(random, index) as Value[];
    return value;
  };
  return (random, index) => {
    const chosen = choose(random, index);
    const combination = combinations[chosen];
    return combination === undefined ? drawRest(random, index) : [...combination.values];
  };
}
