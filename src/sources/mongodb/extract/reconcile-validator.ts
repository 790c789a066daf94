/**
 * A collection's `$jsonSchema` validator read as declared schema and reconciled with the inferred fields:
 * properties the sample never showed are added (declared type, presence 0), required properties that the
 * sample always showed without null are not nullable, and a declared `bsonType` fills in a type the sample
 * could not tell (a path seen only as null). Inferred types win where both exist: they are what the data has.
 */
import type { Field, FieldType } from '../../../catalog/model.js';
import type { BsonType } from '../bson-values.js';
import { BSON_FIELD_TYPES } from '../infer/tree-to-fields.js';

interface JsonSchemaNode {
  readonly bsonType?: string | readonly string[];
  readonly type?: string | readonly string[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly items?: JsonSchemaNode;
}

/** The `$jsonSchema` of a validator document, when it has one. */
export function jsonSchemaOf(validator: unknown): JsonSchemaNode | undefined {
  if (typeof validator !== 'object' || validator === null) return undefined;
  const schema = (validator as { $jsonSchema?: unknown }).$jsonSchema;
  return typeof schema === 'object' && schema !== null ? (schema as JsonSchemaNode) : undefined;
}

const JSON_TYPE_TO_BSON: Readonly<Record<string, BsonType>> = {
  string: 'string',
  number: 'double',
  integer: 'long',
  boolean: 'bool',
  object: 'object',
  array: 'array',
  null: 'null',
};

function declaredType(node: JsonSchemaNode): FieldType | undefined {
  const bson = node.bsonType ?? node.type;
  const names = (Array.isArray(bson) ? bson : bson === undefined ? [] : [bson]).filter(
    (name) => name !== 'null',
  ) as string[];
  if (names.length !== 1) return names.length > 1 ? { logical: 'json', native: names.join('|') } : undefined;
  const name = names[0] as string;
  const known = (name in BSON_FIELD_TYPES ? name : JSON_TYPE_TO_BSON[name]) as BsonType | undefined;
  if (known === undefined) return undefined;
  const base = BSON_FIELD_TYPES[known];
  if (known === 'object' && node.properties !== undefined) {
    const fields = reconcileProperties([], node);
    return { ...base, attributes: fields.map((field) => ({ name: field.name, type: field.type })) };
  }
  if (known === 'array' && node.items !== undefined) {
    const element = declaredType(node.items);
    return element === undefined ? base : { ...base, element, dimensions: 1 };
  }
  return base;
}

/** The inferred top-level fields reconciled with the validator's `$jsonSchema` (unchanged without one). */
export function reconcileWithValidator(fields: readonly Field[], validator: unknown): Field[] {
  const schema = jsonSchemaOf(validator);
  return schema === undefined ? [...fields] : reconcileProperties(fields, schema);
}

function reconcileProperties(fields: readonly Field[], schema: JsonSchemaNode): Field[] {
  const required = new Set(schema.required ?? []);
  const properties = schema.properties ?? {};
  const result = fields.map((field): Field => {
    const declared = properties[field.name];
    const type = field.type.native === 'null' && declared !== undefined ? declaredType(declared) : undefined;
    const alwaysThere =
      field.observed === undefined || (field.observed.presence >= 1 && !('null' in field.observed.types));
    return {
      ...field,
      ...(type !== undefined ? { type } : {}),
      ...(required.has(field.name) && alwaysThere ? { nullable: false } : {}),
    };
  });
  let position = result.length;
  for (const [name, node] of Object.entries(properties)) {
    if (result.some((field) => field.name === name)) continue;
    const type = declaredType(node) ?? { logical: 'json', native: 'any' };
    position++;
    result.push({
      name,
      position,
      type,
      nullable: !required.has(name),
      observed: { presence: 0, types: {} },
    });
  }
  return result;
}
