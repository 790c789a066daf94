/**
 * JSON Schema documents as schema nodes: an object's properties as fields (required and not admitting null:
 * not nullable), nested objects, arrays, enums of strings, `const`, formats (date, date-time, time, uuid,
 * email, uri, hostname, ipv4, ipv6), `pattern`, `minLength`/`maxLength`, `minimum`/`maximum` (and their
 * exclusive forms), `contentEncoding: base64`, defaults, and `$ref` to the document's own `definitions`/`$defs`
 * or to a referenced schema (by the reference's name, or by the referenced document's `$id`).
 * `anyOf`/`oneOf` of null and one schema reads as that schema, optional; other combinations read as their
 * first branch. A property a schema does not require but that cannot be null is never left out of generated
 * records (both are valid), so it reads as not nullable.
 */
import type { LogicalType } from '../../catalog/logical-type.js';
import type { FieldType } from '../../catalog/model.js';
import type { JsonValue } from '../../tasks/types.js';
import {
  type NamedNode,
  type ResolvedReference,
  type SchemaHints,
  type SchemaNode,
  SchemaReadError,
  type SchemaReader,
} from './schema-node.js';

type JsonObject = { readonly [key: string]: JsonValue };

interface Documents {
  /** Referenced documents by reference name and by `$id`. */
  readonly byName: Map<string, JsonObject>;
}

/** RFC 3339 full-time in UTC: what JSON Schema's `time` format asks for. */
const UTC_TIME = '([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z';

const FORMATS: Readonly<Record<string, { logical: LogicalType; hints?: SchemaHints; zoned?: boolean }>> = {
  date: { logical: 'date' },
  'date-time': { logical: 'timestamptz', zoned: true },
  time: { logical: 'time', hints: { pattern: UTC_TIME }, zoned: true },
  uuid: { logical: 'uuid' },
  email: { logical: 'string', hints: { semantic: 'email' } },
  'idn-email': { logical: 'string', hints: { semantic: 'email' } },
  uri: { logical: 'string', hints: { semantic: 'url' } },
  'uri-reference': { logical: 'string', hints: { semantic: 'url' } },
  hostname: { logical: 'string', hints: { pattern: '[a-z][a-z0-9]{2,10}\\.(com|net|org)' } },
  ipv4: { logical: 'inet', hints: { semantic: 'ipv4' } },
  ipv6: { logical: 'inet', hints: { semantic: 'ipv6' } },
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDocument(text: string, what: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SchemaReadError(`${what} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed === 'boolean') return parsed ? {} : { not: {} };
  if (!isObject(parsed)) throw new SchemaReadError(`${what} is not a JSON Schema object.`);
  return parsed;
}

function collectReferences(references: readonly ResolvedReference[], documents: Documents): void {
  for (const reference of references) {
    collectReferences(reference.references, documents);
    const document = parseDocument(reference.schema, `The referenced schema ${reference.name}`);
    documents.byName.set(reference.name, document);
    if (typeof document.$id === 'string') documents.byName.set(document.$id, document);
  }
}

/** Follows `$ref`s: `#/...` pointers into `root`, or a referenced document (with an optional `#/...`). */
function dereference(
  schema: JsonObject,
  root: JsonObject,
  documents: Documents,
  path: string,
): {
  schema: JsonObject;
  root: JsonObject;
} {
  let current = schema;
  let currentRoot = root;
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new SchemaReadError(`${path}: $ref "${current.$ref}" does not end.`);
    const [location, pointer = ''] = current.$ref.split('#');
    if (location !== undefined && location !== '') {
      const document = documents.byName.get(location);
      if (document === undefined)
        throw new SchemaReadError(`${path}: $ref "${current.$ref}" names no referenced schema.`);
      currentRoot = document;
    }
    const target = resolvePointer(currentRoot, pointer);
    if (!isObject(target)) throw new SchemaReadError(`${path}: $ref "${current.$ref}" points at nothing.`);
    const { $ref: _ignored, ...siblings } = current;
    current = { ...target, ...siblings };
  }
  return { schema: current, root: currentRoot };
}

function resolvePointer(root: JsonObject, pointer: string): unknown {
  let target: unknown = root;
  for (const part of pointer.split('/').filter((segment) => segment !== '')) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    target = isObject(target) ? target[key] : undefined;
  }
  return target;
}

function typesOf(schema: JsonObject): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.map(String);
  return [];
}

