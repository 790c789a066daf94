/**
 * Free text shaped like the measured text: real words (faker's English word lists: nouns, verbs, adjectives,
 * adverbs and the small words between them) joined by spaces up to a length drawn from the measured lengths,
 * the last word chosen to fill the length exactly where a word of that length exists, so no word is cut.
 * Nothing outside the measured character classes is written: no full stop unless punctuation was measured
 * (and the text is long enough to be sentences), never a digit. Unique text takes its uniqueness from its first words, which spell the row's (permuted)
 * index in the word list's base (as many words for every row); the rest is drawn as for any text. The case style is applied by the caller.
 */
import { allLocales } from '@faker-js/faker';
import type { Random } from '../../shared/random.js';
import type { FieldStats, LengthStats, TypeTask } from '../../tasks/types.js';
import { createLengthSampler } from './distributions.js';
import { createPermutation } from './permutation.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';

/** Median length from which text is read as sentences (a full stop at the end) rather than a title. */
const SENTENCE_LENGTH = 40;
/** Words a unique value spells its row with, at most. */
const MAX_SPELLED_WORDS = 4;
/** Draws for a word that leaves room for another one (or fills the rest exactly). */
const WORD_DRAWS = 8;

interface WordList {
  readonly words: readonly string[];
  /** Words by their length. */
  readonly byLength: readonly (readonly string[])[];
  readonly shortest: number;
}

let english: WordList | undefined;

/** The distinct lower-case words of faker's English word lists, letters only. */
function englishWords(): WordList {
  if (english) return english;
  const parts = Object.values(allLocales.en.word ?? {}) as unknown as string[][];
  const words = [...new Set(parts.flat().map((word) => word.toLowerCase()))]
    .filter((word) => /^[a-z]+$/.test(word))
    .sort();
  const byLength: string[][] = [];
  for (const word of words) {
    const same = byLength[word.length] ?? [];
    same.push(word);
    byLength[word.length] = same;
  }
  english = { words, byLength, shortest: Math.min(...words.map((word) => word.length)) };
  return english;
}

function pick(random: Random, list: readonly string[]): string {
  return list[random.below(list.length)]!;
}

/**
 * Appends words to `text`, `separator` between them, until it is `length` characters long (or no word fits
 * the rest).
 */
function fillWords(random: Random, list: WordList, text: string, length: number, separator: string): string {
  let result = text;
  for (;;) {
    const room = length - result.length - (result === '' ? 0 : separator.length);
    if (room < list.shortest) return result;
    const exact = list.byLength[room];
    let word: string | undefined;
    for (let draw = 0; draw < WORD_DRAWS && word === undefined; draw++) {
      const candidate = pick(random, list.words);
      // A word that leaves room for at least one more, or fills the rest.
      if (candidate.length + separator.length + list.shortest <= room || candidate.length === room)
        word = candidate;
    }
    word ??= exact && exact.length > 0 ? pick(random, exact) : undefined;
    if (word === undefined) return result;
    result = result === '' ? word : `${result}${separator}${word}`;
  }
}

/**
 * How unique values spell their row: the fewest words (the same number for every row, so that a value's first
 * words alone tell its row) from the words short enough for that many to fit `maxLength`, or undefined when
 * no number of words both fits and tells the rows apart.
 */
function chooseSpelling(
  list: WordList,
  rows: number,
  maxLength: number,
): { readonly words: readonly string[]; readonly digits: number } | undefined {
  for (let digits = 1; digits <= MAX_SPELLED_WORDS; digits++) {
    const longest = Math.floor((maxLength - (digits - 1)) / digits);
    const words = list.words.filter((word) => word.length <= longest);
    if (words.length > 0 && words.length ** digits >= rows) return { words, digits };
  }
  return undefined;
}

/**
 * A generator of word text for `field`, at `lengths` (the recipe's or the measured ones). With `unique`, the
 * first words of the value for row index i are the permuted i in base |words|: distinct for distinct rows;
 * undefined when the longest allowed value is too short to spell the rows in words, or words run together.
 */
export function createWordText(
  type: TypeTask,
  stats: FieldStats | undefined,
  lengths: LengthStats | undefined,
  context: BuildContext,
  unique: boolean,
): ValueGenerator | undefined {
  const list = englishWords();
  const sample = createLengthSampler(lengths ?? { p50: 40 }, 0, type.length);
  // Text measured without spaces is one run of letters, or words joined by hyphens where punctuation was
  // measured (`Sci-Fi`).
  const classes = stats?.classes;
  const separator =
    classes === undefined || classes.includes('space') ? ' ' : classes.includes('punct') ? '-' : '';
  // Sentences end in a full stop when punctuation was measured; titles and names do not.
  const stop = stats?.classes?.includes('punct') === true && (lengths?.p50 ?? 0) >= SENTENCE_LENGTH;
  const finish = (text: string, length: number) =>
    stop && text !== '' && text.length < length ? `${text}.` : text;
  if (!unique) {
    return (random) => {
      const length = sample(random);
      // A full stop takes the last character when punctuation was measured.
      return finish(fillWords(random, list, '', stop ? length - 1 : length, separator), length);
    };
  }
  // Words run together cannot tell where one ends: such unique text is left to the caller.
  if (separator === '') return undefined;
  const rows = Math.max(1, context.rows);
  const spelling = chooseSpelling(list, rows, Math.min(lengths?.max ?? Infinity, type.length ?? Infinity));
  if (spelling === undefined) return undefined;
  const { words, digits } = spelling;
  const base = words.length;
  // A permutation of every spelling, not only of the first `rows`: 16 categories from the first 16 words of
  // the (sorted) list would all start with `ab`.
  const permutation = createPermutation(Math.min(base ** digits, 2 ** 52), context.key);
  return (random, index) => {
    let position = permutation.apply(index % permutation.size);
    const spelled: string[] = [];
    for (let digit = 0; digit < digits; digit++) {
      spelled.push(words[position % base]!);
      position = Math.floor(position / base);
    }
    const length = sample(random);
    return finish(
      fillWords(random, list, spelled.join(separator), stop ? length - 1 : length, separator),
      length,
    );
  };
}
