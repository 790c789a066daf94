/**
 * Generated rows as BSON documents without a server: each type a task file can name becomes the exact BSON
 * value (Decimal128 and NaN included, which the test server cannot store), mixes decide by the value, nulls
 * of sometimes-missing fields become missing keys, and a SQL profile's logical types map onto BSON.
 */
import { describe, expect, it } from 'vitest';
import {
  createDocumentWriter,
  indexSpecification,
  nullMeansMissing,
} from '../../../../src/sources/mongodb/index.js';
import type { DatasetTask, FieldTask, TypeTask } from '../../../../src/tasks/types.js';

function field(name: string, type: TypeTask, extra: Partial<FieldTask> = {}): FieldTask {
  return { name, type, nullable: true, generator: { kind: 'null' }, ...extra };
}

function task(fields: readonly FieldTask[]): DatasetTask {
  return { dataset: { name: 'db.c', local: 'c', namespace: 'db' }, fields } as unknown as DatasetTask;
}

function tag(value: unknown): string {
  if (value instanceof Date) return 'date';
  return (value as { _bsontype?: string })?._bsontype ?? typeof value;
}

describe('createDocumentWriter', () => {
  it('writes each native BSON type exactly', () => {
    const write = createDocumentWriter(
      task([
        field('_id', { logical: 'string', native: 'objectId', bits: 96 }),
        field('i', { logical: 'integer', native: 'int', bits: 32 }),
        field('l', { logical: 'integer', native: 'long', bits: 64 }),
        field('d', { logical: 'float', native: 'double' }),
        field('n', { logical: 'float', native: 'double' }),
        field('m', { logical: 'decimal', native: 'decimal' }),
        field('t', { logical: 'timestamptz', native: 'date' }),
        field('u', { logical: 'uuid', native: 'uuid' }),
        field('b', { logical: 'binary', native: 'binData' }),
      ]),
    );
    const document = write({
      _id: '6553f0000000000000000001',
      i: 7,
      l: 9007199254740993n,
      d: 2,
      n: Number.NaN,
      m: '12.30',
      t: '2024-05-01T10:00:00.000Z',
      u: '0f8fad5b-d9cb-469f-a165-70867728950e',
      b: new Uint8Array([1, 2]),
    });
    expect(Object.fromEntries(Object.entries(document).map(([key, value]) => [key, tag(value)]))).toEqual({
      _id: 'ObjectId',
      i: 'Int32',
      l: 'Long',
      d: 'Double',
      n: 'Double',
      m: 'Decimal128',
      t: 'date',
      u: 'Binary',
      b: 'Binary',
    });
    expect(String(document.l)).toBe('9007199254740993');
    expect(String(document.m)).toBe('12.30');
  });

  it('writes a mix by the value, a map as a document, and nested documents and arrays by their fields', () => {
    const write = createDocumentWriter(
      task([
        field('score', { logical: 'json', native: 'int|string' }),
        field('price', { logical: 'float', native: 'double|int' }),
        field(
          'votes',
          { logical: 'array', native: 'map<objectId>' },
          {
            map: {
              keys: 'objectId',
              size: { p50: 1 },
              value: field('[value]', { logical: 'integer', native: 'int', bits: 32 }),
            },
          },
        ),
        field(
          'items',
          { logical: 'array', native: 'array' },
          {
            element: field(
              '[]',
              { logical: 'object', native: 'object' },
              { fields: [field('qty', { logical: 'integer', native: 'long', bits: 64 })] },
            ),
          },
        ),
      ]),
    );
    const document = write({
      score: 3,
      price: 4.5,
      votes: { '6553f0000000000000000001': 2 },
      items: [{ qty: 1 }],
    });
    expect(tag(document.score)).toBe('Int32');
    expect(tag(write({ score: 'grade-1' }).score)).toBe('string');
    expect(tag(document.price)).toBe('Double');
    expect(tag(write({ price: 4 }).price)).toBe('Int32');
    expect(tag(document.votes['6553f0000000000000000001'])).toBe('Int32');
    expect(tag(document.items[0].qty)).toBe('Long');
  });

  it('writes a null of a sometimes-missing, never-null field as a missing key', () => {
    const missing = field(
      'a',
      { logical: 'string', native: 'string' },
      {
        stats: { count: 10, nulls: 0.1, presence: 0.9, types: { string: 1 } },
      },
    );
    const nulled = field(
      'b',
      { logical: 'string', native: 'string' },
      {
        stats: { count: 10, nulls: 0.3, presence: 1, types: { string: 0.7, null: 0.3 } },
      },
    );
    expect(nullMeansMissing(missing)).toBe(true);
    expect(nullMeansMissing(nulled)).toBe(false);
    const document = createDocumentWriter(task([missing, nulled]))({ a: null, b: null });
    expect('a' in document).toBe(false);
    expect(document.b).toBeNull();
  });

  it('maps the logical types of a SQL profile onto BSON', () => {
    const write = createDocumentWriter(
      task([
        field('id', { logical: 'integer', native: 'integer', bits: 32 }),
        field('big', { logical: 'integer', native: 'bigint', bits: 64 }),
        field('total', { logical: 'decimal', native: 'numeric(12,2)', precision: 12, scale: 2 }),
        field('at', { logical: 'timestamp', native: 'timestamp without time zone' }),
        field('day', { logical: 'date', native: 'date' }),
      ]),
    );
    const document = write({ id: 1, big: 2, total: '10.50', at: '2024-05-01T10:00:00', day: '2024-05-01' });
    expect(tag(document.id)).toBe('Int32');
    expect(tag(document.big)).toBe('Long');
    expect(tag(document.total)).toBe('Decimal128');
    expect((document.at as Date).toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect((document.day as Date).toISOString()).toBe('2024-05-01T00:00:00.000Z');
  });
});

describe('indexSpecification', () => {
  it('reads the recorded index document, else ascending keys', () => {
    expect(
      indexSpecification({
        name: 'by_customer',
        fields: ['customerId', 'placed'],
        method: 'btree',
        unique: false,
        document: '{"key":{"customerId":{"$numberInt":"1"},"placed":{"$numberInt":"-1"}},"sparse":true}',
      }),
    ).toEqual({ key: { customerId: 1, placed: -1 }, options: { name: 'by_customer', sparse: true } });
    expect(indexSpecification({ name: 'u', fields: ['email'], method: 'btree', unique: true })).toEqual({
      key: { email: 1 },
      options: { name: 'u', unique: true },
    });
  });
});
