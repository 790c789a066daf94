/**
 * Turns a dataset's (privacy-filtered) measurements into its task file: type, keys, semantic, generator recipe
 * and stats per field; keys, checks, indexes, relations and rules per dataset. Only `SafeSummary` values reach
 * this module's output; raw measurements go through `filterField` first.
 */
import type { Dataset, Field, Relation } from '../../catalog/model.js';
import type {
  CardinalityStats,
  DatasetSampling,
  DatasetTask,
  FieldTask,
  KeyMembership,
  PrivacySettings,
  RelationTask,
} from '../../tasks/types.js';
import type { DatasetMeasure } from '../measure/dataset-profiler.js';
import type { FieldMeasure } from '../measure/measure.js';
import { filterField, type SafeSummary } from '../privacy/privacy.js';
import { filterRules } from '../privacy/rule-pairs.js';
import { overlayObserved, toCollectionTask } from './observed-shape.js';
import { chooseRecipe, type RecipeContext } from './recipe.js';
import { toTypeTask } from './type-task.js';

/** A relation of this dataset (as the child) with its measured cardinality. */
export interface MeasuredRelation {
  readonly relation: Relation;
  readonly cardinality?: CardinalityStats;
}

export interface DatasetTaskInput {
  readonly source: string;
  readonly measure: DatasetMeasure;
  readonly sampling: DatasetSampling;
  /** Relations where this dataset is the child. */
  readonly relations: readonly MeasuredRelation[];
  readonly privacy: PrivacySettings;
}

/** Builds the task file of one profiled dataset. */
export function buildDatasetTask(input: DatasetTaskInput): DatasetTask {
  const { measure } = input;
  const dataset = measure.dataset;
  const references = new Map<string, Relation>();
  for (const { relation } of input.relations)
    if (relation.from.fields.length === 1) references.set(relation.from.fields[0]!, relation);
  const kept = new Map<string, ReadonlySet<string>>();
  const fields = dataset.fields.map((field) => {
    const fieldMeasure = measure.fields.get(field.name);
    const { task, summary } = buildFieldTask(dataset, field, fieldMeasure, references.get(field.name), input);
    kept.set(field.name, new Set(summary.kept.map((entry) => entry.value)));
    return overlayObserved(task, field);
  });
  return {
    version: 1,
    dataset: {
      source: input.source,
      name: dataset.name,
      ...(dataset.namespace !== undefined ? { namespace: dataset.namespace } : {}),
      local: dataset.local,
      kind: dataset.kind,
      writable: dataset.writable,
      rows: Math.max(dataset.rowEstimate ?? 0, measure.rows),
      ...(dataset.partitionOf !== undefined ? { partition_of: dataset.partitionOf } : {}),
      ...(dataset.partitionKey !== undefined ? { partition_key: dataset.partitionKey } : {}),
      ...(dataset.partitionBound !== undefined ? { partition_bound: dataset.partitionBound } : {}),
      ...(dataset.comment !== undefined ? { comment: dataset.comment } : {}),
      ...(dataset.definition !== undefined ? { definition: dataset.definition } : {}),
      ...(dataset.collection !== undefined ? { collection: toCollectionTask(dataset.collection) } : {}),
    },
    sampling: input.sampling,
    fields,
    keys: {
      ...(dataset.primaryKey !== undefined
        ? {
            primary: {
              ...(dataset.primaryKey.name !== undefined ? { name: dataset.primaryKey.name } : {}),
              fields: dataset.primaryKey.fields,
            },
          }
        : {}),
      unique: dataset.uniques.map((unique) => ({
        ...(unique.name !== undefined ? { name: unique.name } : {}),
        fields: unique.fields,
        via: unique.via,
        ...(unique.predicate !== undefined ? { predicate: unique.predicate } : {}),
        ...(unique.expressions !== undefined ? { expressions: unique.expressions } : {}),
        ...(unique.nullsNotDistinct !== undefined ? { nulls_not_distinct: unique.nullsNotDistinct } : {}),
      })),
    },
    checks: dataset.checks.map((check) => ({
      ...(check.name !== undefined ? { name: check.name } : {}),
      expression: check.expression,
      ...(check.parsed !== undefined ? { parsed: check.parsed } : {}),
    })),
    ...(dataset.exclusions.length > 0
      ? {
          exclusions: dataset.exclusions.map((exclusion) => ({
            ...(exclusion.name !== undefined ? { name: exclusion.name } : {}),
            definition: exclusion.definition,
          })),
        }
      : {}),
    indexes: dataset.indexes.map((index) => ({
      name: index.name,
      fields: index.fields,
      method: index.method,
      unique: index.unique,
      ...(index.predicate !== undefined ? { predicate: index.predicate } : {}),
      ...(index.expressions !== undefined ? { expressions: index.expressions } : {}),
      ...(index.document !== undefined ? { document: index.document } : {}),
    })),
    relations: input.relations.map(toRelationTask),
    rules: filterRules(measure.rules, kept, input.privacy.k),
  };
}

