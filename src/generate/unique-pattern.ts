/**
 * Unique values inside a pattern's own space: for a fixed-length simple pattern (`SKU-0[0-9]{4}`) whose
 * space holds the rows, a seeded permutation of the row index is written in the mixed radix of the pattern's
 * character positions (last positions first), so values are unique, match the pattern and keep its length,
 * where a suffix would have changed both.
 */
import { compileSimplePattern } from './pattern.js';
import { createPermutation } from './permutation.js';
import type { ValueGenerator } from './value-generator.js';

/** Largest space enumerated through the permutation (the positions before it are drawn freely). */
const MAX_SPACE = 2 ** 50;

/**
 * A unique generator over `pattern` for `rows` rows, or undefined when the pattern is not simple, not of
 * fixed length, or its space holds fewer values than there are rows (the caller then appends a suffix).
 */
export function createUniquePatternGenerator(
  pattern: string,
  rows: number,
  key: number,
): ValueGenerator | undefined {
  const runs = compileSimplePattern(pattern, 16);
  if (runs === undefined || runs.some((run) => run.min !== run.max)) return undefined;
  const alphabets: string[] = runs.flatMap((run) => Array.from({ length: run.min }, () => run.alphabet));
  // Enumerated positions: from the end, while the space stays exact in a double.
  let space = 1;
  let first = alphabets.length;
  while (first > 0 && space * alphabets[first - 1]!.length <= MAX_SPACE && space < rows) {
    first--;
    space *= alphabets[first]!.length;
  }
  if (space < rows) return undefined;
  const permutation = createPermutation(space, key);
  return (random, index) => {
    let text = '';
    for (let position = 0; position < first; position++) {
      const alphabet = alphabets[position]!;
      text += alphabet.length === 1 ? alphabet : alphabet[random.below(alphabet.length)];
    }
    let rest = permutation.apply(index % space);
    let tail = '';
    for (let position = alphabets.length - 1; position >= first; position--) {
      const alphabet = alphabets[position]!;
      tail = alphabet[rest % alphabet.length]! + tail;
      rest = Math.floor(rest / alphabet.length);
    }
    return text + tail;
  };
}
