// `doppel generate --target kafka://...` on the real broker and registry: 10,000 records of the demo profile's
// customers and orders (a relation) into two topics, read back and decoded with the registry by an
// independent decoder (@kafkajs/confluent-schema-registry), keys, references and values checked against the
// rows the same seed generates; then `doppel profile kafka://...` of the orders topic compared, with the
// bounds of docs/validating.md, with a profile of the rows produced into it.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Catalog } from '../../../../src/catalog/model.js';
import type { Row } from '../../../../src/catalog/values.js';
import { createGeneration } from '../../../../src/generate/engine.js';
import type { RunManifest } from '../../../../src/generate/manifest.js';
import { profileSource } from '../../../../src/profile/run.js';
import { parseAddress } from '../../../../src/shared/address.js';
import { silentLogger } from '../../../../src/shared/log.js';
import type { SourceSession } from '../../../../src/sources/contract.js';
import { openSource } from '../../../../src/sources/index.js';
import { loadProfile, type Profile } from '../../../../src/tasks/index.js';
import { compareProfiles } from '../../../../src/validate/compare.js';
import { formatComparison } from '../../../../src/validate/format-comparison.js';
import { REPO_ROOT, runCliForTest } from '../../../helpers/run-cli.js';
import { requireRegistry, rest, testRegistries } from '../../../helpers/test-registry.js';
import {
  deleteTopicsWithPrefix,
  type ReadMessage,
  readTopic,
  requireKafka,
  TEST_BROKERS,
  uniqueTopicPrefix,
} from './kafka-helpers.js';

const registry = testRegistries()[0]!;
const DEMO = join(REPO_ROOT, 'profiles/demo');
const CUSTOMERS = 2_000;
const ORDERS = 8_000;
const SIZES = { 'public.customers': CUSTOMERS, 'public.orders': ORDERS };
const prefix = uniqueTopicPrefix('doppel-k24');
let state: string;
let demo: Profile;
let customers: ReadMessage[];
let orders: ReadMessage[];
let manifest: RunManifest;

/** The rows the same seed and sizes generate, in row order. */
async function expectedRows(name: string): Promise<Row[]> {
  const generation = createGeneration(demo, {
    seed: 11,
    rows: SIZES,
    only: Object.keys(SIZES),
    skip: [],
  });
  const rows: Row[] = [];
  for await (const batch of generation.batches(name)) rows.push(...batch);
  return rows;
}

beforeAll(async () => {
  await requireKafka();
  await requireRegistry(registry);
  demo = await loadProfile(DEMO);
  state = await mkdtemp(join(tmpdir(), 'doppel-kafka-state-'));
  const run = await runCliForTest(
    [
      'generate',
      DEMO,
      '--target',
      `kafka://${TEST_BROKERS.join(',')}/${prefix}.{local}?partitions=3`,
      '--registry',
      registry.url,
      '--seed',
      '11',
      ...Object.entries(SIZES).flatMap(([name, rows]) => ['--only', name, '--rows', `${name}=${rows}`]),
    ],
    { DOPPEL_STATE_DIR: state },
  );
  expect(run.code, run.stderr).toBe(0);
  const [file] = await readdir(join(state, 'runs'));
  manifest = JSON.parse(await readFile(join(state, 'runs', file!), 'utf8')) as RunManifest;
  customers = await readTopic(`${prefix}.customers`);
  orders = await readTopic(`${prefix}.orders`);
}, 300_000);

afterAll(async () => {
  await deleteTopicsWithPrefix(prefix);
  await rest(registry.url).deleteSubjects(prefix);
});

