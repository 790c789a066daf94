/** Free text of a field: words at the measured lengths, classes, case styles and repeats. */
import type { FieldTask, LengthStats } from '../../tasks/types.js';
import { followMeasuredCase, withMeasuredRepeats } from './measured-shape.js';
import { adapt, measuredFor } from './recipe-input.js';
import { withUniqueSuffix } from './unique-values.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';
import { createWordText } from './word-text.js';

/** Word text at `lengths` in the measured classes and case styles, repeating as measured unless unique. */
export function createFreeText(
  field: FieldTask,
  lengths: LengthStats | undefined,
  context: BuildContext,
  unique: boolean,
): ValueGenerator {
  const stats = measuredFor(field);
  const shaped = (words: ValueGenerator) =>
    followMeasuredCase(stats, context.key, (random, index) =>
      adapt(field.type, words(random, index) as string),
    );
  const words = createWordText(field.type, stats, lengths, context, unique);
  // Values too short to spell their rows in words (three-letter codes) are made unique by a suffix.
  if (words === undefined)
    return withUniqueSuffix(
      shaped(createWordText(field.type, stats, lengths, context, false)!),
      field.type,
      context,
    );
  return unique ? shaped(words) : withMeasuredRepeats(stats, context, false, shaped(words));
}
