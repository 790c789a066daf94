/** The converters by format: each takes a record and returns its schema (one signature, `SchemaConverter`). */
import type { SchemaConverter, SchemaFormat } from './record.js';
import { toAvro } from './to-avro.js';
import { toJsonSchema } from './to-json-schema.js';

export const CONVERTERS: { readonly [F in SchemaFormat]: SchemaConverter } = {
  avro: toAvro,
  'json-schema': toJsonSchema,
};
