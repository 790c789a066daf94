/**
 * Composite keys: which component carries the key's uniqueness, and how a component is kept unique within
 * each category of the other (a `(region, num)` key keeps `num` in its profiled range).
 */

import { mix32 } from '../../shared/random.js';
import type { FieldTask } from '../../tasks/types.js';
import type { PlannedRelation } from '../plan/plan.js';
import { createCategoricalStrata } from '../values/categorical-values.js';
import { compileFieldValue } from '../values/recipes.js';
import type { StratumSpot } from '../values/strata.js';
import type { BuildContext, ValueGenerator } from '../values/value-generator.js';

/**
 * The component of a composite key that carries its uniqueness: the one that had the most distinct values
 * (a SKU rather than its variant number 1..3), the last one on a tie. A component drawn from a few categories
 * cannot be unique, so a wider one is preferred.
 */
export function chooseUniqueCarrier(free: readonly string[], byName: ReadonlyMap<string, FieldTask>): string {
  const width = (name: string) => {
    const field = byName.get(name);
    if (field === undefined) return 0;
    const narrow = field.generator.kind === 'categorical' || field.generator.kind === 'boolean';
    return (narrow ? 0 : 1e15) + (field.stats?.distinct ?? 0);
  };
  let carrier = free[0]!;
  for (const name of free) if (width(name) >= width(carrier)) carrier = name;
  return carrier;
}

/**
 * `field`'s values unique within each category of `category` (a stratified categorical field of the same
 * dataset): one unique generator per category over that category's rows, indexed by the row's rank among
 * them, so the pair is unique and both fields keep their own distributions. Undefined when the category
 * field is not stratified (the caller then makes `field` unique on its own).
 */
export function compileUniqueWithin(
  field: FieldTask,
  category: FieldTask,
  context: BuildContext,
  categoryKey: number,
): ValueGenerator | undefined {
  const strata = createCategoricalStrata(category, { ...context, key: categoryKey });
  if (strata === undefined) return undefined;
  const generators = strata.sizes.map((size, stratum) =>
    compileFieldValue(
      field,
      { ...context, key: mix32(context.key ^ (stratum + 1)), rows: Math.max(1, size) },
      true,
    ),
  );
  const spot: StratumSpot = { stratum: 0, within: 0 };
  return (random, index) => {
    strata.locate(index, spot);
    return generators[spot.stratum]!(random, spot.within);
  };
}

export function isIndexUnique(field: FieldTask): boolean {
  const kind = field.generator.kind;
  return kind === 'sequence' || kind === 'uuid';
}

/**
 * The two relations of a key made of references: the base, whose parents keep their measured children per
 * parent (the side with the fewest parents, where a few parents may each have nearly every row of the other
 * side), and the spread, whose parent each base parent's children take without replacement (the side with
 * the most parents, which can supply the most distinct rows). Ties keep the key's field order.
 */
export function chooseKeyRelations(
  relations: readonly PlannedRelation[],
  space: { parentRange(name: string): { readonly count: number } },
): { readonly base: PlannedRelation; readonly spread: PlannedRelation } {
  const parents = (relation: PlannedRelation) => space.parentRange(relation.parent).count;
  let base = relations[0]!;
  for (const relation of relations) if (parents(relation) < parents(base)) base = relation;
  let spread = relations.find((relation) => relation !== base)!;
  for (const relation of relations)
    if (relation !== base && parents(relation) > parents(spread)) spread = relation;
  return { base, spread };
}