function number(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function bounds(schema: JsonObject, integer: boolean): SchemaHints {
  const step = integer ? 1 : 0;
  const exclusiveMinimum = number(schema.exclusiveMinimum);
  const exclusiveMaximum = number(schema.exclusiveMaximum);
  const minimum = exclusiveMinimum !== undefined ? exclusiveMinimum + step : number(schema.minimum);
  const maximum = exclusiveMaximum !== undefined ? exclusiveMaximum - step : number(schema.maximum);
  return {
    ...(minimum !== undefined ? { minimum } : {}),
    ...(maximum !== undefined ? { maximum } : {}),
  };
}

function leaf(type: FieldType, nullable: boolean, hints: SchemaHints = {}): SchemaNode {
  return { type, nullable, hints };
}

function readNode(
  input: JsonObject,
  root: JsonObject,
  documents: Documents,
  path: string,
  depth: number,
): SchemaNode {
  if (depth > 32) return leaf({ logical: 'json', native: 'json' }, true, { map: true });
  const resolved = dereference(input, root, documents, path);
  const schema = resolved.schema;
  const read = (child: JsonObject, childPath: string) =>
    readNode(child, resolved.root, documents, childPath, depth + 1);
  const described = {
    ...(schema.default !== undefined ? { default: schema.default } : {}),
    ...(typeof schema.description === 'string' ? { doc: schema.description } : {}),
  };
  const branches = (
    Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : []
  ).filter(isObject);
  if (branches.length > 0) {
    const isNull = (branch: JsonObject) => typesOf(branch).length === 1 && typesOf(branch)[0] === 'null';
    const others = branches.filter((branch) => !isNull(branch));
    if (others.length === 0) return leaf({ logical: 'opaque', native: 'null' }, true);
    const first = read(others[0]!, path);
    return { ...first, ...described, nullable: first.nullable || others.length < branches.length };
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const { allOf, ...rest } = schema;
    const merged = (allOf as JsonValue[]).filter(isObject).reduce<JsonObject>((all, part) => {
      const partSchema = dereference(part, resolved.root, documents, path).schema;
      return mergeObjects(all, partSchema);
    }, rest);
    return read(merged, path);
  }
  const types = typesOf(schema);
  const nullable = types.includes('null') || (Array.isArray(schema.enum) && schema.enum.includes(null));
  if (Array.isArray(schema.enum)) {
    const labels = schema.enum.filter((value): value is string => typeof value === 'string');
    if (labels.length > 0 && labels.length === schema.enum.filter((value) => value !== null).length)
      return { ...leaf({ logical: 'enum', native: 'enum', labels }, nullable), ...described };
    return {
      ...leaf({ logical: 'json', native: 'enum' }, nullable),
      ...described,
      default: schema.enum.find((value) => value !== null) ?? null,
    };
  }
  if ('const' in schema)
    return { ...leaf({ logical: 'json', native: 'const' }, nullable), default: schema.const ?? null };
  const type = types.find((name) => name !== 'null') ?? (isObject(schema.properties) ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const children: NamedNode[] = Object.entries(properties)
        .filter((entry): entry is [string, JsonObject] => isObject(entry[1]))
        .map(([name, property]) => ({ name, node: read(property, `${path}.${name}`) }));
      if (children.length === 0)
        return { ...leaf({ logical: 'json', native: 'object' }, nullable, { map: true }), ...described };
      return {
        ...leaf(
          { logical: 'object', native: typeof schema.title === 'string' ? schema.title : 'object' },
          nullable,
        ),
        ...described,
        children,
      };
    }
    case 'array': {
      const items = isObject(schema.items) ? schema.items : {};
      const element = read(items, `${path}[]`);
      const hints: SchemaHints = {
        ...(number(schema.minItems) !== undefined ? { minLength: number(schema.minItems)! } : {}),
        ...(number(schema.maxItems) !== undefined ? { maxLength: number(schema.maxItems)! } : {}),
      };
      return {
        ...leaf(
          { logical: 'array', native: `array<${element.type.native}>`, element: element.type },
          nullable,
          hints,
        ),
        ...described,
        element,
      };
    }
    case 'string': {
      const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
      const lengths: SchemaHints = {
        ...(number(schema.minLength) !== undefined ? { minLength: number(schema.minLength)! } : {}),
        ...(number(schema.maxLength) !== undefined ? { maxLength: number(schema.maxLength)! } : {}),
        ...(typeof schema.pattern === 'string' ? { pattern: schema.pattern } : {}),
      };
      const native = typeof schema.format === 'string' ? `string(${schema.format})` : 'string';
      if (schema.contentEncoding === 'base64')
        return {
          ...leaf({ logical: 'binary', native: 'string(base64)' }, nullable, { bytes: 12 }),
          ...described,
        };
      if (format !== undefined)
        return {
          ...leaf(
            {
              logical: format.logical,
              native,
              ...(format.zoned ? { zoned: true } : {}),
              ...(format.logical === 'uuid' ? { bits: 128 } : {}),
            },
            nullable,
            { ...format.hints, ...lengths },
          ),
          ...described,
        };
      return {
        ...leaf(
          {
            logical: 'string',
            native,
            ...(lengths.maxLength !== undefined ? { length: lengths.maxLength } : {}),
          },
          nullable,
          lengths,
        ),
        ...described,
      };
    }
    case 'integer':
      return {
        ...leaf({ logical: 'integer', native: 'integer', bits: 64 }, nullable, bounds(schema, true)),
        ...described,
      };
    case 'number':
      return {
        ...leaf({ logical: 'float', native: 'number', bits: 64 }, nullable, bounds(schema, false)),
        ...described,
      };
    case 'boolean':
      return { ...leaf({ logical: 'boolean', native: 'boolean' }, nullable), ...described };
    default:
      return { ...leaf({ logical: 'json', native: 'json' }, true, { map: true }), ...described };
  }
}

function mergeObjects(a: JsonObject, b: JsonObject): JsonObject {
  const merged: Record<string, JsonValue> = { ...a, ...b };
  if (isObject(a.properties) && isObject(b.properties))
    merged.properties = { ...a.properties, ...b.properties };
  if (Array.isArray(a.required) && Array.isArray(b.required))
    merged.required = [...a.required, ...b.required];
  return merged;
}

/** Reads a JSON Schema document (an object) with the documents of its references. */
export const readJsonSchema: SchemaReader = (text, references) => {
  const documents: Documents = { byName: new Map() };
  collectReferences(references, documents);
  const root = parseDocument(text, 'The schema');
  const record = readNode(root, root, documents, '', 0);
  if (record.children === undefined)
    throw new SchemaReadError(
      `The schema describes ${record.type.native === 'object' ? 'an object without properties' : `a ${record.type.native}`}, not an object with properties: doppel reads objects as datasets.`,
    );
  const title =
    typeof root.title === 'string' ? root.title : typeof root.$id === 'string' ? root.$id : 'record';
  return {
    fullName: title,
    ...(record.doc !== undefined ? { doc: record.doc } : {}),
    fields: record.children,
  };
};
