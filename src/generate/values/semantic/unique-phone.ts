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
const [PLUS, SPACE, ZERO] = [43, 32, 48];

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
  // The number's character codes, written into one reused array per row.
  const codes: number[] = [];
  const digitBuffer = new Uint8Array(32);
  return (random, index) => {
    const length = options.length ? options.length(random) : 12;
    let chosen = layouts.get(length);
    if (chosen === undefined) {
      chosen = layout(length);
      layouts.set(length, chosen);
    }
    const [country, national] = chosen;
    codes.length = 0;
    if (plus) codes.push(PLUS);
    codes.push(ZERO + random.between(1, 9));
    for (let i = 1; i < country; i++) codes.push(ZERO + random.below(10));
    if (spaced) codes.push(SPACE);
    // The national digits: random ones, then the permuted index at `width` digits (zero-padded).
    let count = 0;
    for (let i = width; i < national; i++) digitBuffer[count++] = random.below(10);
    let rest = permutation.apply(index % permutation.size);
    for (let i = count + width - 1; i >= count; i--) {
      digitBuffer[i] = rest % 10;
      rest = Math.floor(rest / 10);
    }
    count += width;
    // Grouped by four from the end: the first group takes the remainder.
    const lead = count % 4 || 4;
    for (let i = 0; i < count; i++) {
      if (spaced && i > 0 && (i - lead) % 4 === 0) codes.push(SPACE);
      codes.push(ZERO + digitBuffer[i]!);
    }
    return String.fromCharCode(...codes);
  };
}
