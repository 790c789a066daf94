/**
 * Schema drift between two profiles of one dataset: fields added, removed, or of another type (`logical
 * native`). Pure.
 */
import type { DatasetTask, FieldTask } from '../tasks/types.js';

export type DriftKind =
  | 'dataset-added'
  | 'dataset-removed'
  | 'field-added'
  | 'field-removed'
  | 'type-changed';

export interface SchemaDrift {
  readonly kind: DriftKind;
  readonly dataset: string;
  readonly field?: string;
  /** For `type-changed`: the expected and the actual type (`logical native`). */
  readonly expected?: string;
  readonly actual?: string;
}

function describeType(field: FieldTask): string {
  return `${field.type.logical} ${field.type.native}`;
}

export function compareFieldLists(expected: DatasetTask, actual: DatasetTask): SchemaDrift[] {
  const dataset = expected.dataset.name;
  const drift: SchemaDrift[] = [];
  const actualFields = new Map(actual.fields.map((field) => [field.name, field]));
  const expectedFields = new Set(expected.fields.map((field) => field.name));
  for (const field of expected.fields) {
    const other = actualFields.get(field.name);
    if (other === undefined) drift.push({ kind: 'field-removed', dataset, field: field.name });
    else if (describeType(field) !== describeType(other))
      drift.push({
        kind: 'type-changed',
        dataset,
        field: field.name,
        expected: describeType(field),
        actual: describeType(other),
      });
  }
  for (const field of actual.fields)
    if (!expectedFields.has(field.name)) drift.push({ kind: 'field-added', dataset, field: field.name });
  return drift;
}
