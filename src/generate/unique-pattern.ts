/**
 * Unique values inside a pattern's own space: for a simple pattern ending in fixed-length runs
 * (`SKU-0[0-9]{4}`, `\+[0-9]{1,2} [0-9]{3} [0-9]{4}`) whose fixed tail holds the rows, a seeded permutation
 * of the row index is written in the mixed radix of the tail's character positions (last positions first);
 * whatever comes before is drawn freely. Values are unique, match the pattern and keep its lengths, where a
 * suffix would have changed both.
 */
import { compileSimplePattern } from './pattern.js';
import { createPermutation } from './permutation.js';
import type { Random } from './random.js';
import type { ValueGenerator } from './value-generator.js';

/** Largest space enumerated through the permutation (the positions before it are drawn freely). */
const MAX_SPACE = 2 ** 50;

/**
 * A unique generator over `pattern` for `rows` rows, or undefined when the pattern is not simple, does not
 * end in fixed-length runs, or that tail holds fewer values than there are rows (the caller then appends a
 * suffix).
 */
export function createUniquePatternGenerator(
  pattern: string,
  rows: number,
  key: number,
): ValueGenerator | undefined {
  const runs = compileSimplePattern(pattern, 16);
  if (runs === undefined) return undefined;
  let tailStart = runs.length;
  while (tailStart > 0 && runs[tailStart - 1]!.min === runs[tailStart - 1]!.max) tailStart--;
  const head = runs.slice(0, tailStart);
  const alphabets: string[] = runs
    .slice(tailStart)
    .flatMap((run) => Array.from({ length: run.min }, () => run.alphabet));
  // Enumerated positions: from the end, while the space stays exact in a double.
  let space = 1;
  let first = alphabets.length;
  while (first > 0 && space * alphabets[first - 1]!.length <= MAX_SPACE && space < rows) {
    first--;
    space *= alphabets[first]!.length;
  }
  if (space < rows) return undefined;
  const permutation = createPermutation(space, key);
  const drawFreely = (random: Random, alphabet: string) =>
    alphabet.length === 1 ? alphabet : alphabet[random.below(alphabet.length)]!;
  return (random, index) => {
    let text = '';
    for (const run of head) {
      const length = run.min + random.below(run.max - run.min + 1);
      for (let i = 0; i < length; i++) text += drawFreely(random, run.alphabet);
    }
    for (let position = 0; position < first; position++) text += drawFreely(random, alphabets[position]!);
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
