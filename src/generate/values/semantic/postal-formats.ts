/**
 * Postal codes written the way the measured ones are, when the profile kept no pattern: the measured
 * character classes and lengths say which of the common national layouts fit (`T5K 2N1` in Canada,
 * `SW1A 1AA` in the UK, `1234 AB` in the Netherlands, `01310-100` in Brazil); one of the layouts of the drawn
 * length, among those the classes allow, is filled with random digits and capitals.
 */
import type { Random } from '../../../shared/random.js';
import { fillLayout, groupByNearestSize, layoutAllowed } from './layouts.js';

/** `#` a digit, `A` a capital letter. */
const LAYOUTS = [
  '#####',
  '#####-####',
  '####',
  '######',
  '###-####',
  '#####-###',
  '####-###',
  '##-###',
  '### ##',
  'A#A #A#',
  'A# #AA',
  'A## #AA',
  'AA# #AA',
  'AA## #AA',
  '#### AA',
  'A## A#A#',
  'A####AAA',
];

/** A postal code generator for the measured `classes` and drawn `length` (digit-only layouts always fit). */
export function createShapedPostalCode(
  classes: readonly string[],
  length: ((random: Random) => number) | undefined,
): (random: Random) => string {
  const layouts = LAYOUTS.filter((layout) => layoutAllowed(layout, classes));
  const ofSize = groupByNearestSize(layouts, (layout) => layout.length);
  return (random) => {
    const target = length?.(random);
    const fitting = target === undefined ? layouts : ofSize(target);
    return fillLayout(random, fitting[random.below(fitting.length)]!);
  };
}
