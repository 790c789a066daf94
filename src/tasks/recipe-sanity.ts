/**
 * Recipes that cannot hold, found when a profile is loaded (so lint, generate and the service all refuse
 * them before any work): a unique sequence that does not move, weights that do not add up to a positive
 * share, unique values asked of a space too small for the dataset's rows, and patterns larger than the
 * generator will build. Each is a problem at the recipe's path.
 */
import type { DocumentPath, ProblemList } from './problems.js';
import type { DatasetTask, FieldTask, GeneratorRecipe } from './types.js';

/** The longest pattern text accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1_000;
/** The largest repeat count (`{n}`, `{n,m}`) a pattern may ask for. */
export const MAX_PATTERN_REPEAT = 1_000;

/** Records a problem for every recipe of `task` that cannot hold for its rows. */
export function checkRecipes(task: DatasetTask, problems: ProblemList): void {
  const rows = task.dataset.rows;
  const visit = (fields: readonly FieldTask[], path: DocumentPath) => {
    for (const [index, field] of fields.entries()) {
      const at = [...path, index, 'generator'];
      for (const { where, message } of describeRecipe(field.generator, rows))
        problems.add([...at, ...where], message);
      if (field.fields !== undefined) visit(field.fields, [...path, index, 'fields']);
    }
  };
  visit(task.fields, ['fields']);
}

interface RecipeProblem {
  readonly where: DocumentPath;
  readonly message: string;
}

/** What is wrong with one recipe for a dataset of `rows` rows. */
export function describeRecipe(recipe: GeneratorRecipe, rows: number): RecipeProblem[] {
  const found: RecipeProblem[] = [];
  const unique = recipe.unique === true && rows > 1;
  const tooFew = (what: string, count: number) =>
    `unique values for ${rows} rows cannot come from ${what} (${count} distinct values)`;
  switch (recipe.kind) {
    case 'sequence':
      if (unique && recipe.step === 0)
        found.push({
          where: ['step'],
          message: 'a unique sequence needs a step other than 0 (every value would repeat)',
        });
      break;
    case 'categorical': {
      const weights = Object.values(recipe.weights);
      const total = weights.reduce((sum, weight) => sum + weight, 0) + (recipe.other?.share ?? 0);
      if (weights.some((weight) => !(weight >= 0)) || !(total > 0) || !Number.isFinite(total))
        found.push({
          where: ['weights'],
          message: 'weights must be at least 0 and add up to a positive number',
        });
      else if (unique && recipe.other === undefined && weights.length < rows)
        found.push({ where: ['weights'], message: tooFew('its categories', weights.length) });
      break;
    }
    case 'histogram': {
      const total = recipe.bins.reduce((sum, bin) => sum + bin[2], 0);
      if (recipe.bins.some((bin) => !(bin[2] >= 0)) || !(total > 0) || !Number.isFinite(total))
        found.push({
          where: ['bins'],
          message: 'bin weights must be at least 0 and add up to a positive number',
        });
      // A unique histogram may not be judged by its range: outer edges are tail quantiles, and the generator
      // spreads unique values past them.
      break;
    }
    case 'boolean':
      if (unique && rows > 2) found.push({ where: ['unique'], message: tooFew('a boolean', 2) });
      break;
    case 'constant':
    case 'null':
      if (unique) found.push({ where: ['unique'], message: tooFew(`a ${recipe.kind}`, 1) });
      break;
    case 'pattern': {
      const problem = describePatternSize(recipe.pattern);
      if (problem !== undefined) found.push({ where: ['pattern'], message: problem });
      break;
    }
    default:
      break;
  }
  return found;
}

/** Why a pattern is larger than the generator builds, or undefined. */
export function describePatternSize(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `is ${pattern.length} characters long; patterns are limited to ${MAX_PATTERN_LENGTH}`;
  for (const match of pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    const largest = Math.max(Number(match[1]), Number(match[2] || 0));
    if (largest > MAX_PATTERN_REPEAT)
      return `repeats ${match[0]}; a pattern may repeat at most ${MAX_PATTERN_REPEAT} times`;
  }
  return undefined;
}
