/**
 * What the three schema readers (`read-avro.ts`, `read-json-schema.ts`, `read-protobuf.ts`, one signature,
 * {@link SchemaReader}) make of a registered schema: a tree of typed nodes with the facts a schema states
 * beyond the catalog's types (formats, bounds, patterns, defaults). The catalog fields (`to-catalog.ts`) and
 * the schema-derived recipes (`derive-recipes.ts`) are both read off this one tree.
 */
import type { FieldType } from '../../catalog/model.js';
import type { JsonValue } from '../../tasks/types.js';

/** What a schema says about values beyond their type. */
export interface SchemaHints {
  /** A regular expression every value matches (JSON Schema `pattern`, or one doppel derives for a format). */
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A semantic type the schema's format names (`email`, `url`, `ipv4`, ...). */
  readonly semantic?: string;
  /** Leave the value out of generated records (a Protobuf `oneof` member after the first). */
  readonly absent?: boolean;
  /** A binary value of this many bytes (Avro `fixed`, written as base64 text). */
  readonly bytes?: number;
  /** Keys of a map: the value is a map, generated empty. */
  readonly map?: boolean;
}

export interface SchemaNode {
  readonly type: FieldType;
  readonly nullable: boolean;
  /** The schema's default value (JSON), when it has one. */
  readonly default?: JsonValue;
  readonly doc?: string;
  readonly hints: SchemaHints;
  /** Fields of a record, in order. */
  readonly children?: readonly NamedNode[];
  /** The element of an array. */
  readonly element?: SchemaNode;
}

export interface NamedNode {
  readonly name: string;
  readonly node: SchemaNode;
}

/** A subject's schema read as one record. */
export interface SchemaRecord {
  /** The record's full name (`namespace.Name`): what the record-name subject strategy uses. */
  readonly fullName: string;
  readonly doc?: string;
  readonly fields: readonly NamedNode[];
}

/** A referenced schema, resolved through the registry: the name the referring schema uses, and its text. */
export interface ResolvedReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
  readonly schema: string;
  /** References of the referenced schema, resolved too (depth first). */
  readonly references: readonly ResolvedReference[];
}

/** The signature every reader shares: schema text and its resolved references in, one record out. */
export type SchemaReader = (schema: string, references: readonly ResolvedReference[]) => SchemaRecord;

/** A reader's complaint about a schema; the session adds the subject and version. */
export class SchemaReadError extends Error {}
