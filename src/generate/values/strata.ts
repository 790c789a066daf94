/**
 * Categories spread over a dataset field's row index space: a seeded permutation ranks the rows, and each
 * category takes a contiguous run of ranks as long as its share, so every category gets its exact share of
 * the rows (a small table keeps a rare category that independent draws could miss) and each row knows its
 * rank among its category's rows (what composite keys of a category and another field use).
 */

import type { Random } from '../../shared/random.js';
import { buildAliasTable } from './alias-table.js';
import { createPermutation, foldIndex } from './permutation.js';
import type { BuildContext } from './value-generator.js';

const STRATA_SALT = 0x165667b1;

/** Where a row falls in a stratified field: its category and its rank among that category's rows. */
export interface StratumSpot {
  stratum: number;
  within: number;
}

/** A stratified field's categories over its row index space (see createCategoryChooser). */
export interface Strata {
  /** Rows of each category. */
  readonly sizes: readonly number[];
  /** Category and rank within it of row `index`; writes into `into` to avoid allocation. */
  locate(index: number, into: StratumSpot): StratumSpot;
}

/** The strata of `weights` for a stratified field, or undefined when `context` is not one or nothing weighs. */
export function createStrata(weights: readonly number[], context: BuildContext): Strata | undefined {
  const rows = context.rows;
  const total = weights.reduce((sum, weight) => sum + Math.max(0, weight), 0);
  if (!context.stratified || rows < 2 || !(total > 0)) return undefined;
  // Rank r (0..rows-1, a seeded permutation of the index) belongs to the first category whose cumulative
  // share of the rows passes r + 0.5; each category's ranks are contiguous from `firsts[category]`.
  const firsts: number[] = [0];
  let cumulative = 0;
  for (const weight of weights) {
    cumulative += Math.max(0, weight) / total;
    firsts.push(Math.min(rows, Math.ceil(cumulative * rows - 0.5)));
  }
  firsts[firsts.length - 1] = rows;
  const sizes = weights.map((_, category) => firsts[category + 1]! - firsts[category]!);
  const permutation = createPermutation(rows, context.key ^ STRATA_SALT);
  return {
    sizes,
    locate(index, into) {
      const rank = permutation.apply(foldIndex(index, rows));
      let low = 0;
      let high = weights.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (firsts[middle + 1]! <= rank) low = middle + 1;
        else high = middle;
      }
      into.stratum = low;
      into.within = rank - firsts[low]!;
      return into;
    },
  };
}

/** Picks a category index by weight: by stratum for a stratified field, otherwise an independent draw. */
export function createCategoryChooser(
  weights: readonly number[],
  context: BuildContext,
  unique: boolean,
): (random: Random, index: number) => number {
  const strata = unique ? undefined : createStrata(weights, context);
  if (!strata) {
    const table = buildAliasTable(weights);
    return (random) => table.draw(random);
  }
  const spot: StratumSpot = { stratum: 0, within: 0 };
  return (_random, index) => strata.locate(index, spot).stratum;
}
