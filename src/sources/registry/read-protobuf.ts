/**
 * Protobuf schemas (proto2 and proto3 text, parsed with protobufjs) as schema nodes. The subject's record is
 * the first message its own file defines (Confluent's default); imports are the references, each parsed into
 * the same root (the well-known `google/protobuf/*.proto` files come from protobufjs). Scalars map by width
 * and sign, enums by their value names, messages as nested records, `repeated` as arrays, `map<K, V>` as
 * maps (generated empty), `google.protobuf.Timestamp` as a timestamp. proto3 `optional` and proto2 optional
 * fields may be null; in a `oneof`, only the first member is generated (the others are left out, so a record
 * never sets two).
 */
import protobuf from 'protobufjs';
import type { FieldType } from '../../catalog/model.js';
import {
  type NamedNode,
  type ResolvedReference,
  type SchemaNode,
  SchemaReadError,
  type SchemaReader,
} from './schema-node.js';

const PARSE_OPTIONS = { keepCase: true } as const;

const SCALARS: Readonly<Record<string, FieldType>> = {
  double: { logical: 'float', native: 'double', bits: 64 },
  float: { logical: 'float', native: 'float', bits: 32 },
  int32: { logical: 'integer', native: 'int32', bits: 32 },
  sint32: { logical: 'integer', native: 'sint32', bits: 32 },
  sfixed32: { logical: 'integer', native: 'sfixed32', bits: 32 },
  uint32: { logical: 'integer', native: 'uint32', bits: 32, unsigned: true },
  fixed32: { logical: 'integer', native: 'fixed32', bits: 32, unsigned: true },
  int64: { logical: 'integer', native: 'int64', bits: 64 },
  sint64: { logical: 'integer', native: 'sint64', bits: 64 },
  sfixed64: { logical: 'integer', native: 'sfixed64', bits: 64 },
  uint64: { logical: 'integer', native: 'uint64', bits: 64, unsigned: true },
  fixed64: { logical: 'integer', native: 'fixed64', bits: 64, unsigned: true },
  bool: { logical: 'boolean', native: 'bool' },
  string: { logical: 'string', native: 'string' },
  bytes: { logical: 'binary', native: 'bytes' },
};

const WELL_KNOWN = 'google/protobuf/';

function parseInto(root: protobuf.Root, text: string, what: string): protobuf.IParserResult {
  try {
    return protobuf.parse(text, root, PARSE_OPTIONS);
  } catch (error) {
    throw new SchemaReadError(`${what} is not valid Protobuf: ${(error as Error).message}`);
  }
}

function addWellKnown(root: protobuf.Root, imports: readonly string[] | undefined, added: Set<string>): void {
  for (const name of imports ?? []) {
    if (!name.startsWith(WELL_KNOWN) || added.has(name)) continue;
    const json = protobuf.common.get(name);
    if (json === undefined || json === null) continue;
    added.add(name);
    root.addJSON(json.nested as Record<string, protobuf.AnyNestedObject>);
  }
}

function parseReferences(
  root: protobuf.Root,
  references: readonly ResolvedReference[],
  parsed: Set<string>,
  wellKnown: Set<string>,
): void {
  for (const reference of references) {
    if (parsed.has(reference.name) || reference.name.startsWith(WELL_KNOWN)) continue;
    parsed.add(reference.name);
    parseReferences(root, reference.references, parsed, wellKnown);
    const result = parseInto(root, reference.schema, `The referenced schema ${reference.name}`);
    addWellKnown(root, result.imports, wellKnown);
  }
}

/** The full name (without the leading dot) of the first message a file defines. */
function firstMessageName(text: string): string {
  const alone = parseInto(new protobuf.Root(), text, 'The schema');
  const find = (namespace: protobuf.NamespaceBase): protobuf.Type | undefined => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Type) return nested;
      if (nested instanceof protobuf.Namespace) {
        const found = find(nested);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const first = find(alone.root);
  if (first === undefined) throw new SchemaReadError('The schema defines no message.');
  return first.fullName.replace(/^\./, '');
}

