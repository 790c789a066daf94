/**
 * The MongoDB source against the wire-protocol test server (FerretDB 1.24): catalog extraction with an
 * inferred schema tree (nested documents, arrays of documents, a polymorphic field, a map keyed by ids),
 * indexes, estimated counts, include/exclude through the dataset-name resolver, and sampling: `$sample` tried
 * first, the named fallback taken because this server refuses it.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Field } from '../../../../src/catalog/model.js';
import type { Logger } from '../../../../src/shared/log.js';
import { sampleDocuments } from '../../../../src/sources/mongodb/sample.js';
import { openMongoSource } from '../../../../src/sources/mongodb/source-session.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { CUSTOMERS, loadMongoFixture, ORDERS } from './fixture-database.js';

function collectingLogger(lines: string[]): Logger {
  const push = (line: string) => lines.push(line);
  return { error: push, warn: push, info: push, debug: push };
}

function byName(fields: readonly Field[] | undefined, name: string): Field {
  const field = fields?.find((candidate) => candidate.name === name);
  if (field === undefined) throw new Error(`no field ${name}`);
  return field;
}

describe('MongoDB source (FerretDB test server)', () => {
  let database: TestDatabase;
  let client: MongoClient;

  beforeAll(async () => {
    database = await createTestDatabase('mongodb');
    client = new MongoClient(database.url);
    await client.connect();
    await loadMongoFixture(client, database.name);
  });

  afterAll(async () => {
    await client?.close();
    await database?.drop();
  });

  it('extracts collections with estimated counts, indexes and an inferred schema tree', async () => {
    const session = await openMongoSource(database.url, { log: collectingLogger([]), name: 'shop' });
    try {
      const catalog = await session.extract({});
      expect(catalog.source.version).toContain('FerretDB');
      expect(catalog.datasets.map((dataset) => dataset.local)).toEqual(['customers', 'orders']);
      const [customers, orders] = catalog.datasets;
      expect(customers?.rowEstimate).toBe(CUSTOMERS);
      expect(orders?.rowEstimate).toBe(ORDERS);
      expect(customers?.primaryKey?.fields).toEqual(['_id']);
      expect(customers?.uniques).toEqual([{ name: 'email_unique', fields: ['email'], via: 'index' }]);
      // FerretDB 1.24 accepts `sparse` but does not report it in listIndexes (a real MongoDB does; the
      // assembly of a reported sparse flag is tested in test/unit/sources/mongodb/assemble-dataset.test.ts).
      expect(
        JSON.parse(customers?.indexes.find((index) => index.name === 'city_sparse')?.definition ?? '{}'),
      ).toEqual({ key: { 'address.city': 1 } });
      const fields = customers?.fields;
      expect(byName(fields, '_id').type).toMatchObject({ logical: 'string', native: 'objectId', bits: 96 });
      expect(byName(fields, 'visits').type).toMatchObject({ logical: 'integer', native: 'long', bits: 64 });
      expect(byName(fields, 'since').type).toMatchObject({ logical: 'timestamptz', native: 'date' });
      expect(byName(fields, 'score')).toMatchObject({
        type: { logical: 'json', native: 'int|string' },
        observed: { presence: 1, types: { int: 0.7, string: 0.3 } },
      });
      const address = byName(fields, 'address');
      expect(address.observed?.presence).toBe(0.9);
      expect(byName(address.fields, 'city').observed?.presence).toBe(1);
      expect(byName(address.fields, 'floor').observed?.presence).toBeCloseTo(0.4444, 3);
      expect(byName(fields, 'tags').observed?.element?.type.logical).toBe('string');
      const items = byName(orders?.fields, 'items');
      expect(items.type).toMatchObject({ logical: 'array', element: { logical: 'object' } });
      expect(items.observed?.element?.fields?.map((field) => field.name)).toEqual(['sku', 'qty', 'price']);
      const votes = byName(orders?.fields, 'votes');
      expect(votes.type).toMatchObject({
        logical: 'array',
        native: 'map<objectId>',
        element: { logical: 'integer' },
      });
      expect(votes.observed?.map).toMatchObject({ keys: 'objectId', size: { min: 1, max: 3 } });
      expect(votes.fields).toBeUndefined();
    } finally {
      await session.close();
    }
  });

  it('selects collections by include and exclude through the dataset-name resolver', async () => {
    const session = await openMongoSource(database.url, { log: collectingLogger([]), name: 'shop' });
    try {
      expect(
        (await session.extract({ include: ['orders'] })).datasets.map((dataset) => dataset.local),
      ).toEqual(['orders']);
      expect(
        (await session.extract({ exclude: ['*.orders'] })).datasets.map((dataset) => dataset.local),
      ).toEqual(['customers']);
    } finally {
      await session.close();
    }
  });

  it('tries $sample first and takes the named fallback (head) because this server refuses it', async () => {
    const lines: string[] = [];
    const features = { sampleStage: 'unknown' as const } as {
      sampleStage: 'unknown' | 'supported' | 'refused';
    };
    const stream = sampleDocuments(
      client,
      features,
      { database: database.name, collection: 'orders' },
      { documents: 50, seconds: 30, full: false, estimate: ORDERS, maxTimeMS: 10_000 },
      collectingLogger(lines),
    );
    const documents = [];
    for await (const document of stream) documents.push(document);
    expect(documents).toHaveLength(50);
    // FerretDB 1.24 lacks $sample; a real MongoDB answers it and never takes the fallback.
    expect(stream.tried()).toEqual(['sample-stage', 'head']);
    expect(stream.method()).toBe('head');
    expect(features.sampleStage).toBe('refused');
    expect(lines.join('\n')).toMatch(/refused the \$sample stage.*head/);
    // Once refused, the session goes straight to the fallback.
    const again = sampleDocuments(
      client,
      features,
      { database: database.name, collection: 'customers' },
      { documents: 10, seconds: 30, full: false, estimate: CUSTOMERS, maxTimeMS: 10_000 },
      collectingLogger(lines),
    );
    for await (const _ of again) void _;
    expect(again.tried()).toEqual(['head']);
  });

  it('reads a collection the budget covers whole, and ends a sample at the document budget', async () => {
    const session = await openMongoSource(database.url, { log: collectingLogger([]), name: 'shop' });
    try {
      const catalog = await session.extract({ include: ['orders'] });
      const orders = catalog.datasets[0]!;
      const whole = session.sample!(orders, { rows: 1000, seconds: 30, seed: 1, full: false });
      let count = 0;
      for await (const row of whole) {
        count++;
        expect(Array.isArray(row.votes)).toBe(true);
      }
      expect(count).toBe(ORDERS);
      expect(whole.method).toBe('full');
      const part = session.sample!(orders, { rows: 100, seconds: 30, seed: 1, full: false });
      count = 0;
      for await (const _ of part) count++;
      expect(count).toBe(100);
      expect(part.method).toBe('head');
    } finally {
      await session.close();
    }
  });
});
