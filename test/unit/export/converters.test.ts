import { beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import { describeValueRecord } from '../../../src/export/record.js';
import { toAvro } from '../../../src/export/to-avro.js';
import { toJsonSchema } from '../../../src/export/to-json-schema.js';
import { loadProfile, type Profile } from '../../../src/tasks/index.js';
import { avroProblems, exportRecords, generateRows, jsonSchemaProblems } from '../../helpers/schema-rows.js';
import { buildShopProfile } from '../generate/shop-profile.js';

const ROWS = 200;
const cases: { label: string; profile: Profile; rows: Map<string, Row[]> }[] = [];

beforeAll(async () => {
  for (const [label, profile] of [
    ['every logical type', buildShopProfile()],
    ['the demo', await loadProfile('profiles/demo')],
  ] as const)
    cases.push({ label, profile, rows: await generateRows(profile, ROWS) });
}, 60_000);

describe('the converters on generated rows', () => {
  it('Avro: avsc validates, encodes and decodes every row, and decoding is exact', () => {
    for (const { label, profile, rows } of cases) {
      for (const record of exportRecords(profile))
        expect(avroProblems(record, rows.get(record.dataset)!), label).toEqual([]);
    }
  }, 30_000);

  it('JSON Schema: ajv (strict, with formats) accepts every row as doppel writes it in JSON', () => {
    for (const { label, profile, rows } of cases) {
      for (const record of exportRecords(profile))
        expect(jsonSchemaProblems(record, rows.get(record.dataset)!), label).toEqual([]);
    }
  }, 30_000);
});

describe('the schemas', () => {
  it('Avro: records, logical types, enums, arrays and nullable unions defaulting to null', () => {
    const all = exportRecords(buildShopProfile())
      .map((record) => JSON.stringify(toAvro(record).schema))
      .join('\n');
    for (const logicalType of ['decimal', 'date', 'uuid', 'timestamp-micros'])
      expect(all).toContain(`"logicalType":"${logicalType}"`);
    expect(all).toContain('"type":"enum"');
    expect(all).toContain('"type":"array"');
    expect(all).toMatch(/"type":\["null",.*\],"default":null/);
  });

  it('JSON Schema: the never-null fields are required and the record is closed', () => {
    const task = buildShopProfile().datasets[0]!;
    const schema = toJsonSchema(describeValueRecord(task)).schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      task.fields.filter((field) => !field.nullable).map((field) => field.name),
    );
  });
});