function toRelationTask({ relation, cardinality }: MeasuredRelation): RelationTask {
  return {
    ...(relation.name !== undefined ? { name: relation.name } : {}),
    from: { fields: relation.from.fields, dataset: relation.from.dataset },
    to: {
      ...(relation.to.source !== undefined ? { source: relation.to.source } : {}),
      dataset: relation.to.dataset,
      fields: relation.to.fields,
    },
    declared: relation.declared,
    ...(relation.confidence !== undefined ? { confidence: relation.confidence } : {}),
    ...(relation.onDelete !== undefined ? { on_delete: relation.onDelete } : {}),
    ...(relation.onUpdate !== undefined ? { on_update: relation.onUpdate } : {}),
    ...(relation.match !== undefined ? { match: relation.match } : {}),
    ...(relation.deferrable !== undefined ? { deferrable: relation.deferrable } : {}),
    ...(relation.initiallyDeferred !== undefined ? { initially_deferred: relation.initiallyDeferred } : {}),
    ...(cardinality !== undefined ? { cardinality } : {}),
  };
}

function keyMembership(dataset: Dataset, name: string, reference: Relation | undefined): KeyMembership[] {
  const keys: KeyMembership[] = [];
  if (dataset.primaryKey?.fields.includes(name)) keys.push('primary');
  if (dataset.uniques.some((unique) => unique.fields.includes(name))) keys.push('unique');
  if (reference !== undefined) keys.push('foreign');
  return keys;
}

function buildFieldTask(
  dataset: Dataset,
  field: Field,
  measure: FieldMeasure | undefined,
  reference: Relation | undefined,
  input: DatasetTaskInput,
): { task: FieldTask; summary: SafeSummary } {
  const keys = keyMembership(dataset, field.name, reference);
  const soleKey = dataset.primaryKey?.fields.length === 1 && dataset.primaryKey.fields[0] === field.name;
  const declaredUnique = dataset.uniques.some(
    (unique) =>
      unique.fields.length === 1 && unique.fields[0] === field.name && unique.predicate === undefined,
  );
  const summary = filterField(
    measure ?? emptyMeasure(field),
    {
      path: `${dataset.name}.${field.name}`,
      ...(field.type.labels !== undefined ? { schemaLiterals: field.type.labels } : {}),
      key: keys.length > 0,
    },
    input.privacy,
  );
  const context: RecipeContext = {
    field,
    keys,
    soleKey,
    declaredUnique,
    ...(reference !== undefined
      ? {
          reference: {
            dataset: reference.to.dataset,
            field: reference.to.fields[0]!,
            ...(reference.to.source !== undefined ? { source: reference.to.source } : {}),
          },
        }
      : {}),
    ...(field.type.labels !== undefined ? { labels: field.type.labels } : {}),
    ...(field.type.scale !== undefined ? { scale: field.type.scale } : {}),
  };
  const task: FieldTask = {
    name: field.name,
    type: toTypeTask(field.type),
    nullable: field.nullable,
    ...(keys.length > 0 ? { key: keys } : {}),
    ...(field.default !== undefined ? { default: field.default } : {}),
    ...(field.identity !== undefined ? { identity: field.identity } : {}),
    ...(field.sequence !== undefined ? { sequence: field.sequence } : {}),
    ...(field.generated !== undefined ? { generated: field.generated } : {}),
    ...(field.collation !== undefined ? { collation: field.collation } : {}),
    ...(field.comment !== undefined ? { comment: field.comment } : {}),
    ...describeSummary(summary, chooseRecipe(summary, context)),
  };
  return { task, summary };
}

/** Semantic, generator, stats and nested descriptions of a summary (shared by fields, keys and elements). */
function describeSummary(summary: SafeSummary, generator: FieldTask['generator']) {
  const element = summary.element === undefined ? undefined : buildNestedTask('[]', summary.element);
  const fields = summary.children?.map((child) => {
    const task = buildNestedTask(child.name, child.summary);
    return { ...task, stats: { ...task.stats!, presence: child.presence } };
  });
  return {
    ...(summary.semantic !== undefined ? { semantic: summary.semantic } : {}),
    generator,
    stats: summary.stats,
    ...(fields !== undefined && fields.length > 0 ? { fields } : {}),
    ...(element !== undefined ? { element } : {}),
  };
}

/** JSON keys and array elements: described like fields, typed by what was seen. */
function buildNestedTask(name: string, summary: SafeSummary): FieldTask {
  const context: RecipeContext = { keys: [], soleKey: false, declaredUnique: false };
  return {
    name,
    type: { logical: summary.logical, native: summary.logical },
    nullable: summary.stats.nulls > 0,
    ...describeSummary(summary, chooseRecipe(summary, context)),
  };
}

function emptyMeasure(field: Field): FieldMeasure {
  return { logical: field.type.logical, rows: 0, nulls: 0, empties: 0, distinct: 0, mismatched: 0 };
}
