/**
 * `parent-determines` rules: for the rule's share of the rows, the child field is looked up from the value of
 * the parent field in the parent the row references (computed at the parent's row index, as references are),
 * so an order's language follows its generated customer's country. Measured pairs come first; other parent
 * values are matched to child values by share when both fields are categorical (depends-table.ts), else
 * drawn from the child field's own values by a hash of the parent value, so one parent value always gives one
 * child value. The other rows, and rows whose parent value is null, keep their own values. Runs after
 * references and before `depends` rules, so a rule the looked-up field determines within the row holds.
 */
import type { Value } from '../../catalog/values.js';
import { deriveKey, hashText } from '../../shared/random.js';
import { sameFields } from '../../tasks/relation-through.js';
import type { DatasetTask } from '../../tasks/types.js';
import { createStrata, type StratumSpot } from '../values/strata.js';
import type { ValueGenerator } from '../values/value-generator.js';
import { convertLiteral } from '../values/value-text.js';
import { listCopiedFields } from './copies-steps.js';
import { listDependentFields } from './depends-steps.js';
import { createDependsTable } from './depends-table.js';
import type { ParentChoice } from './parent-mapping.js';
import type { DatasetContext, Step } from './row-steps.js';

/** Compiles one step per `parent-determines` rule whose relation and field the dataset generates. */
export function compileParentDeterminesSteps(
  context: DatasetContext,
  choices: ReadonlyMap<string, ParentChoice>,
  generators: ReadonlyMap<string, ValueGenerator>,
): Step[] {
  const { keys, options, parents, name, random } = context;
  // A field another rule sets, or a key, keeps that rule's or its own values.
  const excluded = new Set([...listDependentFields(context.task), ...listCopiedFields(context.task)]);
  const steps: Step[] = [];
  for (const rule of context.task.rules) {
    if (rule.kind !== 'parent-determines' || !(rule.share > 0)) continue;
    const field = keys.byName.get(rule.determines);
    const generator = generators.get(rule.determines);
    const relation = context.relations.find((candidate) => sameFields(candidate.childFields, rule.relation));
    const choice = relation && choices.get(relation.id);
    if (
      field === undefined ||
      generator === undefined ||
      relation === undefined ||
      choice === undefined ||
      excluded.has(rule.determines) ||
      keys.unique.has(rule.determines) ||
      keys.relationFields.has(rule.determines)
    )
      continue;
    const parentField = parents
      .get(relation.parent)
      .task.fields.find((candidate) => candidate.name === rule.field);
    if (parentField === undefined) continue;
    const table =
      createDependsTable(parentField, field, rule.pairs) ??
      new Map(
        Object.entries(rule.pairs).map(([from, to]) => [
          String(convertLiteral(parentField.type, from)),
          convertLiteral(field.type, to),
        ]),
      );
    const key = deriveKey(options.seed, name, 'parent-determines', rule.determines);
    const strata = createStrata([rule.share, 1 - rule.share], {
      seed: options.seed,
      key,
      rows: context.planned.offset + context.planned.rows,
      pools: options.pools,
      where: `${name} parent-determines ${rule.determines}`,
      stratified: true,
    });
    const spot: StratumSpot = { stratum: 0, within: 0 };
    steps.push((row, index) => {
      if (choice.parent < 0) return;
      if (strata !== undefined && strata.locate(index, spot).stratum !== 0) return;
      const value: Value = parents.get(relation.parent).valueAt(rule.field, choice.parent);
      if (value === null) return;
      const text = String(value);
      const listed = table.get(text);
      if (listed !== undefined) {
        row[rule.determines] = listed;
        return;
      }
      const hash = hashText(text, key);
      row[rule.determines] = generator(random.reset(key, hash), hash);
    });
  }
  return steps;
}

/** The child fields `parent-determines` rules may set. */
export function listParentDeterminedFields(task: DatasetTask): string[] {
  return task.rules.flatMap((rule) => (rule.kind === 'parent-determines' ? [rule.determines] : []));
}