describe('generate into Kafka with a registry (Avro)', () => {
  test('10,000 records in two topics, every one decoded by the registry; keys are the primary keys', async () => {
    expect(customers).toHaveLength(CUSTOMERS);
    expect(orders).toHaveLength(ORDERS);
    const decoder = new SchemaRegistry({ host: registry.url });
    for (const [messages, size] of [
      [customers, CUSTOMERS],
      [orders, ORDERS],
    ] as const) {
      const ids = new Set<number>();
      for (const message of messages) {
        const value = (await decoder.decode(message.value)) as { id: number };
        const key = (await decoder.decode(message.key!)) as { id: number };
        expect(key.id).toBe(value.id);
        ids.add(value.id);
      }
      expect(ids.size).toBe(size);
      // Keyed records spread over the topic's 3 partitions by key.
      expect(new Set(messages.map((message) => message.partition)).size).toBe(3);
    }
  });

  test('every order references a customer written to the customers topic; values are the seeded rows', async () => {
    const decoder = new SchemaRegistry({ host: registry.url });
    const customerIds = new Set<number>();
    for (const message of customers)
      customerIds.add(((await decoder.decode(message.value)) as { id: number }).id);
    const expected = new Map((await expectedRows('public.orders')).map((row) => [Number(row.id), row]));
    let orphans = 0;
    for (const message of orders) {
      const order = (await decoder.decode(message.value)) as {
        id: number;
        customer_id: number;
        status: string;
        currency: string;
      };
      if (!customerIds.has(order.customer_id)) orphans++;
      const row = expected.get(order.id)!;
      expect([order.customer_id, order.status, order.currency]).toEqual([
        Number(row.customer_id),
        row.status,
        row.currency,
      ]);
    }
    expect(orphans).toBe(0);
  });

  test('the run manifest records each dataset topic, created by the run', () => {
    expect(manifest.status).toBe('complete');
    expect(
      manifest.datasets.map((dataset) => [dataset.name, dataset.rows, dataset.topic, dataset.topicCreated]),
    ).toEqual([
      ['public.customers', CUSTOMERS, `${prefix}.customers`, true],
      ['public.orders', ORDERS, `${prefix}.orders`, true],
    ]);
    expect(manifest.options).toMatchObject({ registry: registry.url, encoding: 'avro' });
  });
});

describe('profile a Kafka topic', () => {
  test('doppel inspect --registry shows the fields inferred from the decoded messages', async () => {
    const run = await runCliForTest(
      ['inspect', `kafka://${TEST_BROKERS.join(',')}/${prefix}.orders`, '--registry', registry.url, '--json'],
      { DOPPEL_STATE_DIR: state },
    );
    expect(run.code, run.stderr).toBe(0);
    const catalog = JSON.parse(run.stdout) as Catalog;
    expect(catalog.datasets.map((dataset) => [dataset.name, dataset.kind, dataset.rowEstimate])).toEqual([
      [`${prefix}.orders`, 'topic', ORDERS],
    ]);
    expect(catalog.datasets[0]!.fields.map((field) => field.name)).toEqual(
      expect.arrayContaining(['id', 'customer_id', 'status', 'total', 'created_at']),
    );
  });

  test('stats of the topic are within the validating bounds of those of the rows produced into it', async () => {
    const address = parseAddress(`kafka://${TEST_BROKERS.join(',')}/${prefix}.orders`);
    const options = { log: silentLogger, name: 'kafka', stream: { registry: registry.url } };
    const sampling = { full: true, seconds: 120 };
    const now = () => new Date('2024-01-01T00:00:00Z');
    const kafka = await openSource(address, options);
    let catalog: Catalog;
    let actual: Profile;
    try {
      catalog = await kafka.extract({});
      actual = await profileSource(kafka, { profile: 'kafka', sampling, now });
    } finally {
      await kafka.close();
    }
    // The same rows, profiled directly under the catalog the topic was read with.
    const rows = await expectedRows('public.orders');
    const direct: SourceSession = {
      info: { kind: 'kafka', name: 'kafka' },
      extract: async () => catalog,
      sample: () => ({
        [Symbol.asyncIterator]: async function* () {
          yield* rows;
        },
        method: 'latest',
        truncated: () => false,
      }),
      close: async () => undefined,
    };
    const expected = await profileSource(direct, { profile: 'kafka', sampling, now });
    const orders = actual.datasets[0]!;
    expect(orders.dataset.rows).toBe(ORDERS);
    expect(orders.sampling.method).toBe('latest');
    expect(orders.fields.map((field) => [field.name, field.type.logical])).toEqual(
      expect.arrayContaining([
        ['id', 'integer'],
        ['status', 'string'],
        ['total', 'decimal'],
        ['created_at', 'timestamptz'],
      ]),
    );
    const comparison = compareProfiles(expected, actual);
    expect(comparison.metrics.length).toBeGreaterThan(10);
    expect(comparison.ok, formatComparison(comparison)).toBe(true);
  }, 180_000);
});
