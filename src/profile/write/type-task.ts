/**
 * A catalog type in its task-file form (snake_case keys, type facts beside them). Its own module: the task
 * builder and the document overlay (observed-shape.ts) both need it, and neither should import the other.
 */
import { type FieldType, pickTypeFacts } from '../../catalog/model.js';
import type { TypeTask } from '../../tasks/types.js';

/** Converts a catalog type to its task-file form (snake_case keys). */
export function toTypeTask(type: FieldType): TypeTask {
  return {
    logical: type.logical,
    native: type.native,
    ...(type.length !== undefined ? { length: type.length } : {}),
    ...(type.precision !== undefined ? { precision: type.precision } : {}),
    ...(type.scale !== undefined ? { scale: type.scale } : {}),
    ...(type.labels !== undefined ? { labels: type.labels } : {}),
    ...(type.element !== undefined ? { element: toTypeTask(type.element) } : {}),
    ...(type.dimensions !== undefined ? { dimensions: type.dimensions } : {}),
    ...(type.domain !== undefined
      ? {
          domain: {
            name: type.domain.name,
            base: type.domain.base,
            not_null: type.domain.notNull,
            checks: type.domain.checks.map((check) => ({
              ...(check.name !== undefined ? { name: check.name } : {}),
              expression: check.expression,
              ...(check.parsed !== undefined ? { parsed: check.parsed } : {}),
            })),
          },
        }
      : {}),
    ...(type.attributes !== undefined
      ? {
          attributes: type.attributes.map((attribute) => ({
            name: attribute.name,
            type: toTypeTask(attribute.type),
          })),
        }
      : {}),
    ...(type.rangeOf !== undefined ? { range_of: toTypeTask(type.rangeOf) } : {}),
    ...(type.fixedLength !== undefined ? { fixed_length: type.fixedLength } : {}),
    ...(type.timePrecision !== undefined ? { time_precision: type.timePrecision } : {}),
    ...pickTypeFacts(type),
  };
}
