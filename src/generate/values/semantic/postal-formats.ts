/**
 * Postal codes written the way the measured ones are, when the profile kept no pattern: the measured
 * character classes and lengths say which of the common national layouts fit (`T5K 2N1` in Canada,
 * `SW1A 1AA` in the UK, `1234 AB` in the Netherlands, `01310-100` in Brazil); one of the layouts of the drawn
 * length, among those the classes allow, is filled with random digits and capitals.
 */
import type { Random } from '../../../shared/random.js';

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
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

function allowed(layout: string, classes: readonly string[]): boolean {
  if (layout.includes('A') && !classes.includes('upper')) return false;
  if (layout.includes(' ') && !classes.includes('space')) return false;
  return !layout.includes('-') || classes.includes('punct');
}

/** A postal code generator for the measured `classes` and drawn `length` (digit-only layouts always fit). */
export function createShapedPostalCode(
  classes: readonly string[],
  length: ((random: Random) => number) | undefined,
): (random: Random) => string {
  const layouts = LAYOUTS.filter((layout) => allowed(layout, classes));
  const bySize = new Map<number, string[]>();
  const ofSize = (target: number) => {
    let found = bySize.get(target);
    if (found === undefined) {
      const nearest = Math.min(...layouts.map((layout) => Math.abs(layout.length - target)));
      found = layouts.filter((layout) => Math.abs(layout.length - target) === nearest);
      bySize.set(target, found);
    }
    return found;
  };
  return (random) => {
    const target = length?.(random);
    const fitting = target === undefined ? layouts : ofSize(target);
    const layout = fitting[random.below(fitting.length)]!;
    let text = '';
    for (const char of layout)
      text +=
        char === '#'
          ? String(random.below(10))
          : char === 'A'
            ? LETTERS[random.below(LETTERS.length)]!
            : char;
    return text;
  };
}
