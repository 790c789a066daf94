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
  // Values too short to spell their rows in words (three-letter codes) number the rows in their measured
  // characters (`officeCode` '1'..'7'), or else are made unique by a suffix.
  if (words === undefined)
    return (
      createIndexCode(stats?.classes, lengths?.min ?? 1, field.type.length, context.rows) ??
      withUniqueSuffix(
        shaped(createWordText(field.type, stats, lengths, context, false)!),
        field.type,
        context,
      )
    );
  return unique ? shaped(words) : withMeasuredRepeats(stats, context, false, shaped(words));
}

const CODE_ALPHABETS: Readonly<Record<string, string>> = {
  digit: '0123456789',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
};

/**
 * Unique codes of digits and letters only (`classes`): row i is its number (i + 1 when digits count it, `1`,
 * `2`...; i for letters alone, `A`, `B`...) written in those characters (digits first, then upper-case, then
 * lower-case letters), at least `minLength` wide (padded with the first character); undefined
 * when other characters were measured or the rows need more characters than `maxLength` allows.
 */
function createIndexCode(
  classes: readonly string[] | undefined,
  minLength: number,
  maxLength: number | undefined,
  rows: number,
): ValueGenerator | undefined {
  if (classes === undefined || classes.length === 0 || classes.some((name) => !(name in CODE_ALPHABETS)))
    return undefined;
  const alphabet = ['digit', 'upper', 'lower']
    .filter((name) => classes.includes(name))
    .map((name) => CODE_ALPHABETS[name])
    .join('');
  const base = alphabet.length;
  const write = (n: number) => {
    let text = '';
    for (let rest = n; rest > 0; rest = Math.floor(rest / base)) text = alphabet[rest % base] + text;
    return text.padStart(Math.max(1, minLength), alphabet[0]);
  };
  const first = classes.includes('digit') ? 1 : 0;
  if (maxLength !== undefined && write(rows - 1 + first).length > maxLength) return undefined;
  return (_random, index) => write(index + first);
}
