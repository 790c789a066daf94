/**
 * A pattern recipe's values: one regular expression (unique values from its own space where it holds the
 * rows), or a mixture of several, each drawn for its share of the rows (a field of several formats: phones
 * written three ways, postal codes of two countries).
 */
import { hashText } from '../../shared/random.js';
import type { FieldTask, LengthStats, PatternShare } from '../../tasks/types.js';
import { fitMeasuredLength } from './measured-shape.js';
import { createPatternGenerator } from './pattern.js';
import { adapt } from './recipe-input.js';
import { createCategoryChooser } from './strata.js';
import { createUniquePatternGenerator } from './unique-pattern.js';
import { withUniqueSuffix } from './unique-values.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';

/**
 * Values of one pattern for `field`; unique ones from the pattern's space, else with a suffix. `sole`: the
 * pattern is the field's only one, so `length` (the field's measured lengths) are its values' lengths too.
 */
export function createPatternValues(
  field: FieldTask,
  pattern: string,
  length: LengthStats | undefined,
  context: BuildContext,
  unique: boolean,
  sole = false,
): ValueGenerator {
  const drawn = createPatternGenerator(pattern, length?.max ?? length?.p95 ?? 16);
  const generate: ValueGenerator = (random) => adapt(field.type, drawn(random));
  if (!unique) return generate;
  // Unique values from the pattern's own space keep its shape and, for a sole pattern, the measured lengths
  // (the runs drawn freely redrawn towards them); a suffix when the space is too small.
  const measured = sole ? length : undefined;
  const numbered = createUniquePatternGenerator(pattern, context.rows, context.key, measured);
  const inSpace = numbered && fitMeasuredLength(measured, numbered);
  // Fixed-length text (an ObjectId's 24 hex digits) fits when every value of the pattern has that length, or
  // when the measured values were shorter (a blank-padded char(n) read without its blanks, MySQL world's
  // country names; a bare bpchar, Northwind's ALFKI, has no length at all).
  const width = field.type.length;
  const sameLength = length?.min === width && length?.max === width;
  const shorter = length?.max !== undefined && (width === undefined || length.max < width);
  const fits = field.type.logical === 'string' && (!field.type.fixed_length || sameLength || shorter);
  if (inSpace && fits) {
    return (random, index) => {
      const text = inSpace(random, index) as string;
      return field.type.length !== undefined && text.length > field.type.length
        ? withUniqueSuffix(generate, field.type, context)(random, index)
        : text;
    };
  }
  return withUniqueSuffix(generate, field.type, context);
}

/**
 * Values from several generators by share: `build(pattern, context)` makes each entry's values (its own
 * stream key), and each row takes an entry by its share (exact shares over a dataset's rows); `rest`, when
 * given, takes what the shares leave (they may sum to less than 1). A unique entry takes the row's index in
 * its own space, so values stay unique across entries whose shapes differ.
 */
export function createPatternMixture(
  entries: readonly PatternShare[],
  context: BuildContext,
  build: (pattern: string, context: BuildContext) => ValueGenerator | undefined,
  rest?: ValueGenerator,
): ValueGenerator | undefined {
  const generators: ValueGenerator[] = [];
  const weights: number[] = [];
  for (const entry of entries) {
    const generate = build(entry.pattern, { ...context, key: hashText(entry.pattern, context.key) });
    if (generate === undefined) return undefined;
    generators.push(generate);
    weights.push(entry.share);
  }
  const total = weights.reduce((sum, share) => sum + share, 0);
  if (rest !== undefined && total < 1) {
    generators.push(rest);
    weights.push(1 - total);
  }
  if (generators.length === 1) return generators[0];
  const choose = createCategoryChooser(weights, context, false);
  return (random, index) => generators[choose(random, index)]!(random, index);
}
