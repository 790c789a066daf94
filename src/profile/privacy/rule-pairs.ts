/**
 * The privacy filter of measured rules: a `depends` rule keeps a (determinant, dependent) pair only when the
 * pair was seen at least k times and both values are kept literals of their fields (each seen at least k
 * times in a field not classified personal). Such a pair reveals no more than its two values, which the task
 * file already holds; everything else the rule measured is dropped.
 */
import type { RuleTask } from '../../tasks/types.js';
import type { MeasuredRule } from '../measure/rules.js';

/** The rules to write: measured pairs filtered, every other rule as it is. */
export function filterRules(
  rules: readonly MeasuredRule[],
  keptByField: ReadonlyMap<string, ReadonlySet<string>>,
  k: number,
): RuleTask[] {
  return rules.map((rule) => {
    if (rule.kind !== 'depends') return rule;
    const { measured, ...stated } = rule;
    const [determinant] = rule.fields;
    const keptFrom = determinant === undefined ? undefined : keptByField.get(determinant);
    const keptTo = keptByField.get(rule.determines);
    const pairs: Record<string, string> = {};
    let any = false;
    if (rule.fields.length === 1 && keptFrom !== undefined && keptTo !== undefined)
      for (const pair of measured)
        if (pair.rows >= k && keptFrom.has(pair.determinant) && keptTo.has(pair.dependent)) {
          pairs[pair.determinant] = pair.dependent;
          any = true;
        }
    return any ? { ...stated, pairs } : stated;
  });
}
