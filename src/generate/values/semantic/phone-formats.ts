/**
 * Phone numbers written the way the measured ones are: when the profile kept no pattern (too few rows, or
 * formats too varied), the measured character classes and lengths still say whether numbers are spaced and
 * punctuated (`+1 (780) 428-9482`) or bare (`+17804289482`). A number is an optional international prefix
 * (a real calling code) before a national number in one of the common layouts; the layout is the one whose
 * written length is the drawn length, among those whose characters the measured classes allow.
 */
import type { Random } from '../../../shared/random.js';
import { fillLayout, groupByNearestSize, layoutAllowed } from './layouts.js';

/** National layouts (`#` a digit, the first one 2-9), with and without separators. */
const LAYOUTS = [
  '(###) ###-####',
  '###-###-####',
  '### ### ####',
  '(##) ####-####',
  '## ####-####',
  '#### ######',
  '### #######',
  '## ## ## ## ##',
  '##########',
  '#########',
];

/**
 * A phone generator for the measured `classes` and drawn `length`, with calling codes from `prefixes`
 * (`+1`, `+44`, ...).
 */
export function createShapedPhone(
  classes: readonly string[],
  length: ((random: Random) => number) | undefined,
  prefixes: readonly string[],
): (random: Random) => string {
  const spaced = classes.includes('space');
  const layouts = LAYOUTS.filter((layout) => layoutAllowed(layout, classes));
  /** Each layout alone and after each calling code, with its written length. */
  const candidates: { readonly prefix: string; readonly layout: string; readonly size: number }[] = [];
  for (const layout of layouts) {
    candidates.push({ prefix: '', layout, size: layout.length });
    if (classes.includes('punct'))
      for (const code of prefixes) {
        const prefix = `${code}${spaced ? ' ' : ''}`;
        candidates.push({ prefix, layout, size: prefix.length + layout.length });
      }
  }
  const ofSize = groupByNearestSize(candidates, (candidate) => candidate.size);
  return (random) => {
    const target = length?.(random);
    const fitting = target === undefined ? candidates : ofSize(target);
    const { prefix, layout } = fitting[random.below(fitting.length)]!;
    return `${prefix}${fillLayout(random, layout, true)}`;
  };
}
