/**
 * `depends` rules: the dependent value is a function of the determinant values, looked up in the table of
 * measured pairs and share-matched values when there is one (depends-table.ts), else drawn from a stream keyed
 * by the determinants' text.
 */

import { hashText } from '../../shared/random.js';
import type { DatasetTask } from '../../tasks/types.js';
import type { ValueGenerator } from '../values/value-generator.js';
import { createDependsTable } from './depends-table.js';
import type { DatasetContext, Step } from './row-steps.js';

/** Compiles one step per `depends` rule whose dependent field the dataset generates itself. */
export function compileDependsSteps(
  context: DatasetContext,
  generators: ReadonlyMap<string, ValueGenerator>,
): Step[] {
  const { keys, random } = context;
  const steps: Step[] = [];
  for (const rule of context.task.rules) {
    if (rule.kind !== 'depends') continue;
    const generator = generators.get(rule.determines);
    if (!generator || keys.relationFields.has(rule.determines)) continue;
    const key = context.streamKey(rule.determines);
    const determinants = rule.fields;
    const [single] = determinants;
    const table =
      determinants.length === 1 && single !== undefined
        ? createDependsTable(keys.byName.get(single), keys.byName.get(rule.determines), rule.pairs)
        : undefined;
    steps.push((row) => {
      const listed = table?.get(String(row[single!]));
      if (listed !== undefined) {
        row[rule.determines] = listed;
        return;
      }
      let text = '';
      for (const field of determinants) text += `${String(row[field])}\u0000`;
      const hash = hashText(text, key);
      row[rule.determines] = generator(random.reset(key, hash), hash);
    });
  }
  return steps;
}

/** The fields on either side of a `depends` rule. */
export function listDependsFields(task: DatasetTask): string[] {
  return task.rules.flatMap((rule) => (rule.kind === 'depends' ? [...rule.fields, rule.determines] : []));
}

/** The dependent fields of `depends` rules. */
export function listDependentFields(task: DatasetTask): string[] {
  return task.rules.flatMap((rule) => (rule.kind === 'depends' ? [rule.determines] : []));
}
