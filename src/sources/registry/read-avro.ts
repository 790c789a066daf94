/**
 * Avro schemas as schema nodes: records and nested records, enums (with their default), fixed, arrays,
 * maps, `["null", T]` unions as optional T, and the logical types decimal, uuid, date, time-millis/micros,
 * timestamp-millis/micros and local-timestamp-millis/micros. Named types defined in referenced schemas (or
 * earlier in the same schema) are found by full name. Names made Avro-safe by `doppel export` are decoded back
 * (`decodeAvroName`). A union of several non-null types is read as its first branch.
 */
import type { FieldType } from '../../catalog/model.js';
import { decodeAvroName } from '../../export/avro-names.js';
import type { JsonValue } from '../../tasks/types.js';
import {
  type NamedNode,
  type ResolvedReference,
  type SchemaHints,
  type SchemaNode,
  SchemaReadError,
  type SchemaReader,
  type SchemaRecord,
} from './schema-node.js';

type AvroJson = string | readonly AvroJson[] | { readonly [key: string]: JsonValue };
type AvroObject = { readonly [key: string]: JsonValue };

interface Scope {
  /** Named types by full name. */
  readonly named: Map<string, AvroObject>;
  readonly namespace: string | undefined;
  /** Records being read (a record that contains itself is read once, then as JSON). */
  readonly reading: Set<string>;
}

const PRIMITIVES: Readonly<Record<string, FieldType>> = {
  boolean: { logical: 'boolean', native: 'boolean' },
  int: { logical: 'integer', native: 'int', bits: 32 },
  long: { logical: 'integer', native: 'long', bits: 64 },
  float: { logical: 'float', native: 'float', bits: 32 },
  double: { logical: 'float', native: 'double', bits: 64 },
  bytes: { logical: 'binary', native: 'bytes' },
  string: { logical: 'string', native: 'string' },
};

function fullNameOf(schema: AvroObject, namespace: string | undefined): string {
  const name = String(schema.name);
  if (name.includes('.')) return name;
  const own = typeof schema.namespace === 'string' ? schema.namespace : namespace;
  return own === undefined || own === '' ? name : `${own}.${name}`;
}

function namespaceOf(fullName: string): string | undefined {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? undefined : fullName.slice(0, dot);
}

