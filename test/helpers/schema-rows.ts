/**
 * Checks rows against exported schemas the way a consumer would: Avro through avsc (validate, encode,
 * decode, and decoding gives back what was encoded), JSON Schema through ajv with formats (strict), on the
 * JSON doppel writes. Returns the problems found, so a test can show them.
 */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { encodeJson } from '../../src/catalog/value-text.js';
import type { Row } from '../../src/catalog/values.js';
import { describeKeyRecord, describeValueRecord, type ExportRecord } from '../../src/export/record.js';
import { avroTypeOf, compileAvroRecord } from '../../src/export/to-avro.js';
import { toJsonSchema } from '../../src/export/to-json-schema.js';
import { createGeneration } from '../../src/generate/engine.js';
import type { Profile } from '../../src/tasks/types.js';

/** Every record a profile exports: each dataset's value, and its key when it has one. */
export function exportRecords(profile: Profile): ExportRecord[] {
  return profile.datasets.flatMap((task) => {
    const key = describeKeyRecord(task);
    return key === undefined ? [describeValueRecord(task)] : [describeValueRecord(task), key];
  });
}

/** `rows` generated rows of every dataset of `profile` (seeded), by dataset name. */
export async function generateRows(profile: Profile, rows: number): Promise<Map<string, Row[]>> {
  const sizes = Object.fromEntries(profile.datasets.map((task) => [task.dataset.name, rows]));
  const generation = createGeneration(profile, { seed: 7, rows: sizes });
  const result = new Map<string, Row[]>();
  for (const task of profile.datasets) {
    const list: Row[] = [];
    for await (const batch of generation.batches(task.dataset.name)) list.push(...batch);
    result.set(task.dataset.name, list);
  }
  return result;
}

/** The row cut down to the record's fields (a key record sees only its own). */
function project(record: ExportRecord, row: Row): Row {
  return Object.fromEntries(record.fields.map((field) => [field.name, row[field.name] ?? null]));
}

/** Problems of `rows` against the record's Avro schema: invalid data or a decoding that differs. */
export function avroProblems(record: ExportRecord, rows: readonly Row[]): string[] {
  const codec = compileAvroRecord(record);
  const type = avroTypeOf(codec.schema);
  const problems: string[] = [];
  for (const full of rows) {
    const row = project(record, full);
    const datum = codec.toAvro(row);
    const invalid: string[] = [];
    type.isValid(datum, { errorHook: (path, value) => invalid.push(`${path.join('.')}=${String(value)}`) });
    if (invalid.length > 0) {
      problems.push(`${record.dataset} ${record.part}: ${invalid.join(', ')} in ${encodeJson(row)}`);
      continue;
    }
    const bytes = type.toBuffer(datum);
    const back = codec.fromAvro(type.fromBuffer(bytes));
    if (!type.toBuffer(codec.toAvro(back)).equals(bytes))
      problems.push(`${record.dataset} ${record.part}: ${encodeJson(row)} decodes as ${encodeJson(back)}`);
  }
  return problems;
}

/** Problems of `rows` (as doppel writes them in JSON) against the record's JSON Schema. */
export function jsonSchemaProblems(record: ExportRecord, rows: readonly Row[]): string[] {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(toJsonSchema(record).schema);
  const problems: string[] = [];
  for (const full of rows) {
    const text = encodeJson(project(record, full));
    if (!validate(JSON.parse(text)))
      problems.push(`${record.dataset} ${record.part}: ${ajv.errorsText(validate.errors)} in ${text}`);
  }
  return problems;
}
