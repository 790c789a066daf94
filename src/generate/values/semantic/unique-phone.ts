/**
 * Unique phone numbers at the measured length and character classes. The row's (permuted) index is written
 * as the last digits, at a fixed width for the run, and the digits before it (a country code, then random
 * digits) are as many as the drawn length needs; digits are grouped by four from the end, so the characters
 * of the index sit at the same places in every value and two rows can never give the same number. Spaces and
 * the leading `+` are written only when the measured values had spaces and punctuation (or nothing was
 * measured).
 */
import type { Random } from '../../../shared/random.js';
import { createPermutation } from '../permutation.js';

/** Digits of the country code tried, shortest first, to hit the drawn length exactly. */
const COUNTRY_DIGITS = [1, 2, 3];
/** A number has at least this many digits after its country code. */
const MIN_NATIONAL = 6;

export interface UniquePhoneOptions {
  readonly rows: number;
  readonly key: number;
  readonly length?: (random: Random) => number;
  readonly classes?: readonly string[];
}

export function createUniquePhone(options: UniquePhoneOptions): (random: Random, index: number) => string {
  const rows = Math.max(1, options.rows);
  const width = Math.max(4, String(rows - 1).length);
  const permutation = createPermutation(rows, options.key);
  const spaced = options.classes === undefined || options.classes.includes('space');
  const plus = options.classes === undefined || options.classes.includes('punct');
  /** Characters of `national` digits grouped by four (with spaces). */
  const written = (national: number) => national + (spaced ? Math.ceil(national / 4) - 1 : 0);
  /** Country-code and national digit counts whose number is `length` characters, or the nearest longer. */
  const layout = (length: number): [number, number] => {
    let best: [number, number] = [2, Math.max(width, MIN_NATIONAL)];
    let bestLength = Number.POSITIVE_INFINITY;
    for (const country of COUNTRY_DIGITS)
      for (
        let national = Math.max(width, MIN_NATIONAL);
        national <= Math.max(width, MIN_NATIONAL) + 12;
        national++
      ) {
        const total = (plus ? 1 : 0) + country + (spaced ? 1 : 0) + written(national);
        if (total >= length && total < bestLength) {
          best = [country, national];
          bestLength = total;
        }
      }
    return best;
  };
  // The layout of each length, worked out once.
  const layouts = new Map<number, [number, number]>();
  return (random, index) => {
    const length = options.length ? options.length(random) : 12;
    let chosen = layouts.get(length);
    if (chosen === undefined) {
      chosen = layout(length);
      layouts.set(length, chosen);
    }
    const [country, national] = chosen;
    let digits = String(random.between(1, 9));
    for (let i = 1; i < country; i++) digits += String(random.below(10));
    let rest = '';
    for (let i = width; i < national; i++) rest += String(random.below(10));
    rest += String(permutation.apply(index % permutation.size)).padStart(width, '0');
    let groups = '';
    for (let end = rest.length; end > 0; end -= 4)
      groups = rest.slice(Math.max(0, end - 4), end) + (groups === '' ? '' : spaced ? ` ${groups}` : groups);
    return `${plus ? '+' : ''}${digits}${spaced ? ' ' : ''}${groups}`;
  };
}
