/**
 * Which unique vocabulary entry each row index gets: the first `rows` entries of the vocabularies
 * (vocabularies.ts) in a seeded order, then pronounceable syllables of letters only, about the measured
 * length, that can collide neither with each other nor with the vocabulary.
 */
import { createPermutation } from '../permutation.js';
import { createSyllableFallback } from './syllable-fallback.js';
import {
  type Combination,
  listReached,
  type VocabularySemantic,
  type VocabularyShape,
} from './vocabularies.js';

/** Draws a unique value for a row index (0 ≤ index < rows). */
export type UniqueDraw = (index: number) => string;

/** Where a row's unique entry is: a combination and a position in it, or (no combination) in the fallback. */
interface EntrySpot {
  combination: Combination | undefined;
  position: number;
}

/**
 * The unique entry of each row index for `rows` rows: the first `rows` vocabulary entries (the locale's own
 * first, then other locales, then combinations), in a seeded order, then the syllable fallback.
 */
function createUniqueEntries(
  semantic: VocabularySemantic,
  locale: string | undefined,
  shape: VocabularyShape,
  rows: number,
  key: number,
): { readonly locate: (index: number) => EntrySpot; readonly fallback: (position: number) => string } {
  // The permutation runs over the rows, so the first entries are used: the locale's own words, the first
  // combination before the next; the combinations past those that hold every position are never listed.
  const permutation = createPermutation(Math.max(rows, 1), key);
  const combinations = listReached(semantic, locale, shape, rows, permutation.size);
  const capacity = combinations.reduce((sum, combination) => sum + combination.size, 0);
  // The fallback must not repeat a vocabulary entry: only built when it is needed.
  const known = new Set<string>();
  if (capacity < rows)
    for (const combination of combinations)
      for (let i = 0; i < combination.size; i++) known.add(combination.at(i).toLowerCase());
  const fallback = createSyllableFallback(
    { median: shape.length?.p50, classes: shape.classes },
    rows - capacity,
    (text) => known.has(text.toLowerCase()),
  );
  const spot: EntrySpot = { combination: undefined, position: 0 };
  const locate = (index: number) => {
    let position = permutation.apply(index % permutation.size);
    spot.combination = undefined;
    for (const combination of combinations) {
      if (position < combination.size) {
        spot.combination = combination;
        break;
      }
      position -= combination.size;
    }
    spot.position = position;
    return spot;
  };
  return { locate, fallback };
}

/** A unique value per row index for `rows` rows (see createUniqueEntries). */
export function createUniqueVocabulary(
  semantic: VocabularySemantic,
  locale: string | undefined,
  shape: VocabularyShape,
  rows: number,
  key: number,
): UniqueDraw {
  const { locate, fallback } = createUniqueEntries(semantic, locale, shape, rows, key);
  return (index) => {
    const { combination, position } = locate(index);
    return combination ? combination.at(position) : fallback(position);
  };
}

/**
 * The unique full name of each row index (as `createUniqueVocabulary` gives them for `person.full_name`) as
 * its first and last name apart, without joining and splitting a text per row; a fallback name of one word
 * has no last name (`''`).
 */
export function createUniqueNameParts(
  locale: string | undefined,
  shape: VocabularyShape,
  rows: number,
  key: number,
): (index: number) => readonly [string, string] {
  const { locate, fallback } = createUniqueEntries('person.full_name', locale, shape, rows, key);
  return (index) => {
    const { combination, position } = locate(index);
    if (combination?.parts) return combination.parts(position);
    const [first = '', last = ''] = (combination ? combination.at(position) : fallback(position)).split(' ');
    return [first, last];
  };
}
