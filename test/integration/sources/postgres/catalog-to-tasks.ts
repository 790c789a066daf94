/**
 * Minimal Catalog → task-file conversion for the postgres suites (sink and schema round trips): types, keys,
 * checks, indexes and relations as the profiler writes them, with a placeholder generator recipe.
 */
import type { Catalog, Dataset } from '../../../../src/catalog/model.js';
import { toTypeTask } from '../../../../src/profile/write/type-task.js';
import type { DatasetTask, Profile } from '../../../../src/tasks/types.js';

export function toDatasetTaskForTest(catalog: Catalog, dataset: Dataset): DatasetTask {
  return {
    version: 1,
    dataset: {
      source: catalog.source.name,
      name: dataset.name,
      ...(dataset.namespace !== undefined ? { namespace: dataset.namespace } : {}),
      local: dataset.local,
      kind: dataset.kind,
      writable: dataset.writable,
      rows: dataset.rowEstimate ?? 0,
      ...(dataset.partitionOf !== undefined ? { partition_of: dataset.partitionOf } : {}),
      ...(dataset.partitionKey !== undefined ? { partition_key: dataset.partitionKey } : {}),
      ...(dataset.partitionBound !== undefined ? { partition_bound: dataset.partitionBound } : {}),
      ...(dataset.comment !== undefined ? { comment: dataset.comment } : {}),
      ...(dataset.definition !== undefined ? { definition: dataset.definition } : {}),
    },
    sampling: { method: 'full', rows: 0, seed: 1 },
    fields: dataset.fields.map((field) => ({
      name: field.name,
      type: toTypeTask(field.type),
      nullable: field.nullable,
      ...(field.default !== undefined ? { default: field.default } : {}),
      ...(field.identity !== undefined ? { identity: field.identity } : {}),
      ...(field.sequence !== undefined ? { sequence: field.sequence } : {}),
      ...(field.generated !== undefined ? { generated: field.generated } : {}),
      ...(field.collation !== undefined ? { collation: field.collation } : {}),
      ...(field.comment !== undefined ? { comment: field.comment } : {}),
      generator: field.generated !== undefined ? { kind: 'database' } : { kind: 'null' },
    })),
    keys: {
      ...(dataset.primaryKey !== undefined ? { primary: dataset.primaryKey } : {}),
      unique: dataset.uniques.map(({ nullsNotDistinct, ...unique }) => ({
        ...unique,
        ...(nullsNotDistinct !== undefined ? { nulls_not_distinct: nullsNotDistinct } : {}),
      })),
    },
    checks: dataset.checks,
    ...(dataset.exclusions.length > 0 ? { exclusions: dataset.exclusions } : {}),
    indexes: dataset.indexes.map(({ definition: _definition, ...index }) => index),
    relations: catalog.relations
      .filter((relation) => relation.from.dataset === dataset.name)
      .map((relation) => ({
        ...(relation.name !== undefined ? { name: relation.name } : {}),
        from: relation.from,
        to: relation.to,
        declared: relation.declared,
        ...(relation.onDelete !== undefined ? { on_delete: relation.onDelete } : {}),
        ...(relation.onUpdate !== undefined ? { on_update: relation.onUpdate } : {}),
        ...(relation.match !== undefined ? { match: relation.match } : {}),
        ...(relation.deferrable !== undefined ? { deferrable: relation.deferrable } : {}),
        ...(relation.initiallyDeferred !== undefined
          ? { initially_deferred: relation.initiallyDeferred }
          : {}),
      })),
    rules: [],
  };
}

export function toProfileForTest(catalog: Catalog): Profile {
  const datasets = catalog.datasets.map((dataset) => toDatasetTaskForTest(catalog, dataset));
  return {
    plan: {
      version: 1,
      profile: 'test',
      taken: { at: '2024-01-01T00:00:00Z', by: 'doppel test' },
      sampling: { method: 'full', seed: 1 },
      privacy: { k: 10, digits: 3, overrides: [] },
      sources: [{ name: catalog.source.name, kind: catalog.source.kind }],
      datasets: datasets.map((task) => ({
        source: catalog.source.name,
        name: task.dataset.name,
        file: `${task.dataset.name}.yaml`,
        enabled: true,
      })),
      relations: [],
    },
    datasets,
  };
}
