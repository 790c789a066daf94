import { Double, Int32, Long, ObjectId, UUID } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { type InferredField, inferSchema } from '../../../../src/sources/mongodb/infer/schema-tree.js';

function field(fields: readonly InferredField[], name: string): InferredField {
  const found = fields.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no field ${name}`);
  return found;
}

describe('inferSchema', () => {
  it('describes nested documents with presence, type mixes and array lengths', async () => {
    const documents = Array.from({ length: 100 }, (_, index) => ({
      _id: new ObjectId(),
      n: index % 4 === 0 ? `s${index}` : new Int32(index),
      big: Long.fromNumber(index),
      ratio: new Double(index / 3),
      ...(index % 5 === 0
        ? {}
        : { address: { city: 'Lyon', ...(index % 2 === 0 ? { floor: new Int32(2) } : {}) } }),
      lines: Array.from({ length: index % 3 }, () => ({ sku: 'A', qty: new Int32(1) })),
      maybe: index % 10 === 0 ? null : true,
      id: new UUID(),
    }));
    const schema = await inferSchema(documents);
    expect(schema.documents).toBe(100);
    expect(field(schema.fields, '_id').types).toEqual([{ type: 'objectId', count: 100, share: 1 }]);
    expect(field(schema.fields, 'n').types.map((type) => [type.type, type.share])).toEqual([
      ['int', 0.75],
      ['string', 0.25],
    ]);
    expect(field(schema.fields, 'big').types[0]?.type).toBe('long');
    expect(field(schema.fields, 'ratio').types[0]?.type).toBe('double');
    expect(field(schema.fields, 'id').types[0]?.type).toBe('uuid');
    const maybe = field(schema.fields, 'maybe');
    expect(maybe.types.map((type) => [type.type, type.share])).toEqual([
      ['bool', 0.9],
      ['null', 0.1],
    ]);
    const address = field(schema.fields, 'address');
    expect(address.presence).toBe(0.8);
    const inside = address.types[0]?.fields ?? [];
    expect(field(inside, 'city').presence).toBe(1);
    expect(field(inside, 'floor').presence).toBe(0.5);
    expect(field(inside, 'floor').path).toBe('address.floor');
    const lines = field(schema.fields, 'lines').types[0];
    expect(lines?.type).toBe('array');
    expect(lines?.lengths).toMatchObject({ min: 0, max: 2, count: 100 });
    expect(lines?.lengths?.shares).toEqual([
      [0, 0.34],
      [1, 0.33],
      [2, 0.33],
    ]);
    const element = lines?.element;
    expect(element?.path).toBe('lines.[]');
    expect(element?.types[0]?.type).toBe('object');
    expect(element?.types[0]?.fields?.map((inner) => inner.name)).toEqual(['sku', 'qty']);
  });

  it('summarises documents keyed by ids as a map instead of a path per key', async () => {
    const owners = Array.from({ length: 50 }, () => new ObjectId().toHexString());
    const documents = Array.from({ length: 200 }, (_, index) => ({
      votes: Object.fromEntries(
        Array.from({ length: 1 + (index % 3) }, (_, vote) => [
          owners[(index * 7 + vote) % 50],
          new Int32(vote),
        ]),
      ),
      byYear: { [String(2000 + (index % 30))]: { count: new Int32(index) } },
    }));
    const schema = await inferSchema(documents);
    const votes = field(schema.fields, 'votes').types[0];
    expect(votes?.fields).toBeUndefined();
    expect(votes?.map?.keys).toBe('objectId');
    expect(votes?.map?.distinctKeys).toBeGreaterThanOrEqual(45);
    expect(votes?.map?.size).toMatchObject({ min: 1, max: 3 });
    expect(votes?.map?.value.types[0]?.type).toBe('int');
    expect(votes?.map?.value.presence).toBe(1);
    const byYear = field(schema.fields, 'byYear').types[0];
    expect(byYear?.map?.keys).toBe('integer');
    expect(byYear?.map?.value.types[0]?.fields?.[0]?.name).toBe('count');
    // The keys folded into the map do not count as paths.
    expect(schema.paths).toBeLessThan(10);
  });

  it('keeps a document level with many ordinary names as fields', async () => {
    const names = Array.from(
      { length: 30 },
      (_, index) => `field_${String.fromCharCode(97 + (index % 26))}${index}`,
    );
    const documents = [Object.fromEntries(names.map((name) => [name, 1]))];
    const schema = await inferSchema(documents);
    expect(schema.fields).toHaveLength(30);
  });

  it('stops describing new paths at the hard limit and counts what it left out', async () => {
    const documents = Array.from({ length: 10 }, (_, index) => ({ [`a${index}`]: 1, [`b${index}`]: 2 }));
    const schema = await inferSchema(documents, { maxPaths: 5 });
    expect(schema.paths).toBe(5);
    expect(schema.fields).toHaveLength(5);
    expect(schema.untracked).toBe(15);
  });

  it('stops descending at the depth limit', async () => {
    const schema = await inferSchema([{ a: { b: { c: { d: 1 } } } }], { maxDepth: 2 });
    const a = field(schema.fields, 'a').types[0]?.fields ?? [];
    const b = field(a, 'b').types[0]?.fields ?? [];
    expect(b).toEqual([]);
    expect(schema.untracked).toBe(1);
  });
});
