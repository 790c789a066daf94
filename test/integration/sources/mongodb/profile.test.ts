/**
 * `doppel profile mongodb://...` against the wire-protocol test server: task files carry the inferred tree
 * (nested fields with BSON native types, presence, type mixes, array lengths, a map keyed by ids summarised
 * without its keys) and pass `doppel lint`-level loading; `doppel inspect` lists the collections.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../../../src/tasks/load.js';
import type { FieldTask } from '../../../../src/tasks/types.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { loadMongoFixture } from './fixture-database.js';

function byName(fields: readonly FieldTask[] | undefined, name: string): FieldTask {
  const field = fields?.find((candidate) => candidate.name === name);
  if (field === undefined) throw new Error(`no field ${name}`);
  return field;
}

describe('doppel profile on MongoDB', () => {
  let database: TestDatabase;
  let client: MongoClient;
  let out: string;
  let voterIds: string[];

  beforeAll(async () => {
    database = await createTestDatabase('mongodb');
    client = new MongoClient(database.url);
    await client.connect();
    await loadMongoFixture(client, database.name);
    const orders = await client.db(database.name).collection('orders').find().toArray();
    voterIds = [...new Set(orders.flatMap((order) => Object.keys(order.votes as object)))];
    out = await mkdtemp(join(tmpdir(), 'doppel-mongo-profile-'));
  });

  afterAll(async () => {
    await client?.close();
    await database?.drop();
    if (out !== undefined) await rm(out, { recursive: true, force: true });
  });

  it('writes the inferred document tree into the task files', async () => {
    const run = await runCliForTest(['profile', database.url, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const profile = await loadProfile(out);
    const customers = profile.datasets.find((dataset) => dataset.dataset.local === 'customers');
    const orders = profile.datasets.find((dataset) => dataset.dataset.local === 'orders');
    expect(customers?.dataset.kind).toBe('collection');
    expect(customers?.keys.primary?.fields).toEqual(['_id']);
    expect(byName(customers?.fields, '_id').type).toMatchObject({
      logical: 'string',
      native: 'objectId',
      bits: 96,
    });
    expect(byName(customers?.fields, 'score').stats?.types).toEqual({ int: 0.7, string: 0.3 });
    const address = byName(customers?.fields, 'address');
    expect(address.stats).toMatchObject({ presence: 0.9, types: { object: 1 } });
    const floor = byName(address.fields, 'floor');
    expect(floor.type).toMatchObject({ logical: 'integer', native: 'int', bits: 32 });
    expect(floor.stats?.presence).toBeCloseTo(0.4444, 3);
    expect(byName(address.fields, 'city').generator.kind).toBe('categorical');
    const items = byName(orders?.fields, 'items');
    expect(items.generator).toMatchObject({ kind: 'array', length: { min: 1, p50: 2, max: 3 } });
    expect(items.element?.fields?.map((field) => field.name)).toEqual(['sku', 'qty', 'price']);
    expect(byName(items.element?.fields, 'price').stats?.types).toMatchObject({ double: expect.any(Number) });
    const votes = byName(orders?.fields, 'votes');
    expect(votes.type).toMatchObject({ logical: 'array', native: 'map<objectId>' });
    expect(votes.map).toMatchObject({ keys: 'objectId', size: { min: 1, max: 3 } });
    expect(votes.fields).toBeUndefined();
    expect(votes.element?.type.logical).toBe('integer');
    expect(profile.plan.sources[0]).toMatchObject({ kind: 'mongodb' });
  });

  it('infers the reference between collections by name and type, confirmed by inclusion', async () => {
    const profile = await loadProfile(out);
    const orders = profile.datasets.find((dataset) => dataset.dataset.local === 'orders');
    const customers = `${database.name}.customers`;
    expect(orders?.relations).toHaveLength(1);
    const relation = orders?.relations[0];
    expect(relation).toMatchObject({
      from: { fields: ['customerId'] },
      to: { dataset: customers, fields: ['_id'] },
      declared: false,
    });
    expect(relation?.confidence).toBeGreaterThan(0.9);
    expect(byName(orders?.fields, 'customerId').generator).toMatchObject({
      kind: 'reference',
      dataset: customers,
      field: '_id',
    });
    // Every order has a customer: the children per parent were measured on the parents' own documents.
    expect(relation?.cardinality).toBeDefined();
  });

  it('never writes a map key (an id) into a profile', async () => {
    const texts = await Promise.all((await readdir(out)).map((file) => readFile(join(out, file), 'utf8')));
    const all = texts.join('\n');
    expect(voterIds.length).toBeGreaterThan(20);
    for (const id of voterIds) expect(all).not.toContain(id);
  });

  it('doppel inspect lists the collections', async () => {
    const run = await runCliForTest(['--json', 'inspect', database.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${database.name}.customers`);
    expect(run.stdout).toContain(`${database.name}.orders`);
  });
});
