/**
 * Unique values inside a pattern's own space, where a suffix would change both shape and length. For a simple
 * pattern ending in fixed-length runs (`SKU-0[0-9]{4}`, `\+[0-9]{1,2} [0-9]{3} [0-9]{4}`) whose fixed tail
 * holds the rows, a seeded permutation of the row index is written in the mixed radix of the tail's character
 * positions (last positions first); for one ending in a variable-length run (`Department [0-9]{1,4}`), the
 * permuted index is written as a number in that run's alphabet, over as few numbers as the measured lengths
 * allow (`Ada 1`..`Ada 1200` stay three and four digits long instead of filling `[0-9]{1,4}`). Whatever
 * comes before is drawn freely.
 */

import type { Random } from '../../shared/random.js';
import type { LengthStats } from '../../tasks/types.js';
import { compileSimplePattern, type Run } from './pattern.js';
import { createPermutation } from './permutation.js';
import type { ValueGenerator } from './value-generator.js';

/** Largest space enumerated through the permutation (the positions before it are drawn freely). */
const MAX_SPACE = 2 ** 50;

/**
 * A unique generator over `pattern` for `rows` rows, or undefined when the pattern is not simple or its tail
 * holds fewer values than there are rows (the caller then appends a suffix). `lengths`, the measured lengths
 * of whole values, bound a variable-length tail's numbers.
 */
export function createUniquePatternGenerator(
  pattern: string,
  rows: number,
  key: number,
  lengths?: LengthStats,
): ValueGenerator | undefined {
  const runs = compileSimplePattern(pattern, 16);
  if (runs === undefined || runs.length === 0) return undefined;
  if (runs.at(-1)!.min !== runs.at(-1)!.max) return createNumberedTail(runs, rows, key, lengths);
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
  return (random, index) => {
    let text = drawRuns(random, head);
    for (let position = 0; position < first; position++) text += drawCharacter(random, alphabets[position]!);
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

/**
 * A pattern ending in a variable-length run (`Department [0-9]{1,4}`): the permuted row index written in the
 * last run's alphabet as a number without leading "zeros" (its first character), padded to the run's
 * minimum length, which keeps every index's text distinct; the runs before it are drawn freely. The numbers
 * come from the whole run's space, or, with measured `lengths`, from the smallest space that holds the rows
 * and reaches the measured median length (numbers counted from one, `User 7` to `User 1200`, are mostly as
 * long as the largest; those drawn at random over `{1,4}` mostly four digits).
 */
function createNumberedTail(
  runs: readonly Run[],
  rows: number,
  key: number,
  lengths: LengthStats | undefined,
): ValueGenerator | undefined {
  const last = runs.at(-1)!;
  const radix = last.alphabet.length;
  if (radix < 2) return undefined;
  const full = Math.min(radix ** last.max, MAX_SPACE);
  if (full < rows) return undefined;
  const head = runs.slice(0, -1);
  let space = full;
  if (lengths !== undefined) {
    const headMiddle = head.reduce((sum, run) => sum + (run.min + run.max) / 2, 0);
    const digits = Math.max(last.min, Math.min(last.max, Math.round(lengths.p50 - headMiddle)));
    space = Math.min(full, Math.max(rows, radix ** digits));
  }
  const zero = last.alphabet[0]!;
  const permutation = createPermutation(space, key);
  return (random, index) => {
    let rest = permutation.apply(index % space);
    let tail = '';
    do {
      tail = last.alphabet[rest % radix]! + tail;
      rest = Math.floor(rest / radix);
    } while (rest > 0);
    return drawRuns(random, head) + tail.padStart(last.min, zero);
  };
}

/** Text for `runs`, each of a drawn length with characters drawn from its alphabet. */
function drawRuns(random: Random, runs: readonly Run[]): string {
  let text = '';
  for (const run of runs) {
    const length = run.min === run.max ? run.min : run.min + random.below(run.max - run.min + 1);
    for (let i = 0; i < length; i++) text += drawCharacter(random, run.alphabet);
  }
  return text;
}

function drawCharacter(random: Random, alphabet: string): string {
  return alphabet.length === 1 ? alphabet : alphabet[random.below(alphabet.length)]!;
}
