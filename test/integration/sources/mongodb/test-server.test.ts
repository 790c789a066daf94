/**
 * The MongoDB wire-protocol server the tests use (FerretDB 1.24 over SQLite, started by
 * `scripts/services.sh up ferretdb`): what it is, and the gaps of it that the MongoDB source works around or
 * that tests name. A real MongoDB has none of these gaps; when the server changes, this file says what moved.
 */
import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';

describe('the MongoDB test server', () => {
  let database: TestDatabase;
  let client: MongoClient;

  beforeAll(async () => {
    database = await createTestDatabase('mongodb');
    client = new MongoClient(database.url);
    await client.connect();
    await client
      .db(database.name)
      .collection('items')
      .insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  afterAll(async () => {
    await client?.close();
    await database?.drop();
  });

  it('is FerretDB 1.24 speaking the MongoDB 7 wire protocol', async () => {
    const info = await client.db('admin').command({ buildInfo: 1 });
    expect(info.ferretdbVersion).toMatch(/^v1\.24\./);
    expect(String(info.version)).toMatch(/^7\./);
  });

  it('refuses the $sample stage as not implemented (code 238), which the sampler detects', async () => {
    const refusal = await client
      .db(database.name)
      .collection('items')
      .aggregate([{ $sample: { size: 2 } }])
      .toArray()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toBeInstanceOf(MongoServerError);
    expect((refusal as MongoServerError).code).toBe(238);
    expect((refusal as MongoServerError).message).toContain('$sample');
  });

  it('enforces unique indexes and answers collStats and estimated counts', async () => {
    const items = client.db(database.name).collection('items');
    await items.createIndex({ n: 1 }, { unique: true });
    await expect(items.insertOne({ n: 1 })).rejects.toMatchObject({ code: 11000 });
    expect(await items.estimatedDocumentCount()).toBe(3);
    const stats = await client.db(database.name).command({ collStats: 'items' });
    expect(stats.count).toBe(3);
  });

  it('accepts a sparse index but does not report the option in listIndexes', async () => {
    const items = client.db(database.name).collection('items');
    await items.createIndex({ label: 1 }, { sparse: true, name: 'label_sparse' });
    const listed = (await items.listIndexes().toArray()).find((index) => index.name === 'label_sparse');
    expect(listed?.key).toEqual({ label: 1 });
    expect(listed?.sparse).toBeUndefined();
  });

  it('does not implement validators, views, time-series collections, TTL or partial indexes', async () => {
    const db = client.db(database.name);
    const notImplemented = { code: 238 };
    await expect(
      db.createCollection('validated', { validator: { $jsonSchema: { bsonType: 'object' } } }),
    ).rejects.toMatchObject(notImplemented);
    await expect(db.createCollection('a_view', { viewOn: 'items', pipeline: [] })).rejects.toMatchObject(
      notImplemented,
    );
    await expect(db.createCollection('series', { timeseries: { timeField: 't' } })).rejects.toMatchObject(
      notImplemented,
    );
    await expect(
      db.collection('items').createIndex({ t: 1 }, { expireAfterSeconds: 60 }),
    ).rejects.toMatchObject(notImplemented);
    await expect(
      db.collection('items').createIndex({ n: -1 }, { partialFilterExpression: { n: { $exists: true } } }),
    ).rejects.toMatchObject(notImplemented);
  });
});
