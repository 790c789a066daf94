/**
 * `after-parent` rules: a child's date or timestamp comes after a field of the parent its row references (a
 * payment after its rental), drawn as the generated parent's value (computed at the parent's row index, as
 * references are) plus a gap from the rule's histogram, as an ordered pair's later field is within a row
 * (ordered-gap.ts); a rule without a gap keeps the field's own value once a draw of it comes after the
 * parent's. Runs after the references and before in-row rules and repairs, so an ordered pair that
 * starts from the field follows it. A field a key rests on, a reference or a field another rule sets keeps
 * its own values; one only generated unique (a measured unique timestamp) does not stay unique.
 */
import type { Value } from '../../catalog/values.js';
import { deriveKey } from '../../shared/random.js';
import { sameFields } from '../../tasks/relation-through.js';
import type { DatasetTask } from '../../tasks/types.js';
import type { ValueGenerator } from '../values/value-generator.js';
import { listCopiedFields } from './copies-steps.js';
import { listDependentFields } from './depends-steps.js';
import { compileOnAxes, zeroGap } from './ordered-gap.js';
import { listParentDeterminedFields } from './parent-determines-steps.js';
import type { ParentChoice } from './parent-mapping.js';
import type { DatasetContext, Step } from './row-steps.js';

/** Draws of a field's own value for one that comes after its parent's (a rule without a gap). */
const REDRAWS = 8;

/** Compiles one step per `after-parent` rule whose relation and field the dataset generates. */
export function compileAfterParentSteps(
  context: DatasetContext,
  choices: ReadonlyMap<string, ParentChoice>,
  generators: ReadonlyMap<string, ValueGenerator>,
): Step[] {
  const { keys, options, parents, name, random, task } = context;
  const excluded = new Set([
    ...listDependentFields(task),
    ...listCopiedFields(task),
    ...listParentDeterminedFields(task),
    ...keys.keyed,
    ...keys.uniqueWithin.keys(),
    ...keys.relationFields.keys(),
    ...keys.ordinalFields.keys(),
    ...keys.distinctPerParent.keys(),
  ]);
  const steps: Step[] = [];
  for (const rule of task.rules) {
    if (rule.kind !== 'after-parent' || excluded.has(rule.field)) continue;
    const field = keys.byName.get(rule.field);
    const relation = context.relations.find((candidate) => sameFields(candidate.childFields, rule.relation));
    const choice = relation && choices.get(relation.id);
    if (field === undefined || relation === undefined || choice === undefined) continue;
    const parentField = parents
      .get(relation.parent)
      .task.fields.find((candidate) => candidate.name === rule.parent_field);
    const axes =
      parentField && compileOnAxes(parentField, field, rule.gap ?? zeroGap(field), rule.strict === true);
    if (axes === undefined) continue;
    const key = deriveKey(options.seed, name, 'after-parent', rule.field);
    const generate = generators.get(rule.field);
    const gapped = rule.gap !== undefined;
    steps.push((row, index) => {
      const drawn = row[rule.field];
      if (choice.parent < 0 || drawn === null || drawn === undefined) return;
      const start = parents.get(relation.parent).valueAt(rule.parent_field, choice.parent);
      if (gapped) {
        row[rule.field] = axes.lag(start, drawn, random.reset(key, index));
        return;
      }
      // Without a gap: the field's own value once a draw comes after the parent's, else one spread after it.
      let value: Value = drawn;
      for (let draw = 1; draw <= REDRAWS && generate !== undefined && !axes.after(start, value); draw++)
        value = generate(random.reset(key + draw, index), index);
      row[rule.field] = axes.after(start, value)
        ? value
        : axes.spread(start, value, random.reset(key, index));
    });
  }
  return steps;
}

/** The child fields `after-parent` rules may set. */
export function listAfterParentFields(task: DatasetTask): string[] {
  return task.rules.flatMap((rule) => (rule.kind === 'after-parent' ? [rule.field] : []));
}
