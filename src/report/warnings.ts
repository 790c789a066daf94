/**
 * What deserves a second look in a profile, found in the task files alone: fields mostly null, constant
 * fields, fields that look like keys but have no constraint, references found in the data that no foreign key
 * declares, patterns that cover few values, and samples
 * the time budget cut short.
 */
import type { DatasetTask, FieldTask, Profile } from '../tasks/types.js';
import { buildFieldTree, flattenFieldTree } from './field-paths.js';
import { formatShare } from './format.js';

export type WarningKind =
  | 'high-nulls'
  | 'constant'
  | 'possible-key'
  | 'undeclared-reference'
  | 'low-pattern-coverage'
  | 'truncated-sample';

export interface ProfileWarning {
  readonly kind: WarningKind;
  readonly dataset: string;
  /** The field's dotted path; absent for a dataset-wide warning. */
  readonly field?: string;
  readonly message: string;
}

/** A field this null or more is worth a warning. */
export const HIGH_NULL_SHARE = 0.5;
/** A pattern covering less than this share of values describes the field poorly. */
export const LOW_PATTERN_COVERAGE = 0.9;
/** Types whose unique values suggest a key (unique timestamps and amounts are common and mean nothing). */
const KEY_LIKE_TYPES = new Set<string>(['integer', 'string', 'uuid']);

/** Every warning of a profile, dataset by dataset in plan order, fields in file order. */
export function listWarnings(profile: Profile): ProfileWarning[] {
  return profile.datasets.flatMap((task) => datasetWarnings(task));
}

function datasetWarnings(task: DatasetTask): ProfileWarning[] {
  const dataset = task.dataset.name;
  const warnings: ProfileWarning[] = [];
  if (task.sampling.truncated === true)
    warnings.push({
      kind: 'truncated-sample',
      dataset,
      message: `the time budget ended sampling after ${task.sampling.rows} rows`,
    });
  for (const relation of task.relations)
    if (!relation.declared)
      warnings.push({
        kind: 'undeclared-reference',
        dataset,
        field: relation.from.fields.join(', '),
        message: `refers to ${relation.to.dataset}(${relation.to.fields.join(', ')})${relation.confidence === undefined ? '' : ` (inferred, confidence ${formatShare(relation.confidence)})`}, but no foreign key declares it`,
      });
  const constrained = constrainedFields(task);
  for (const { path, field } of flattenFieldTree(buildFieldTree(task.fields)))
    for (const message of fieldWarnings(
      field,
      !path.includes('.') && !path.includes('[') && constrained.has(path),
    ))
      warnings.push({ ...message, dataset, field: path });
  return warnings;
}

/** Fields covered by a key, a unique constraint or index, or a relation. */
function constrainedFields(task: DatasetTask): Set<string> {
  const fields = new Set<string>();
  for (const name of task.keys.primary?.fields ?? []) fields.add(name);
  for (const unique of task.keys.unique) if (unique.fields.length === 1) fields.add(unique.fields[0]!);
  for (const index of task.indexes)
    if (index.unique && index.fields.length === 1) fields.add(index.fields[0]!);
  return fields;
}

function fieldWarnings(field: FieldTask, constrained: boolean): { kind: WarningKind; message: string }[] {
  const stats = field.stats;
  const found: { kind: WarningKind; message: string }[] = [];
  if (stats === undefined) return found;
  if (field.generator.kind === 'null' || stats.nulls >= HIGH_NULL_SHARE)
    found.push({ kind: 'high-nulls', message: `${formatShare(stats.nulls)} of values are null` });
  if (field.generator.kind === 'constant' || (stats.distinct === 1 && stats.count > 0 && stats.nulls < 1))
    found.push({ kind: 'constant', message: 'holds one value only' });
  if (
    stats.unique === true &&
    stats.nulls === 0 &&
    stats.count > 1 &&
    KEY_LIKE_TYPES.has(field.type.logical) &&
    (field.key === undefined || field.key.length === 0) &&
    !constrained
  )
    found.push({ kind: 'possible-key', message: 'unique and never null, but no key or unique constraint' });
  if (stats.pattern !== undefined && stats.pattern.coverage < LOW_PATTERN_COVERAGE)
    found.push({
      kind: 'low-pattern-coverage',
      message: `pattern ${stats.pattern.regex} covers only ${formatShare(stats.pattern.coverage)} of values`,
    });
  return found;
}
