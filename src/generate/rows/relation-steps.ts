/**
 * References: one parent choice per relation per row, shared by all its fields, read from the parent's
 * compiled row at that index (no generated row is ever looked up). Children per parent follow the measured
 * distribution (parent-mapping.ts); a spread relation of a key made of references follows its own and takes
 * each base parent's children to distinct parents (junction-pairs.ts); ordinal fields number a parent's
 * children, and the (widest) other field of a key with the reference differs among them
 * (distinct-per-parent.ts).
 */

import { deriveKey } from '../../shared/random.js';
import { sameFields } from '../../tasks/relation-through.js';
import type { PlannedRelation } from '../plan/plan.js';
import { compileFieldValue } from '../values/recipes.js';
import type { BuildContext, ValueGenerator } from '../values/value-generator.js';
import { compileAfterParent } from './after-parent-steps.js';
import { createDistinctPerParent } from './distinct-per-parent.js';
import { createSpreadPairing, type SpreadPairing } from './junction-pairs.js';
import {
  createHierarchyMapping,
  createParentMapping,
  type ParentChoice,
  type ParentMapping,
} from './parent-mapping.js';
import type { DatasetContext, Step } from './row-steps.js';

const NULL_SALT = 0x61c88647;

/**
 * Compiles the steps that fill the reference and ordinal fields of the dataset; `choices` receives each
 * relation's parent choice, which holds the current row's parent once the steps ran (copies-steps.ts reads it).
 */
export function compileRelationSteps(
  context: DatasetContext,
  choices: Map<string, ParentChoice> = new Map(),
): Step[] {
  const { name, keys, options, random, planned, parents } = context;
  const { spreadRelations, capacities } = keys;
  const steps: Step[] = [];
  const mappings = new Map<string, ParentMapping>();
  // Spread relations read the choice of the relation they spread from: order them last.
  const ordered = [...context.relations].sort(
    (a, b) => Number(spreadRelations.has(a.id)) - Number(spreadRelations.has(b.id)),
  );
  for (const relation of ordered) {
    const key = deriveKey(options.seed, name, 'relation', relation.id);
    const choice: ParentChoice = { parent: 0, ordinal: 0, position: 0, block: 0 };
    choices.set(relation.id, choice);
    let mapping: ParentMapping | undefined;
    let pairing: SpreadPairing | undefined;
    const { first: parentFirst, count: parentSpace } = parents.parentRange(relation.parent);
    const spreadFrom = spreadRelations.get(relation.id);
    const nullShare = relation.nullable ? (relation.cardinality?.null_share ?? 0) : 0;
    const forcedNull = options.nullRelations?.has(relation.id) ?? false;
    const selfReference = relation.parent === name;
    // A nullable self-reference is a tree (its parents come before their children); one that cannot be null
    // has to close a cycle somewhere, but never on a row itself.
    const hierarchy =
      selfReference && relation.nullable && !spreadFrom && capacities.get(relation.id) === undefined;
    const pairs = relation.childFields
      .map((field, position) => [field, relation.parentFields[position] ?? field] as const)
      .filter(([field]) => keys.byName.has(field));
    steps.push((row, index) => {
      if (
        forcedNull ||
        (spreadFrom && nullShare > 0 && random.reset(key ^ NULL_SALT, index).float() < nullShare) ||
        parentSpace === 0
      ) {
        for (const [field] of pairs) row[field] = null;
        choice.parent = -1;
        return;
      }
      if (spreadFrom) {
        const base = choices.get(spreadFrom.id)!;
        if (base.parent < 0) choice.parent = parentFirst + random.reset(key, index).below(parentSpace);
        else {
          pairing ??= createSpreadPairing(
            mappings.get(spreadFrom.id)!,
            parentSpace,
            parents.parentRange(spreadFrom.parent).count,
            planned.rows,
            key,
            relation.cardinality,
          );
          choice.parent = parentFirst + pairing.choose(base.position, base.block);
        }
        choice.ordinal = 0;
      } else {
        // The mapping nulls an exact share of the children (the profile's null share).
        if (mapping === undefined) {
          mapping = hierarchy
            ? createHierarchyMapping(parentSpace, key, relation.cardinality, nullShare)
            : createParentMapping(
                parentSpace,
                planned.rows,
                key,
                relation.cardinality,
                nullShare,
                capacities.get(relation.id),
              );
          mappings.set(relation.id, mapping);
        }
        mapping.choose(index - planned.offset, choice);
        if (choice.parent < 0) {
          for (const [field] of pairs) row[field] = null;
          return;
        }
        choice.parent += parentFirst;
        if (selfReference && choice.parent === index && parentSpace > 1)
          choice.parent = parentFirst + ((index - parentFirst + 1) % parentSpace);
      }
      const parent = parents.get(relation.parent);
      for (const [field, parentField] of pairs) row[field] = parent.valueAt(parentField, choice.parent);
    });
  }
  for (const [field, relation] of keys.ordinalFields) {
    steps.push((row) => {
      const choice = choices.get(relation.id)!;
      row[field] = choice.parent < 0 ? null : choice.ordinal + 1;
    });
  }
  for (const [field, relation] of keys.distinctPerParent) {
    const task = keys.byName.get(field)!;
    const build = (stratified: boolean): BuildContext => ({
      seed: options.seed,
      key: context.streamKey(field),
      rows: planned.offset + planned.rows,
      pools: options.pools,
      where: `${name}.${field}`,
      stratified,
    });
    const own = compileFieldValue({ ...task, nullable: false }, build(false), false);
    const after = afterParent(context, field, relation, own);
    const value = createDistinctPerParent(
      after?.draw ?? own,
      compileFieldValue({ ...task, nullable: false }, build(true), true),
      deriveKey(options.seed, name, 'distinct', field),
      after?.spread,
    );
    steps.push((row, index) => {
      const choice = choices.get(relation.id)!;
      row[field] = choice.parent < 0 ? null : value(choice.parent, choice.ordinal, index);
    });
  }
  return steps;
}

/**
 * The draws of a field distinct among each parent's children that an `after-parent` rule through the same
 * relation places after its parent's value (an employee's salary periods start after the hire): `draw`, its
 * own draw placed after the parent's value (after-parent-steps.ts); `spread`, values spread evenly between
 * the parent's and the field's highest, for a parent whose gaps keep giving the same few values (most titles
 * start on the hire date). Undefined without such a rule.
 */
function afterParent(
  context: DatasetContext,
  field: string,
  relation: PlannedRelation,
  own: ValueGenerator,
): { readonly draw: ValueGenerator; readonly spread: ValueGenerator } | undefined {
  const rule = context.task.rules.find(
    (candidate) =>
      candidate.kind === 'after-parent' &&
      candidate.field === field &&
      sameFields(candidate.relation, relation.childFields),
  );
  const compiled = rule?.kind === 'after-parent' ? compileAfterParent(context, rule, relation) : undefined;
  if (compiled === undefined) return undefined;
  return {
    draw: (random, parent) => compiled.place(compiled.startOf(parent), own(random, parent), random),
    spread: (random, parent) => compiled.spread(compiled.startOf(parent), own(random, parent), random),
  };
}
