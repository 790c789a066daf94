/**
 * What a document source's schema inference saw (`Field.observed`: presence, type mix, array elements, maps)
 * laid over the task fields the profiler built from its measurements: the native types of nested fields
 * (BSON's names instead of the logical ones the measurements know), `stats.presence` and `stats.types` on
 * every path, and maps keyed by ids as `map`. Type names and shares are schema, not data; the map's keys are
 * never written, only how they look. Pure.
 */
import type { CollectionOptions, Field } from '../../catalog/model.js';
import type { CollectionTask, FieldTask, LengthStats } from '../../tasks/types.js';
import { toTypeTask } from './type-task.js';

/** `task` with the observed shape of `field` (and of its children, matched by name) laid over it. */
export function overlayObserved(task: FieldTask, field: Field | undefined): FieldTask {
  if (field === undefined) return task;
  const observed = field.observed;
  const children = task.fields?.map((child) =>
    overlayObserved(
      child,
      field.fields?.find((candidate) => candidate.name === child.name),
    ),
  );
  const element = task.element === undefined ? undefined : overlayObserved(task.element, observed?.element);
  const nested = task.type.native === task.type.logical && field.type.native !== field.type.logical;
  const stats =
    observed === undefined || task.stats === undefined
      ? task.stats
      : { ...task.stats, presence: observed.presence, types: observed.types };
  const map = observed?.map;
  return {
    ...task,
    ...(nested ? { type: toTypeTask(field.type) } : {}),
    ...(stats !== undefined ? { stats } : {}),
    ...(children !== undefined ? { fields: children } : {}),
    ...(element !== undefined ? { element } : {}),
    ...(map !== undefined
      ? {
          map: {
            keys: map.keys,
            size: map.size satisfies LengthStats,
            value: describeDeclared(map.value),
          },
        }
      : {}),
  };
}

/** A field known only from the inference (a map's value): its type, presence and type mix. */
function describeDeclared(field: Field): FieldTask {
  return {
    name: field.name,
    type: toTypeTask(field.type),
    nullable: field.nullable,
    generator: field.type.logical === 'object' ? { kind: 'document' } : { kind: 'null', nulls: 0 },
    ...(field.observed !== undefined
      ? {
          stats: {
            count: 0,
            nulls: field.observed.types.null ?? 0,
            presence: field.observed.presence,
            types: field.observed.types,
          },
        }
      : {}),
    ...(field.fields !== undefined && field.fields.length > 0
      ? { fields: field.fields.map(describeDeclared) }
      : {}),
  };
}

/** A collection's options in task-file form. */
export function toCollectionTask(options: CollectionOptions): CollectionTask {
  return {
    ...(options.capped !== undefined ? { capped: options.capped } : {}),
    ...(options.timeSeries !== undefined
      ? {
          time_series: {
            time_field: options.timeSeries.timeField,
            ...(options.timeSeries.metaField !== undefined
              ? { meta_field: options.timeSeries.metaField }
              : {}),
            ...(options.timeSeries.granularity !== undefined
              ? { granularity: options.timeSeries.granularity }
              : {}),
          },
        }
      : {}),
    ...(options.validator !== undefined ? { validator: options.validator } : {}),
    ...(options.validationLevel !== undefined ? { validation_level: options.validationLevel } : {}),
    ...(options.validationAction !== undefined ? { validation_action: options.validationAction } : {}),
  };
}
