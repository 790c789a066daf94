/**
 * `copies` rules: for the rule's share of the rows, the listed child fields take the values of the parent the
 * row references (computed at the parent's row index, as references are), so an order ships to its
 * customer's address and its ship city lies in its ship country. The other rows keep their own values. Runs
 * after references and `depends` rules, so a copied row is the parent's whole.
 */
import { deriveKey } from '../../shared/random.js';
import type { DatasetTask } from '../../tasks/types.js';
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
    const relation = context.relations.find(
      (candidate) =>
        candidate.childFields.length === rule.relation.length &&
        candidate.childFields.every((field, index) => field === rule.relation[index]),
    );
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
    // The copied rows are an exact share of the rows, spread over them by a seeded permutation.
    const strata = createStrata([rule.share, 1 - rule.share], {
      seed: options.seed,
      key: deriveKey(options.seed, name, 'copies', relation.id),
      rows: context.planned.offset + context.planned.rows,
      pools: options.pools,
      where: `${name} copies`,
      stratified: true,
    });
    const spot: StratumSpot = { stratum: 0, within: 0 };
    steps.push((row, index) => {
      if (choice.parent < 0) return;
      if (strata === undefined ? rule.share < 1 : strata.locate(index, spot).stratum !== 0) return;
      const parent = parents.get(relation.parent);
      for (const [field, parentField] of pairs) {
        const value = parent.valueAt(parentField, choice.parent);
        const type = keys.byName.get(field)!;
        // A value the child field cannot hold (null in a required field, text over its length) stays its own.
        if (value === null && !type.nullable) continue;
        if (typeof value === 'string' && type.type.length !== undefined && value.length > type.type.length)
          continue;
        row[field] = value;
      }
    });
  }
  return steps;
}

/** The child fields `copies` rules may set. */
export function listCopiedFields(task: DatasetTask): string[] {
  return task.rules.flatMap((rule) => (rule.kind === 'copies' ? Object.keys(rule.fields) : []));
}
