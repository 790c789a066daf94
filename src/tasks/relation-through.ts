/**
 * The relation of a dataset a rule names by its child fields (`copies` and `parent-determines` rules name
 * their relation as `relation: [customer_id]`).
 */
import type { DatasetTask, RelationTask } from './types.js';

/** Whether two field lists are the same, in the same order. */
export function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

/** The relation of `task` whose child fields are `fields`, if any. */
export function relationThrough(task: DatasetTask, fields: readonly string[]): RelationTask | undefined {
  return task.relations.find((relation) => sameFields(relation.from.fields, fields));
}
