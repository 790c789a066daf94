/**
 * What a relation's `parent_shares` mean at any number of parents: the ranked shares of the measured parents
 * (largest first) read as a cumulative curve, so the generator can lay out children over more or fewer
 * parents (`--scale`) and a comparison can put two profiles' shares side by side.
 */

/**
 * Cumulative blocks of `parents` parents from ranked shares measured over `shares.length` parents (largest
 * first): block r holds L((r + 1) / parents) − L(r / parents) of the children, L being the cumulative share
 * curve of the measured ranks (linear within each). With as many parents as measured, every parent gets its
 * measured share; at another scale each measured rank's share is spread over its part of the parents.
 */
export function stretchRankedShares(parents: number, shares: readonly number[]): Float64Array {
  const measured = shares.length;
  if (measured === 0) return Float64Array.from({ length: parents + 1 }, (_, p) => p);
  const prefix = new Float64Array(measured + 1);
  for (let rank = 0; rank < measured; rank++) prefix[rank + 1] = prefix[rank]! + Math.max(0, shares[rank]!);
  const curve = (position: number): number => {
    const at = position * measured;
    const whole = Math.min(measured - 1, Math.floor(at));
    return prefix[whole]! + (at - whole) * Math.max(0, shares[whole]!);
  };
  const cumulative = new Float64Array(parents + 1);
  for (let p = 1; p <= parents; p++) cumulative[p] = curve(p / parents);
  return cumulative;
}

/** Shares of `parents` parents (largest first, adding up to 1) from measured ranked shares. */
export function rankedSharesAt(parents: number, shares: readonly number[]): number[] {
  const cumulative = stretchRankedShares(parents, shares);
  const total = cumulative[parents]!;
  return Array.from({ length: parents }, (_, p) =>
    total > 0 ? (cumulative[p + 1]! - cumulative[p]!) / total : 1 / parents,
  );
}

/**
 * Total variation ½ Σ |p − q| between two ranked share lists, rank against rank; lists of different lengths
 * are both read at the longer length.
 */
export function rankedSharesDistance(expected: readonly number[], actual: readonly number[]): number {
  const parents = Math.max(expected.length, actual.length);
  if (parents === 0) return 0;
  const left = rankedSharesAt(parents, expected);
  const right = rankedSharesAt(parents, actual);
  let sum = 0;
  for (let p = 0; p < parents; p++) sum += Math.abs(left[p]! - right[p]!);
  return sum / 2;
}