function parseJson(text: string, what: string): AvroJson {
  try {
    return JSON.parse(text) as AvroJson;
  } catch (error) {
    throw new SchemaReadError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

/** Registers every named type a schema defines (so that referring schemas can use them). */
function collectNamed(schema: AvroJson, scope: Scope): void {
  if (typeof schema === 'string') return;
  if (Array.isArray(schema)) {
    for (const branch of schema) collectNamed(branch, scope);
    return;
  }
  const object = schema as AvroObject;
  const type = object.type;
  if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
    const fullName = fullNameOf(object, scope.namespace);
    scope.named.set(fullName, { ...object, name: fullName });
    if (type === 'record' || type === 'error') {
      const inner = { ...scope, namespace: namespaceOf(fullName) };
      for (const field of (object.fields as AvroObject[] | undefined) ?? [])
        collectNamed(field.type as AvroJson, inner);
    }
    return;
  }
  if (type === 'array') collectNamed(object.items as AvroJson, scope);
  else if (type === 'map') collectNamed(object.values as AvroJson, scope);
  else if (typeof type === 'object' && type !== null) collectNamed(type as AvroJson, scope);
}

function collectReferences(references: readonly ResolvedReference[], scope: Scope): void {
  for (const reference of references) {
    collectReferences(reference.references, scope);
    collectNamed(parseJson(reference.schema, `The referenced schema ${reference.name}`), {
      ...scope,
      namespace: undefined,
    });
  }
}

function node(type: FieldType, extra: Partial<SchemaNode> = {}): SchemaNode {
  return { type, nullable: false, hints: {}, ...extra };
}

function logicalNode(object: AvroObject, base: string): SchemaNode | undefined {
  switch (object.logicalType) {
    case 'decimal': {
      const precision = Number(object.precision);
      const scale = object.scale === undefined ? 0 : Number(object.scale);
      if (!Number.isInteger(precision) || precision < 1) return undefined;
      return node(
        { logical: 'decimal', native: `${base}(decimal(${precision},${scale}))`, precision, scale },
        base === 'fixed' ? { hints: { bytes: Number(object.size) } } : {},
      );
    }
    case 'uuid':
      return base === 'string' ? node({ logical: 'uuid', native: 'string(uuid)', bits: 128 }) : undefined;
    case 'date':
      return base === 'int' ? node({ logical: 'date', native: 'int(date)' }) : undefined;
    case 'time-millis':
    case 'time-micros':
      return node({
        logical: 'time',
        native: `${base}(${object.logicalType})`,
        timePrecision: object.logicalType === 'time-millis' ? 3 : 6,
      });
    case 'timestamp-millis':
    case 'timestamp-micros':
    case 'local-timestamp-millis':
    case 'local-timestamp-micros': {
      const local = object.logicalType.startsWith('local-');
      return node({
        logical: local ? 'timestamp' : 'timestamptz',
        native: `${base}(${object.logicalType})`,
        timePrecision: object.logicalType.endsWith('millis') ? 3 : 6,
        ...(local ? {} : { zoned: true }),
      });
    }
    default:
      return undefined; // an unknown logical type reads as its base type, as Avro says
  }
}

function readType(schema: AvroJson, scope: Scope, path: string): SchemaNode {
  if (typeof schema === 'string') {
    const primitive = PRIMITIVES[schema];
    if (primitive !== undefined) return node(primitive);
    if (schema === 'null') return node({ logical: 'opaque', native: 'null' }, { nullable: true });
    const named =
      scope.named.get(schema) ??
      (scope.namespace !== undefined ? scope.named.get(`${scope.namespace}.${schema}`) : undefined);
    if (named === undefined) throw new SchemaReadError(`${path}: the type "${schema}" is not defined.`);
    return readType(named, { ...scope, namespace: namespaceOf(String(named.name)) }, path);
  }
  if (Array.isArray(schema)) return readUnion(schema, scope, path);
  const object = schema as AvroObject;
  const type = object.type;
  if (typeof type === 'string' && typeof object.logicalType === 'string') {
    const logical = logicalNode(object, type);
    if (logical !== undefined) return logical;
  }
  switch (type) {
    case 'record':
    case 'error':
      return readRecordNode(object, scope, path);
    case 'enum': {
      const symbols = ((object.symbols as string[] | undefined) ?? []).map(String);
      const fullName = fullNameOf(object, scope.namespace);
      return node(
        { logical: 'enum', native: `enum ${fullName}`, labels: symbols },
        typeof object.default === 'string' ? { default: object.default } : {},
      );
    }
    case 'fixed': {
      const size = Number(object.size);
      return node(
        { logical: 'binary', native: `fixed(${size})`, length: size, fixedLength: true },
        { hints: { bytes: size } },
      );
    }
    case 'array': {
      const element = readType(object.items as AvroJson, scope, `${path}[]`);
      return node(
        { logical: 'array', native: `array<${element.type.native}>`, element: element.type },
        { element },
      );
    }
    case 'map': {
      const values = readType(object.values as AvroJson, scope, `${path}{}`);
      return node({ logical: 'json', native: `map<${values.type.native}>` }, { hints: { map: true } });
    }
    default:
      if (typeof type === 'string' || (typeof type === 'object' && type !== null))
        return readType(type as AvroJson, scope, path);
      throw new SchemaReadError(`${path}: the schema has no type.`);
  }
}

function readUnion(branches: readonly AvroJson[], scope: Scope, path: string): SchemaNode {
  const nullable = branches.includes('null');
  const others = branches.filter((branch) => branch !== 'null');
  if (others.length === 0) return node({ logical: 'opaque', native: 'null' }, { nullable: true });
  const first = readType(others[0]!, scope, path);
  const native =
    others.length === 1
      ? first.type.native
      : `union<${others.map((branch) => readType(branch, scope, path).type.native).join(',')}>`;
  return { ...first, type: { ...first.type, native }, nullable: nullable || first.nullable };
}

function readFields(object: AvroObject, scope: Scope, path: string): NamedNode[] {
  const fields = object.fields;
  if (!Array.isArray(fields)) throw new SchemaReadError(`${path}: a record needs a list of fields.`);
  return (fields as AvroObject[]).map((field) => {
    const name = decodeAvroName(String(field.name));
    const read = readType(field.type as AvroJson, scope, `${path}.${name}`);
    const hints: SchemaHints = read.hints;
    return {
      name,
      node: {
        ...read,
        hints,
        ...('default' in field ? { default: field.default as JsonValue } : {}),
        ...(typeof field.doc === 'string' ? { doc: field.doc } : {}),
      },
    };
  });
}

function readRecordNode(object: AvroObject, scope: Scope, path: string): SchemaNode {
  const fullName = fullNameOf(object, scope.namespace);
  if (scope.reading.has(fullName)) return node({ logical: 'json', native: `record ${fullName}` });
  scope.named.set(fullName, { ...object, name: fullName });
  scope.reading.add(fullName);
  const children = readFields(object, { ...scope, namespace: namespaceOf(fullName) }, path);
  scope.reading.delete(fullName);
  return node(
    { logical: 'object', native: `record ${fullName}` },
    { children, ...(typeof object.doc === 'string' ? { doc: object.doc } : {}) },
  );
}

/** Reads an Avro schema (a record) with the named types of its references. */
export const readAvro: SchemaReader = (text, references) => {
  const scope: Scope = { named: new Map(), namespace: undefined, reading: new Set() };
  collectReferences(references, scope);
  const schema = parseJson(text, 'The schema');
  const top =
    typeof schema === 'string' && !(schema in PRIMITIVES) ? (scope.named.get(schema) ?? schema) : schema;
  const typeOfTop = typeof top === 'object' && !Array.isArray(top) ? (top as AvroObject).type : undefined;
  if (typeOfTop !== 'record' && typeOfTop !== 'error')
    throw new SchemaReadError(
      `The schema is ${describeTop(top)}, not a record: doppel reads records as datasets.`,
    );
  const object = top as AvroObject;
  const fullName = fullNameOf(object, undefined);
  scope.named.set(fullName, { ...object, name: fullName });
  scope.reading.add(fullName);
  const fields = readFields(object, { ...scope, namespace: namespaceOf(fullName) }, fullName);
  return {
    fullName,
    ...(typeof object.doc === 'string' ? { doc: object.doc } : {}),
    fields,
  } satisfies SchemaRecord;
};

function describeTop(schema: AvroJson): string {
  if (typeof schema === 'string') return `the type ${schema}`;
  if (Array.isArray(schema)) return 'a union';
  return `of type ${String((schema as AvroObject).type)}`;
}
