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
import { deriveKey, type Random } from '../../shared/random.js';
import { sameFields } from '../../tasks/relation-through.js';
import type { DatasetTask, RuleTask } from '../../tasks/types.js';
import type { PlannedRelation } from '../plan/plan.js';
import type { ValueGenerator } from '../values/value-generator.js';
import { listCopiedFields } from './copies-steps.js';
import { listDependentFields } from './depends-steps.js';
import { compileOnAxes, zeroGap } from './ordered-gap.js';
import { listParentDeterminedFields } from './parent-determines-steps.js';
import type { ParentChoice } from './parent-mapping.js';
import type { DatasetContext, Step } from './row-steps.js';

type AfterParentRule = Extract<RuleTask, { readonly kind: 'after-parent' }>;

/** Draws of a field's own value for one that comes after its parent's (a rule without a gap). */
const REDRAWS = 8;

/** Compiles one step per `after-parent` rule whose relation and field the dataset generates. */
export function compileAfterParentSteps(
  context: DatasetContext,
  choices: ReadonlyMap<string, ParentChoice>,
  generators: ReadonlyMap<string, ValueGenerator>,
): Step[] {
  const { keys, options, name, random, task } = context;
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
    const relation = context.relations.find((candidate) => sameFields(candidate.childFields, rule.relation));
    const choice = relation && choices.get(relation.id);
    const compiled = relation && compileAfterParent(context, rule, relation);
    if (choice === undefined || compiled === undefined) continue;
    const key = deriveKey(options.seed, name, 'after-parent', rule.field);
    const generate = generators.get(rule.field);
    steps.push((row, index) => {
      let value = row[rule.field];
      if (choice.parent < 0 || value === null || value === undefined) return;
      const start = compiled.startOf(choice.parent);
      // Without a gap: the field's own value once a draw comes after the parent's (else one spread after it).
      for (let draw = 1; draw <= REDRAWS && !compiled.gapped && generate !== undefined; draw++) {
        if (compiled.after(start, value)) break;
        value = generate(random.reset(key + draw, index), index);
      }
      row[rule.field] = compiled.place(start, value, random.reset(key, index));
    });
  }
  return steps;
}

/** An `after-parent` rule compiled for its dataset: the parent's value and the child's placed after it. */
export interface AfterParent {
  /** The rule has a measured gap. */
  readonly gapped: boolean;
  /** The parent field's value at parent row `parent` (computed as references read it). */
  startOf(parent: number): Value;
  /** Whether `value` comes after `start` as the rule wants. */
  after(start: Value, value: Value): boolean;
  /** The child's value for a drawn one: `start` plus a gap, or without a gap `drawn` when it comes after. */
  place(start: Value, drawn: Value, random: Random): Value;
  /** A value spread evenly between `start` and the field's highest histogram value. */
  spread(start: Value, drawn: Value, random: Random): Value;
}

/** `rule` through `relation` compiled, or undefined when its fields are not both dates or timestamps. */
export function compileAfterParent(
  context: DatasetContext,
  rule: AfterParentRule,
  relation: PlannedRelation,
): AfterParent | undefined {
  const { parents } = context;
  const field = context.keys.byName.get(rule.field);
  const parentField = parents
    .get(relation.parent)
    .task.fields.find((candidate) => candidate.name === rule.parent_field);
  const axes =
    field &&
    parentField &&
    compileOnAxes(parentField, field, rule.gap ?? zeroGap(field), rule.strict === true);
  if (axes === undefined) return undefined;
  const gapped = rule.gap !== undefined;
  return {
    gapped,
    startOf: (parent) => parents.get(relation.parent).valueAt(rule.parent_field, parent),
    after: axes.after,
    place: (start, drawn, random) =>
      gapped
        ? axes.lag(start, drawn, random)
        : axes.after(start, drawn)
          ? drawn
          : axes.spread(start, drawn, random),
    spread: axes.spread,
  };
}

/** The child fields `after-parent` rules may set. */
export function listAfterParentFields(task: DatasetTask): string[] {
  return task.rules.flatMap((rule) => (rule.kind === 'after-parent' ? [rule.field] : []));
}
