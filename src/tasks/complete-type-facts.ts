/**
 * Type facts for task files written before the extractor recorded them. Such a file names its types only
 * by `native` text, and at that time only PostgreSQL wrote profiles: the facts are derived once, here, from
 * PostgreSQL's type names, so that the generator and the sinks can read facts alone. A type that already
 * carries any fact is left as written.
 */
import { TYPE_FACT_KEYS } from '../catalog/model.js';
import { type PostgresTypeFacts, typeFactsFromNative } from '../sources/postgres/type-facts.js';
import type { DatasetTask, FieldTask, TypeTask } from './types.js';

/** The dataset task with facts filled in wherever a type has none (the same object when nothing changes). */
export function completeTypeFacts(task: DatasetTask): DatasetTask {
  let changed = false;
  const fields = task.fields.map((field) => {
    const completed = completeField(field);
    if (completed !== field) changed = true;
    return completed;
  });
  return changed ? { ...task, fields } : task;
}

function completeField(field: FieldTask): FieldTask {
  const type = completeType(field.type);
  const fields = field.fields?.map(completeField);
  const element = field.element === undefined ? undefined : completeField(field.element);
  const sameFields = fields === undefined || fields.every((child, index) => child === field.fields?.[index]);
  if (type === field.type && sameFields && element === field.element) return field;
  return {
    ...field,
    type,
    ...(fields !== undefined ? { fields } : {}),
    ...(element !== undefined ? { element } : {}),
  };
}

function completeType(type: TypeTask): TypeTask {
  const element = type.element === undefined ? undefined : completeType(type.element);
  const rangeOf = type.range_of === undefined ? undefined : completeType(type.range_of);
  const attributes = type.attributes?.map((attribute) => {
    const completed = completeType(attribute.type);
    return completed === attribute.type ? attribute : { ...attribute, type: completed };
  });
  const facts = TYPE_FACT_KEYS.some((key) => type[key] !== undefined) ? {} : derivedFacts(type);
  const sameAttributes =
    attributes === undefined ||
    attributes.every((attribute, index) => attribute === type.attributes?.[index]);
  if (
    Object.keys(facts).length === 0 &&
    element === type.element &&
    rangeOf === type.range_of &&
    sameAttributes
  )
    return type;
  return {
    ...type,
    ...facts,
    ...(element !== undefined ? { element } : {}),
    ...(rangeOf !== undefined ? { range_of: rangeOf } : {}),
    ...(attributes !== undefined ? { attributes } : {}),
  };
}

/** The facts of a type from its native name, or from its domain's base type. */
function derivedFacts(type: TypeTask): Partial<TypeTask> {
  let facts: PostgresTypeFacts = typeFactsFromNative(type.native);
  if (Object.keys(facts).length === 0 && type.domain !== undefined)
    facts = typeFactsFromNative(type.domain.base);
  const { fixedLength, ...rest } = facts;
  return {
    ...rest,
    ...(fixedLength !== undefined && type.fixed_length === undefined ? { fixed_length: fixedLength } : {}),
  };
}
