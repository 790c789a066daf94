/**
 * The MongoDB sink on the wire-protocol test server: the fixture (nested documents, arrays of documents, a
 * polymorphic field, a map keyed by ObjectIds, references by ObjectId) profiled, then `doppel generate
 * --create-schema` into a fresh database. Asserted on the documents themselves (read with promoteValues off):
 * exact BSON types, the type mix and missing fields as measured, the map as a document with ObjectId-shaped
 * keys, unique indexes holding, every reference resolving; the collections and indexes created (directions
 * kept); the named fallbacks for what FerretDB 1.24 lacks (validators, TTL indexes) taken after the real
 * command was refused; `doppel clean` deleting exactly the generated `_id`s and nothing else.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_OPTION_FALLBACK, VALIDATOR_FALLBACK } from '../../../../src/sources/mongodb/index.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { CUSTOMERS, loadMongoFixture, ORDERS } from './fixture-database.js';

const RAW = { promoteValues: false, promoteLongs: false } as const;

function bsonTag(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return (value as { _bsontype?: string })._bsontype ?? 'object';
}

describe('doppel generate into MongoDB', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let client: MongoClient;
  let folder: string;
  let state: string;
  let customers: Document[];
  let orders: Document[];
  let stderr: string;

  beforeAll(async () => {
    source = await createTestDatabase('mongodb');
    target = await createTestDatabase('mongodb');
    client = new MongoClient(source.url);
    await client.connect();
    await loadMongoFixture(client, source.name);
    folder = await mkdtemp(join(tmpdir(), 'doppel-mongo-generate-'));
    state = await mkdtemp(join(tmpdir(), 'doppel-mongo-state-'));
    const profiled = await runCliForTest(['profile', source.url, '--out', folder, '--full']);
    expect(profiled.code, profiled.stderr).toBe(0);
    // A validator and a TTL index, as a real MongoDB collection would have them (FerretDB cannot hold them).
    const file = join(folder, `${source.name}.customers.yaml`);
    const yaml = await readFile(file, 'utf8');
    await writeFile(
      file,
      yaml
        .replace(
          '  writable: true\n',
          `  writable: true\n  collection:\n    validator: '{"$jsonSchema":{"bsonType":"object","required":["email"]}}'\n    validation_action: error\n`,
        )
        .replace(
          'indexes:\n',
          `indexes:\n  - name: since_ttl\n    fields: [ since ]\n    method: btree\n    unique: false\n    document: '{"key":{"since":1},"expireAfterSeconds":{"$numberInt":"86400"}}'\n`,
        ),
    );
    const run = await runCliForTest(
      ['generate', folder, '--target', target.url, '--create-schema', '--seed', '11'],
      { DOPPEL_STATE_DIR: state },
    );
    expect(run.code, run.stderr).toBe(0);
    stderr = run.stderr;
    const db = client.db(target.name);
    customers = await db.collection('customers').find({}, RAW).toArray();
    orders = await db.collection('orders').find({}, RAW).toArray();
  }, 300_000);

  afterAll(async () => {
    await client?.close();
    await source?.drop();
    await target?.drop();
    for (const dir of [folder, state]) if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('writes every document with exact BSON types', () => {
    expect(customers).toHaveLength(CUSTOMERS);
    expect(orders).toHaveLength(ORDERS);
    const customer = customers[0]!;
    expect(bsonTag(customer._id)).toBe('ObjectId');
    expect(bsonTag(customer.visits)).toBe('Long');
    expect(bsonTag(customer.since)).toBe('date');
    expect(bsonTag(customer.email)).toBe('string');
    const order = orders[0]!;
    expect(bsonTag(order.customerId)).toBe('ObjectId');
    expect(bsonTag(order.placed)).toBe('date');
    const items = order.items as Document[];
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(bsonTag(items[0]!.qty)).toBe('Int32');
    // Prices: doubles, and whole prices as int32, as the driver wrote the source's (the measured mix).
    const prices = orders.flatMap((each) => (each.items as Document[]).map((item) => bsonTag(item.price)));
    expect(new Set(prices)).toEqual(new Set(['Double', 'Int32']));
    expect(prices.filter((tag) => tag === 'Double').length / prices.length).toBeGreaterThan(0.9);
  });

  it('follows the type mix, the presence of fields and maps keyed by ids', () => {
    const scores = customers.map((customer) => bsonTag(customer.score));
    const ints = scores.filter((tag) => tag === 'Int32').length / scores.length;
    const strings = scores.filter((tag) => tag === 'string').length / scores.length;
    // Measured: { int: 0.7, string: 0.3 }.
    expect(ints).toBeGreaterThan(0.6);
    expect(strings).toBeGreaterThan(0.2);
    expect(ints + strings).toBe(1);
    // address: present in 90% of the source's documents, never null: the rest have no key at all.
    const missing = customers.filter((customer) => !('address' in customer)).length / customers.length;
    expect(missing).toBeGreaterThan(0.04);
    expect(missing).toBeLessThan(0.18);
    expect(customers.some((customer) => customer.address === null)).toBe(false);
    // address.floor: present in 44% of the addresses.
    const addresses = customers.flatMap((customer) =>
      customer.address ? [customer.address as Document] : [],
    );
    const floors = addresses.filter((address) => 'floor' in address).length / addresses.length;
    expect(floors).toBeGreaterThan(0.3);
    expect(floors).toBeLessThan(0.6);
    // votes: a document of 1 to 3 ObjectId-shaped keys with int32 values.
    for (const order of orders) {
      const votes = order.votes as Document;
      expect(bsonTag(votes)).toBe('object');
      const keys = Object.keys(votes);
      expect(keys.length).toBeGreaterThanOrEqual(1);
      expect(keys.length).toBeLessThanOrEqual(3);
      for (const key of keys) {
        expect(key).toMatch(/^[0-9a-f]{24}$/);
        expect(bsonTag(votes[key])).toBe('Int32');
      }
    }
  });

  it('keeps unique indexes and references', () => {
    const emails = customers.map((customer) => customer.email as string);
    expect(new Set(emails).size).toBe(emails.length);
    const ids = new Set(customers.map((customer) => String(customer._id)));
    for (const order of orders) expect(ids.has(String(order.customerId))).toBe(true);
  });

  it('--create-schema creates the collections and indexes; validator and TTL fall back by name on FerretDB', async () => {
    const db = client.db(target.name);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((entry) => entry.name);
    expect(names.sort()).toEqual(['customers', 'orders']);
    const customerIndexes = await db.collection('customers').indexes();
    expect(customerIndexes.find((index) => index.name === 'email_unique')).toMatchObject({
      key: { email: 1 },
      unique: true,
    });
    const orderIndexes = await db.collection('orders').indexes();
    expect(orderIndexes.find((index) => index.name === 'by_customer')?.key).toEqual({
      customerId: 1,
      placed: -1,
    });
    // FerretDB 1.24 answers "not implemented yet" to both: the real commands were sent first, refused, and
    // the named fallbacks taken (a real MongoDB creates the validator and the TTL index).
    expect(stderr).toContain(`validator of ${source.name}.customers as not implemented`);
    expect(stderr).toContain(VALIDATOR_FALLBACK);
    expect(stderr).toContain(`index since_ttl of ${source.name}.customers as not implemented`);
    expect(stderr).toContain(INDEX_OPTION_FALLBACK);
    expect(customerIndexes.some((index) => index.name === 'since_ttl')).toBe(false);
  });

  it('doppel clean deletes exactly the generated _ids', async () => {
    const db = client.db(target.name);
    const kept = [{ note: 'kept customer' }, { note: 'kept too' }];
    await db.collection('customers').insertMany(kept.map((document) => ({ ...document })));
    await db.collection('orders').insertOne({ note: 'kept order' });
    const cleaned = await runCliForTest(['--json', 'clean', '--last', '--target', target.url], {
      DOPPEL_STATE_DIR: state,
    });
    expect(cleaned.code, cleaned.stderr).toBe(0);
    const result = JSON.parse(cleaned.stdout) as {
      runs: { datasets: { name: string; deleted: number }[] }[];
    };
    expect(Object.fromEntries(result.runs[0]!.datasets.map((entry) => [entry.name, entry.deleted]))).toEqual({
      [`${source.name}.customers`]: CUSTOMERS,
      [`${source.name}.orders`]: ORDERS,
    });
    const left = await db.collection('customers').find({}).toArray();
    expect(left.map((document) => document.note).sort()).toEqual(['kept customer', 'kept too']);
    expect(await db.collection('orders').countDocuments()).toBe(1);
  });
});
