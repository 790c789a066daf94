/**
 * The shape of a value as the converters see it: its type, whether it may be null or missing, and its
 * children (document keys, composite attributes) or array element. Built once from a task-file field, so
 * that each converter walks one structure instead of reading fields, attributes and elements three ways.
 */
import type { FieldTask, TypeTask } from '../tasks/types.js';

export interface Shape {
  readonly type: TypeTask;
  /** Null is allowed, or (for a document key) the key may be missing. */
  readonly optional: boolean;
  readonly doc?: string;
  /** Keys of a document or attributes of a composite, in order. */
  readonly children?: readonly NamedShape[];
  /**
   * Children are every key there is (a composite's attributes), not the keys a profile saw in a sample
   * (a document may carry rarer keys the profile left out).
   */
  readonly closed?: boolean;
  /** The element of an array (for several dimensions, the innermost element). */
  readonly element?: Shape;
  /** Array dimensions (1 unless the type says more). */
  readonly dimensions?: number;
  /** A pattern every value matched that may be published (not personal data). */
  readonly pattern?: string;
  /** The value is an email address (a format JSON Schema names). */
  readonly email?: boolean;
}

export interface NamedShape {
  readonly name: string;
  readonly shape: Shape;
}

/** The shape of a task-file field (its children and element included). */
export function shapeOfField(field: FieldTask): Shape {
  const presence = field.stats?.presence;
  const type = field.type;
  const children =
    field.fields !== undefined && field.fields.length > 0
      ? field.fields.map((child) => ({ name: child.name, shape: shapeOfField(child) }))
      : undefined;
  const attributes = type.attributes?.map((attribute) => ({
    name: attribute.name,
    shape: shapeOfType(attribute.type),
  }));
  const element =
    field.element !== undefined
      ? shapeOfField(field.element)
      : type.element !== undefined
        ? shapeOfType(type.element)
        : undefined;
  const pattern = publishablePattern(field);
  return {
    type,
    optional: field.nullable || (presence !== undefined && presence < 1),
    ...(field.comment === undefined ? {} : { doc: field.comment }),
    ...(children !== undefined
      ? { children }
      : attributes !== undefined
        ? { children: attributes, closed: true }
        : {}),
    ...(element === undefined ? {} : { element }),
    ...(type.dimensions !== undefined && type.dimensions > 1 ? { dimensions: type.dimensions } : {}),
    ...(pattern === undefined ? {} : { pattern }),
    ...(field.semantic?.type === 'email' ? { email: true } : {}),
  };
}

/** The shape of a bare type (a composite attribute, an array element without a profile): nullable. */
function shapeOfType(type: TypeTask): Shape {
  const attributes = type.attributes?.map((attribute) => ({
    name: attribute.name,
    shape: shapeOfType(attribute.type),
  }));
  return {
    type,
    optional: true,
    ...(attributes === undefined ? {} : { children: attributes, closed: true }),
    ...(type.element === undefined ? {} : { element: shapeOfType(type.element) }),
    ...(type.dimensions !== undefined && type.dimensions > 1 ? { dimensions: type.dimensions } : {}),
  };
}

/**
 * A pattern goes into a schema only when every sampled value matched it, the generator follows it, and the
 * field is not personal data (whose shape is kept in the profile but not published).
 */
function publishablePattern(field: FieldTask): string | undefined {
  if (field.semantic?.personal === true) return undefined;
  const generator = field.generator;
  const measured = field.stats?.pattern;
  if (generator.kind !== 'pattern' || measured === undefined || measured.coverage < 1) return undefined;
  return generator.pattern === measured.regex ? generator.pattern : undefined;
}