function node(type: FieldType, extra: Partial<SchemaNode> = {}): SchemaNode {
  return { type, nullable: false, hints: {}, ...extra };
}

function readValueType(field: protobuf.Field, reading: Set<string>, path: string): SchemaNode {
  const scalar = SCALARS[field.type];
  if (scalar !== undefined) return node(scalar, scalar.logical === 'binary' ? { hints: { bytes: 12 } } : {});
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    const labels = Object.keys(resolved.values);
    return node({ logical: 'enum', native: `enum ${resolved.fullName.replace(/^\./, '')}`, labels });
  }
  if (resolved instanceof protobuf.Type) return readMessage(resolved, reading, path);
  throw new SchemaReadError(`${path}: the type "${field.type}" is not defined.`);
}

function readMessage(type: protobuf.Type, reading: Set<string>, path: string): SchemaNode {
  const fullName = type.fullName.replace(/^\./, '');
  if (fullName === 'google.protobuf.Timestamp')
    return node({ logical: 'timestamptz', native: fullName, zoned: true, timePrecision: 3 });
  if (reading.has(fullName)) return node({ logical: 'json', native: fullName }, { hints: { map: true } });
  reading.add(fullName);
  const children = readFields(type, reading, path);
  reading.delete(fullName);
  return node(
    { logical: 'object', native: `message ${fullName}` },
    { children, ...(type.comment ? { doc: type.comment } : {}) },
  );
}

function readFields(type: protobuf.Type, reading: Set<string>, path: string): NamedNode[] {
  return type.fieldsArray.map((field) => {
    const fieldPath = `${path}.${field.name}`;
    const oneof = field.partOf;
    const synthetic = field.options?.proto3_optional === true;
    const laterMember = oneof !== null && oneof !== undefined && !synthetic && oneof.fieldsArray[0] !== field;
    const optional = synthetic || laterMember || (field as unknown as { rule?: string }).rule === 'optional';
    const comment = field.comment ? { doc: field.comment } : {};
    if (field instanceof protobuf.MapField || field.map) {
      const keyType = (field as unknown as protobuf.MapField).keyType;
      return {
        name: field.name,
        node: node(
          { logical: 'json', native: `map<${keyType},${field.type}>` },
          { hints: { map: true }, ...comment },
        ),
      };
    }
    const value = readValueType(field, reading, fieldPath);
    const read: SchemaNode = field.repeated
      ? node(
          { logical: 'array', native: `repeated ${value.type.native}`, element: value.type },
          { element: value },
        )
      : value;
    return {
      name: field.name,
      node: {
        ...read,
        ...comment,
        nullable: optional,
        hints: laterMember ? { ...read.hints, absent: true } : read.hints,
      },
    };
  });
}

/** Reads a Protobuf schema's first message, with its references parsed into the same root. */
export const readProtobuf: SchemaReader = (text, references) => {
  const name = firstMessageName(text);
  const root = new protobuf.Root();
  const wellKnown = new Set<string>();
  parseReferences(root, references, new Set(), wellKnown);
  const result = parseInto(root, text, 'The schema');
  addWellKnown(root, result.imports, wellKnown);
  try {
    root.resolveAll();
  } catch (error) {
    throw new SchemaReadError(`The schema does not resolve: ${(error as Error).message}`);
  }
  const type = root.lookupType(name);
  return {
    fullName: name,
    ...(type.comment ? { doc: type.comment } : {}),
    fields: readFields(type, new Set([name]), name),
  };
};

/** The protobufjs root of a schema and its references (for validating records against it). */
export function loadProtobufRoot(text: string, references: readonly ResolvedReference[]): protobuf.Root {
  const root = new protobuf.Root();
  const wellKnown = new Set<string>();
  parseReferences(root, references, new Set(), wellKnown);
  addWellKnown(root, parseInto(root, text, 'The schema').imports, wellKnown);
  root.resolveAll();
  return root;
}
