/**
 * The privacy filter of measured rules: a `depends` or `parent-determines` rule keeps a (determinant,
 * dependent) pair only when the pair was seen at least k times and both values are kept literals of their
 * fields (each seen at least k times in a field not classified personal). Such a pair reveals no more than its
 * two values, which the task files already hold; everything else the rule measured is dropped.
 */
import { relationThrough } from '../../tasks/relation-through.js';
import type { DatasetTask, FieldTask, RuleTask } from '../../tasks/types.js';
import type { DatasetMeasure } from '../measure/dataset-profiler.js';
import type { MeasuredPair, MeasuredRule } from '../measure/rules.js';

/**
 * The rules of one dataset to write: measured pairs filtered, every other rule as it is. `parent-determines`
 * rules need the parent's task: `addParentRules` writes them once every task is built.
 */
export function filterRules(
  rules: readonly MeasuredRule[],
  keptByField: ReadonlyMap<string, ReadonlySet<string>>,
  k: number,
): RuleTask[] {
  return rules.flatMap((rule): RuleTask[] => {
    if (rule.kind === 'parent-determines') return [];
    if (rule.kind !== 'depends') return [rule];
    const { measured, ...stated } = rule;
    const [determinant] = rule.fields;
    const keptFrom = determinant === undefined ? undefined : keptByField.get(determinant);
    const keptTo = keptByField.get(rule.determines);
    const pairs = rule.fields.length === 1 ? keepPairs(measured, keptFrom, keptTo, k) : undefined;
    return [pairs === undefined ? stated : { ...stated, pairs }];
  });
}

/**
 * `datasets` with the measured `parent-determines` rules of `measures` added to their children, each keeping
 * the pairs whose values both tasks hold as literals (a rule left with no pair is dropped: it would only
 * match values by share).
 */
export function addParentRules(
  datasets: readonly DatasetTask[],
  measures: ReadonlyMap<string, DatasetMeasure>,
  k: number,
): DatasetTask[] {
  const byName = new Map(datasets.map((task) => [task.dataset.name, task]));
  return datasets.map((task) => {
    const added: RuleTask[] = [];
    for (const rule of measures.get(task.dataset.name)?.rules ?? []) {
      if (rule.kind !== 'parent-determines') continue;
      const parentName = relationThrough(task, rule.relation)?.to.dataset;
      const parent = parentName === undefined ? undefined : byName.get(parentName);
      const { measured, ...stated } = rule;
      const pairs = keepPairs(
        measured,
        literalsOf(parent?.fields.find((field) => field.name === rule.field)),
        literalsOf(task.fields.find((field) => field.name === rule.determines)),
        k,
      );
      if (pairs !== undefined) added.push({ ...stated, pairs });
    }
    return added.length === 0 ? task : { ...task, rules: [...task.rules, ...added] };
  });
}

/** The pairs seen at least k times whose values are both kept, or undefined when none is. */
function keepPairs(
  measured: readonly MeasuredPair[],
  keptFrom: ReadonlySet<string> | undefined,
  keptTo: ReadonlySet<string> | undefined,
  k: number,
): Record<string, string> | undefined {
  if (keptFrom === undefined || keptTo === undefined) return undefined;
  const pairs: Record<string, string> = {};
  let any = false;
  for (const pair of measured)
    if (pair.rows >= k && keptFrom.has(pair.determinant) && keptTo.has(pair.dependent)) {
      pairs[pair.determinant] = pair.dependent;
      any = true;
    }
  return any ? pairs : undefined;
}

/** The literals a written field task holds: its categorical values and most common values. */
function literalsOf(field: FieldTask | undefined): ReadonlySet<string> | undefined {
  if (field === undefined) return undefined;
  const literals = new Set<string>();
  if (field.generator.kind === 'categorical')
    for (const value of Object.keys(field.generator.weights)) literals.add(value);
  for (const { value } of field.stats?.top ?? []) literals.add(String(value));
  return literals;
}
