/**
 * Which fields of a dataset carry its keys, and how: single-field keys are unique by construction; a
 * composite key gets its uniqueness from one component (a unique field, the ordinal of a child within its
 * parent, a field distinct among each parent's children, a field unique within each category, or, for a key
 * made of references, each base parent's children spread without replacement over the other side's
 * parents).
 */
import { DoppelError } from '../../shared/errors.js';
import type { DatasetTask } from '../../tasks/types.js';
import type { PlannedDataset, PlannedRelation } from '../plan/plan.js';
import { listAfterParentFields } from './after-parent-steps.js';
import { chooseKeyRelations, chooseUniqueCarrier, isIndexUnique } from './composite-keys.js';
import { listNotNullFields } from './row-rules.js';
import type { KeyPlan, ParentDatasets } from './row-steps.js';

/**
 * Whether the reference steps fill `field`: a reference, a child's ordinal within its parent, a field distinct
 * among each parent's children (the field steps leave it null).
 */
export function isFilledByReferences(keys: KeyPlan, field: string): boolean {
  return keys.relationFields.has(field) || keys.ordinalFields.has(field) || keys.distinctPerParent.has(field);
}

/** Plans the keys of `task`; a key of references that cannot hold `planned.rows` distinct pairs is an error. */
export function planKeys(
  task: DatasetTask,
  planned: PlannedDataset,
  relations: readonly PlannedRelation[],
  parents: ParentDatasets,
): KeyPlan {
  const name = task.dataset.name;
  const output = task.fields.filter(
    (field) => field.generator.kind !== 'database' && field.generated === undefined,
  );
  const byName = new Map(output.map((field) => [field.name, field]));
  const primary = task.keys.primary?.fields ?? [];
  // A partial unique index (`WHERE NOT deleted`) is kept as if it covered every row: stronger than needed,
  // and it holds whatever the predicate's fields turn out to be.
  const plainUniques = task.keys.unique
    .filter((key) => !key.expressions?.length && key.fields.length > 0)
    .map((key) => key.fields);
  const keySets = [...(primary.length > 0 ? [primary] : []), ...plainUniques];
  const unique = new Set(output.filter((field) => field.generator.unique).map((field) => field.name));
  // Fields a key's uniqueness rests on (others generated unique may be redrawn by an `after-parent` rule).
  const keyed = new Set<string>();
  for (const fields of keySets)
    if (fields.length === 1) {
      unique.add(fields[0]!);
      keyed.add(fields[0]!);
    }
  const afterParent = new Set(listAfterParentFields(task));
  const notNull = listNotNullFields(task);
  for (const field of primary) notNull.add(field);
  const relationFields = new Map<string, PlannedRelation>();
  for (const relation of relations)
    for (const field of relation.childFields) relationFields.set(field, relation);

  // Composite keys: make one component carry the uniqueness.
  const ordinalFields = new Map<string, PlannedRelation>();
  // A two-field key of a category and another field: the other is unique within each category only.
  const uniqueWithin = new Map<string, string>();
  // A key of a reference and other fields: the widest other field differs among each parent's children.
  const distinctPerParent = new Map<string, PlannedRelation>();
  const spreadRelations = new Map<string, PlannedRelation>();
  const wholeReferences: PlannedRelation[] = [];
  for (const fields of keySets) {
    if (fields.length < 2) continue;
    // A reference is not unique by construction (its parents get children by the measured counts, even when a
    // sample saw each parent once): only a field generated unique lets the key be.
    const uniqueAlone = (field: string) =>
      (unique.has(field) && !relationFields.has(field)) ||
      (byName.get(field) !== undefined && isIndexUnique(byName.get(field)!));
    // A member unique on its own carries the key: one no `after-parent` rule redraws, when there is one.
    const uniqueMember =
      fields.find((field) => uniqueAlone(field) && !afterParent.has(field)) ?? fields.find(uniqueAlone);
    if (uniqueMember !== undefined) {
      keyed.add(uniqueMember);
      continue;
    }
    const free = fields.filter((field) => !relationFields.has(field) && byName.has(field));
    // Only a reference the key holds whole groups its rows by parent: of `(flight_id, boarding_no)` under a
    // reference `(ticket_no, flight_id)`, each parent has one child, and rows of one flight span many parents.
    const keyRelations = [
      ...new Set(fields.flatMap((field) => (relationFields.has(field) ? [relationFields.get(field)!] : []))),
    ].filter((relation) => relation.childFields.every((field) => fields.includes(field)));
    const first = keyRelations[0];
    const ordinal = free.find((field) => byName.get(field)?.type.logical === 'integer');
    if (first && ordinal) ordinalFields.set(ordinal, first);
    else if (first && free.length > 0) distinctPerParent.set(chooseUniqueCarrier(free, byName), first);
    else if (free.length > 0) {
      const carrier = chooseUniqueCarrier(free, byName);
      const [category] = free.filter((field) => field !== carrier);
      if (
        fields.length === 2 &&
        category !== undefined &&
        byName.get(category)?.generator.kind === 'categorical'
      )
        uniqueWithin.set(carrier, category);
      else {
        unique.add(carrier);
        keyed.add(carrier);
      }
    } else if (first && keyRelations[1]) {
      const { base, spread } = chooseKeyRelations(keyRelations, parents);
      spreadRelations.set(spread.id, base);
    } else if (first) wholeReferences.push(first);
  }
  // A key that is one whole reference (`boarding_passes (ticket_no, flight_id)` under `ticket_flights`): each
  // parent has one child at most (children without a parent aside).
  const capacities = new Map<string, number>();
  for (const relation of wholeReferences) {
    const supply = parents.parentRange(relation.parent).count;
    const referencing = relation.nullable ? 1 - (relation.cardinality?.null_share ?? 0) : 1;
    if (Math.round(planned.rows * referencing) > supply)
      throw new DoppelError(
        'usage',
        `${name}: ${planned.rows} rows cannot have distinct (${relation.childFields.join(', ')}): ${relation.parent} has only ${supply} rows. Generate fewer rows of ${name} (--rows) or more of ${relation.parent}.`,
      );
    capacities.set(relation.id, 1);
  }
  // A key made of references: each base parent's children take distinct parents on the spread side, so no
  // base parent may have more children than that side has rows.
  for (const [spreadId, base] of spreadRelations) {
    const spread = relations.find((relation) => relation.id === spreadId)!;
    const supply = parents.parentRange(spread.parent).count;
    const capacity = Math.min(capacities.get(base.id) ?? Number.POSITIVE_INFINITY, supply);
    capacities.set(base.id, capacity);
    const pairs = parents.parentRange(base.parent).count * capacity;
    if (planned.rows > pairs) {
      throw new DoppelError(
        'usage',
        `${name}: ${planned.rows} rows cannot have distinct (${base.childFields.join(', ')}, ${spread.childFields.join(', ')}): ${base.parent} and ${spread.parent} make only ${pairs} pairs. Generate fewer rows of ${name} (--rows) or more of its parents.`,
      );
    }
  }
  return {
    output,
    byName,
    keySets,
    unique,
    keyed,
    notNull,
    relationFields,
    ordinalFields,
    distinctPerParent,
    uniqueWithin,
    spreadRelations,
    capacities,
  };
}
