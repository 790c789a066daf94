import { Int32, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { bsonTypeOf, toNeutralValue } from '../../../../src/sources/mongodb/bson-values.js';
import { createDocumentReader } from '../../../../src/sources/mongodb/document-rows.js';
import { inferSchema } from '../../../../src/sources/mongodb/infer/schema-tree.js';
import { toCatalogFields } from '../../../../src/sources/mongodb/infer/tree-to-fields.js';

describe('toCatalogFields', () => {
  it('maps BSON types to logical types with BSON names as native, and keeps the observed shape', async () => {
    const schema = await inferSchema(
      Array.from({ length: 10 }, (_, index) => ({
        _id: new ObjectId(),
        count: new Int32(index),
        total: Long.fromNumber(index),
        mixed: index % 2 === 0 ? new Int32(1) : 'one',
        numbers: index % 2 === 0 ? new Int32(1) : Long.fromNumber(2),
        at: new Date(0),
        nested: { inner: 'x', ...(index < 5 ? { sometimes: true } : {}) },
      })),
    );
    const fields = toCatalogFields(schema.fields);
    const byName = new Map(fields.map((field) => [field.name, field]));
    expect(byName.get('_id')?.type).toMatchObject({ logical: 'string', native: 'objectId', bits: 96 });
    expect(byName.get('count')?.type).toMatchObject({ logical: 'integer', native: 'int', bits: 32 });
    expect(byName.get('total')?.type).toMatchObject({ logical: 'integer', native: 'long', bits: 64 });
    expect(byName.get('mixed')?.type).toEqual({ logical: 'json', native: 'int|string' });
    expect(byName.get('mixed')?.observed?.types).toEqual({ int: 0.5, string: 0.5 });
    expect(byName.get('numbers')?.type).toMatchObject({ logical: 'integer', native: 'int|long', bits: 64 });
    expect(byName.get('at')?.type).toMatchObject({ logical: 'timestamptz', native: 'date' });
    const nested = byName.get('nested');
    expect(nested?.type.logical).toBe('object');
    expect(nested?.type.attributes?.map((attribute) => attribute.name)).toEqual(['inner', 'sometimes']);
    expect(nested?.fields?.[1]).toMatchObject({
      name: 'sometimes',
      nullable: true,
      observed: { presence: 0.5 },
    });
  });

  it('types a map as the list of its values and reads map documents that way', async () => {
    const keys = Array.from({ length: 30 }, () => new ObjectId().toHexString());
    const documents = keys.map((key, index) => ({
      scores: { [key]: new Int32(index), [keys[(index + 1) % 30]!]: new Int32(1) },
    }));
    const fields = toCatalogFields((await inferSchema(documents)).fields);
    const scores = fields[0];
    expect(scores?.type).toMatchObject({
      logical: 'array',
      native: 'map<objectId>',
      element: { logical: 'integer' },
    });
    expect(scores?.observed?.map).toMatchObject({ keys: 'objectId', size: { min: 2, max: 2 } });
    const row = createDocumentReader(fields)(documents[0]!);
    expect(row.scores).toEqual([0, 1]);
  });
});

describe('BSON values', () => {
  it('names BSON types and converts them into neutral values', () => {
    const id = new ObjectId();
    expect(bsonTypeOf(id)).toBe('objectId');
    expect(toNeutralValue(id)).toBe(id.toHexString());
    expect(toNeutralValue(Long.fromString('9007199254740993'))).toBe(9007199254740993n);
    expect(toNeutralValue(Long.fromNumber(5))).toBe(5);
    expect(toNeutralValue(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02T00:00:00.000Z');
    expect(toNeutralValue({ a: [new Int32(1), null] })).toEqual({ a: [1, null] });
    expect(bsonTypeOf(undefined)).toBeUndefined();
  });
});
