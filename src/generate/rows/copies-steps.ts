/**
 * `copies` rules: for the rule's share of the rows, the listed child fields take the values of the parent the
 * row references (computed at the parent's row index, as references are), so an order ships to its
 * customer's address and its ship city lies in its ship country. Runs after references and `depends` rules,
 * so a copied row is the parent's whole.
 *
 * The other rows take the fields that depend on one another (a `depends` rule between two listed fields: the
 * ship address determines the ship city) from another generated parent, spread evenly over the parents: the
 * parents' rows are blocks known to hang together, and the copied rows already put every parent's block in
 * the child. Drawn on their own, those rows gave an address some parent also had, with another chain's city
 * and postal code, and broke the rules the copied rows keep. Listed fields no such rule ties keep their own
 * values there.
 */
import { deriveKey } from '../../shared/random.js';
import { sameFields } from '../../tasks/relation-through.js';
import type { DatasetTask } from '../../tasks/types.js';
import { createPermutation, foldIndex } from '../values/permutation.js';
import { createStrata, type StratumSpot } from '../values/strata.js';
import type { ParentChoice } from './parent-mapping.js';
import type { DatasetContext, Step } from './row-steps.js';

/** Compiles one step per `copies` rule whose relation the dataset generates. */
export function compileCopiesSteps(
  context: DatasetContext,
  choices: ReadonlyMap<string, ParentChoice>,
): Step[] {
  const { keys, options, parents, name } = context;
  const steps: Step[] = [];
  for (const rule of context.task.rules) {
    if (rule.kind !== 'copies' || !(rule.share > 0)) continue;
    const relation = context.relations.find((candidate) => sameFields(candidate.childFields, rule.relation));
    const choice = relation && choices.get(relation.id);
    if (relation === undefined || choice === undefined) continue;
    const parentTask = parents.get(relation.parent).task;
    const parentFields = new Set(parentTask.fields.map((field) => field.name));
    // Keys and references keep their own values (a copy could repeat a unique value).
    const pairs = Object.entries(rule.fields).filter(
      ([field, parentField]) =>
        keys.byName.has(field) &&
        !keys.unique.has(field) &&
        !keys.relationFields.has(field) &&
        parentFields.has(parentField),
    );
    if (pairs.length === 0) continue;
    const tied = listTiedFields(
      context.task,
      pairs.map(([field]) => field),
    );
    const tiedPairs = pairs.filter(([field]) => tied.has(field));
    // The copied rows are an exact share of the rows, spread over them by a seeded permutation.
    const strata = createStrata([rule.share, 1 - rule.share], {
      seed: options.seed,
      key: deriveKey(options.seed, name, 'copies', relation.id),
      rows: context.planned.offset + context.planned.rows,
      pools: options.pools,
      where: `${name} copies`,
      stratified: true,
    });
    const { first, count } = parents.parentRange(relation.parent);
    // The other rows, ranked among themselves, are dealt to the parents in a seeded order.
    const others =
      count > 1
        ? createPermutation(count, deriveKey(options.seed, name, 'copies-other', relation.id))
        : undefined;
    const spot: StratumSpot = { stratum: 0, within: 0 };
    const copy = (row: Parameters<Step>[0], copied: readonly (readonly [string, string])[], at: number) => {
      const parent = parents.get(relation.parent);
      for (const [field, parentField] of copied) {
        const value = parent.valueAt(parentField, at);
        const type = keys.byName.get(field)!;
        // A value the child field cannot hold (null in a required field, text over its length) stays its own.
        if (value === null && !type.nullable) continue;
        if (typeof value === 'string' && type.type.length !== undefined && value.length > type.type.length)
          continue;
        row[field] = value;
      }
    };
    steps.push((row, index) => {
      if (strata === undefined) {
        if (rule.share >= 1 && choice.parent >= 0) copy(row, pairs, choice.parent);
        return;
      }
      strata.locate(index, spot);
      if (spot.stratum === 0 && choice.parent >= 0) {
        copy(row, pairs, choice.parent);
        return;
      }
      if (others === undefined || tiedPairs.length === 0) return;
      // Another parent than the row's own, so that the row does not count as a copy.
      let other = others.apply(foldIndex(spot.within, count));
      if (first + other === choice.parent) other = (other + 1) % count;
      copy(row, tiedPairs, first + other);
    });
  }
  return steps;
}

/** Of `fields`, those a `depends` rule ties to another of them (every determinant and the dependent listed). */
function listTiedFields(task: DatasetTask, fields: readonly string[]): Set<string> {
  const listed = new Set(fields);
  const tied = new Set<string>();
  for (const rule of task.rules) {
    if (rule.kind !== 'depends') continue;
    const sides = [...rule.fields, rule.determines];
    if (sides.every((field) => listed.has(field))) for (const field of sides) tied.add(field);
  }
  return tied;
}

/** The child fields `copies` rules may set. */
export function listCopiedFields(task: DatasetTask): string[] {
  return task.rules.flatMap((rule) => (rule.kind === 'copies' ? Object.keys(rule.fields) : []));
}
