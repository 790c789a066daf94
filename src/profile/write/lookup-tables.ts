/**
 * Classifies lookup (dimension) tables from their task files: small, referenced by another dataset, and with
 * rows that are a fixed vocabulary: a label (a text field other than a key, unique over the rows: a name or
 * a code), no personal field (people and addresses grow with the business), no date or time with more than
 * one value (events do). A lookup table keeps its size under `--scale` (the generator's side of it is in
 * generate/plan/plan.ts).
 */
import type { DatasetTask, FieldTask } from '../../tasks/types.js';

/** Rows a lookup table has at most. */
export const LOOKUP_ROWS = 1000;
const TIMES: ReadonlySet<string> = new Set(['date', 'time', 'timestamp', 'timestamptz', 'interval']);
const LABELS: ReadonlySet<string> = new Set(['string', 'enum']);
const TABLES: ReadonlySet<string> = new Set(['table', 'collection']);

/** The tasks with `dataset.lookup: true` on the lookup tables. */
export function markLookupTables(tasks: readonly DatasetTask[]): DatasetTask[] {
  const referenced = new Set<string>();
  for (const task of tasks)
    for (const relation of task.relations)
      if (relation.to.dataset !== task.dataset.name && relation.to.source === undefined)
        referenced.add(relation.to.dataset);
  return tasks.map((task) =>
    referenced.has(task.dataset.name) && isVocabulary(task)
      ? { ...task, dataset: { ...task.dataset, lookup: true } }
      : task,
  );
}

function isVocabulary(task: DatasetTask): boolean {
  const rows = task.dataset.rows;
  if (!TABLES.has(task.dataset.kind) || rows < 1 || rows > LOOKUP_ROWS) return false;
  if (task.fields.some((field) => field.semantic?.personal === true || isEventTime(field))) return false;
  return task.fields.some(isLabel);
}

/**
 * A date or time whose values vary: events happen at it. One value over every row is an audit stamp from a
 * single load (pagila's `last_update` on every table), which a vocabulary may carry.
 */
function isEventTime(field: FieldTask): boolean {
  return TIMES.has(field.type.logical) && (field.stats?.distinct ?? 2) > 1;
}

/** A text field outside the primary key and references, never null, whose sampled values all differ. */
function isLabel(field: FieldTask): boolean {
  if (!LABELS.has(field.type.logical) || field.key?.includes('primary') || field.key?.includes('foreign'))
    return false;
  const stats = field.stats;
  return stats !== undefined && stats.count > 0 && stats.nulls === 0 && stats.distinct === stats.count;
}
