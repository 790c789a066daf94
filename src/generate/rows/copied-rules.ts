/**
 * Parent `depends` rules implied by a child's: a `copies` rule gives the child's copied fields its parent's
 * values, so a `depends` rule between copied child fields (billing city → billing state) holds in the child
 * only if it holds between the parent fields they copy. The profiler finds it in the child but can miss it
 * in the parent (a customers table of 59 rows has fewer than k rows per city), and the parent's fields would
 * then be drawn on their own. The generator gives the parent the rule too, unless a rule measured in the
 * parent already determines that field, or a field of it is unique in the parent (a unique determinant
 * stands for one row, so the rule holds by itself; a unique dependent must not repeat). For generation only:
 * the task files keep what was measured.
 */
import { relationThrough } from '../../tasks/relation-through.js';
import type { DatasetTask, RuleTask } from '../../tasks/types.js';

type DependsRule = Extract<RuleTask, { readonly kind: 'depends' }>;

/** `datasets` with the `depends` rules their children's `copies` rules imply added to the parents. */
export function addCopiedRules(datasets: readonly DatasetTask[]): DatasetTask[] {
  const byName = new Map(datasets.map((task) => [task.dataset.name, task]));
  const added = new Map<string, DependsRule[]>();
  for (const child of datasets)
    for (const copies of child.rules) {
      if (copies.kind !== 'copies' || !(copies.share > 0)) continue;
      const parentName = relationThrough(child, copies.relation)?.to.dataset;
      const parent = parentName === undefined ? undefined : byName.get(parentName);
      if (parent === undefined || parent === child) continue;
      const rules = added.get(parent.dataset.name) ?? [];
      for (const rule of child.rules) {
        if (rule.kind !== 'depends') continue;
        const fields = rule.fields.map((field) => copies.fields[field]);
        const determines = copies.fields[rule.determines];
        if (determines === undefined || fields.some((field) => field === undefined)) continue;
        // A field several implied rules determine is set by the one depends-order.ts chooses, as in the child.
        const determined = parent.rules.some(
          (other) => other.kind === 'depends' && other.determines === determines,
        );
        const again = rules.some(
          (other) => other.determines === determines && other.fields.join('\u0000') === fields.join('\u0000'),
        );
        const unique = [...fields, determines].some((field) => isUnique(parent, field!));
        if (determined || again || unique) continue;
        rules.push({
          kind: 'depends',
          fields: fields as string[],
          determines,
          ...(rule.pairs === undefined ? {} : { pairs: rule.pairs }),
        });
      }
      if (rules.length > 0) added.set(parent.dataset.name, rules);
    }
  return datasets.map((task) => {
    const rules = added.get(task.dataset.name);
    return rules === undefined ? task : { ...task, rules: [...task.rules, ...rules] };
  });
}

/** Whether `field` holds a different value in every row of `task` (a key, or generated unique). */
function isUnique(task: DatasetTask, field: string): boolean {
  const single = (fields: readonly string[] | undefined) => fields?.length === 1 && fields[0] === field;
  if (single(task.keys.primary?.fields) || task.keys.unique.some((unique) => single(unique.fields)))
    return true;
  const found = task.fields.find((candidate) => candidate.name === field);
  return found?.generator.unique === true || found?.stats?.unique === true;
}
