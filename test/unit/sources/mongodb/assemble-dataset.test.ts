/**
 * Catalog assembly from what a real MongoDB answers to listCollections / listIndexes (saved shapes, since
 * the test server, FerretDB 1.24, cannot create views, time-series collections, validators, TTL or partial
 * indexes): views flagged, capped and time-series options kept, indexes with their options, unique indexes as
 * unique keys, and a $jsonSchema validator reconciled with the inferred fields.
 */
import { describe, expect, it } from 'vitest';
import { assembleDataset } from '../../../../src/sources/mongodb/extract/extract-catalog.js';
import type { InferredSchema } from '../../../../src/sources/mongodb/infer/schema-tree.js';

const SCHEMA: InferredSchema = {
  documents: 4,
  paths: 3,
  untracked: 0,
  fields: [
    { name: '_id', path: '_id', count: 4, presence: 1, types: [{ type: 'objectId', count: 4, share: 1 }] },
    { name: 'email', path: 'email', count: 4, presence: 1, types: [{ type: 'string', count: 4, share: 1 }] },
    { name: 'note', path: 'note', count: 2, presence: 0.5, types: [{ type: 'null', count: 2, share: 1 }] },
  ],
};

describe('assembleDataset', () => {
  it('keeps indexes with unique, sparse, partial and TTL options; unique ones become unique keys', () => {
    const dataset = assembleDataset(
      { database: 'shop', name: 'users', type: 'collection', options: {} },
      [
        { name: '_id_', key: [['_id', 1]], unique: false, sparse: false },
        { name: 'email_1', key: [['email', 1]], unique: true, sparse: true },
        {
          name: 'active_email',
          key: [['email', -1]],
          unique: true,
          sparse: false,
          partialFilterExpression: { active: true },
        },
        { name: 'expiry', key: [['createdAt', 1]], unique: false, sparse: false, expireAfterSeconds: 3600 },
        { name: 'text', key: [['bio', 'text']], unique: false, sparse: false },
      ],
      4,
      SCHEMA,
    );
    expect(dataset).toMatchObject({
      name: 'shop.users',
      namespace: 'shop',
      local: 'users',
      kind: 'collection',
    });
    expect(dataset.primaryKey).toEqual({ name: '_id_', fields: ['_id'] });
    expect(dataset.rowEstimate).toBe(4);
    expect(dataset.uniques).toEqual([
      { name: 'email_1', fields: ['email'], via: 'index' },
      { name: 'active_email', fields: ['email'], via: 'index', predicate: '{"active":true}' },
    ]);
    const byName = new Map(dataset.indexes.map((index) => [index.name, index]));
    expect(JSON.parse(byName.get('email_1')?.definition ?? '{}')).toEqual({
      key: { email: 1 },
      unique: true,
      sparse: true,
    });
    expect(JSON.parse(byName.get('expiry')?.definition ?? '{}')).toEqual({
      key: { createdAt: 1 },
      expireAfterSeconds: 3600,
    });
    expect(byName.get('text')?.method).toBe('text');
  });

  it('flags views (not writable, the pipeline as definition), capped and time-series collections', () => {
    const view = assembleDataset(
      {
        database: 'shop',
        name: 'recent',
        type: 'view',
        options: { viewOn: 'users', pipeline: [{ $limit: 5 }] },
      },
      [],
      null,
      SCHEMA,
    );
    expect(view).toMatchObject({ kind: 'view', writable: false });
    expect(view.primaryKey).toBeUndefined();
    expect(JSON.parse(view.definition ?? '{}')).toEqual({ viewOn: 'users', pipeline: [{ $limit: 5 }] });
    const capped = assembleDataset(
      { database: 'shop', name: 'log', type: 'collection', options: { capped: true, size: 4096, max: 100 } },
      [],
      0,
      SCHEMA,
    );
    expect(capped.collection).toEqual({ capped: { size: 4096, max: 100 } });
    const series = assembleDataset(
      {
        database: 'shop',
        name: 'metrics',
        type: 'timeseries',
        options: { timeseries: { timeField: 'at', metaField: 'sensor', granularity: 'minutes' } },
      },
      [],
      0,
      SCHEMA,
    );
    expect(series.collection).toEqual({
      timeSeries: { timeField: 'at', metaField: 'sensor', granularity: 'minutes' },
    });
  });

  it('reconciles a $jsonSchema validator with the inferred fields', () => {
    const validator = {
      $jsonSchema: {
        bsonType: 'object',
        required: ['email', 'age'],
        properties: {
          email: { bsonType: 'string' },
          note: { bsonType: 'string' },
          age: { bsonType: 'int' },
          tags: { bsonType: 'array', items: { bsonType: 'string' } },
        },
      },
    };
    const dataset = assembleDataset(
      {
        database: 'shop',
        name: 'users',
        type: 'collection',
        options: { validator, validationLevel: 'strict' },
      },
      [],
      4,
      SCHEMA,
    );
    expect(JSON.parse(dataset.collection?.validator ?? '{}')).toEqual(validator);
    expect(dataset.collection?.validationLevel).toBe('strict');
    const byName = new Map(dataset.fields.map((field) => [field.name, field]));
    expect(byName.get('email')?.nullable).toBe(false);
    // Seen only as null: the declared type fills in.
    expect(byName.get('note')?.type).toMatchObject({ logical: 'string', native: 'string' });
    // Declared but never seen: added with presence 0.
    expect(byName.get('age')).toMatchObject({ type: { logical: 'integer', native: 'int' }, nullable: false });
    expect(byName.get('age')?.observed?.presence).toBe(0);
    expect(byName.get('tags')?.type).toMatchObject({ logical: 'array', element: { logical: 'string' } });
  });
});
