// The Kafka target's options on the real broker and registry: a paced run (2,000 records at 500/s) checked
// from the records' own timestamps, JSON Schema values through the registry, plain JSON without one, and
// `doppel clean` (records cannot be deleted by key; --delete-topics deletes only the topics a run created).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unframeWire } from '../../../../src/sources/kafka/record-encoding.js';
import { REPO_ROOT, runCliForTest } from '../../../helpers/run-cli.js';
import { requireRegistry, rest, testRegistries } from '../../../helpers/test-registry.js';
import {
  createTopic,
  deleteTopicsWithPrefix,
  listTopics,
  readTopic,
  requireKafka,
  TEST_BROKERS,
  uniqueTopicPrefix,
} from './kafka-helpers.js';

const registry = testRegistries()[0]!;
const DEMO = join(REPO_ROOT, 'profiles/demo');
const prefix = uniqueTopicPrefix('doppel-k24o');
const broker = `kafka://${TEST_BROKERS.join(',')}`;
let state: string;

function generate(topic: string, rows: number, extra: readonly string[] = []) {
  return runCliForTest(
    [
      'generate',
      DEMO,
      '--target',
      `${broker}/${topic}`,
      '--only',
      'public.customers',
      '--rows',
      `public.customers=${rows}`,
      '--seed',
      '3',
      ...extra,
    ],
    { DOPPEL_STATE_DIR: state, DOPPEL_REGISTRY_URL: undefined },
  );
}

beforeAll(async () => {
  await requireKafka();
  await requireRegistry(registry);
  state = await mkdtemp(join(tmpdir(), 'doppel-kafka-options-'));
});

afterAll(async () => {
  await deleteTopicsWithPrefix(prefix);
  await rest(registry.url).deleteSubjects(prefix);
});

describe('--rate', () => {
  test('2,000 records at 500/s: no record is stamped before its slot on the schedule', async () => {
    const topic = `${prefix}.paced`;
    const run = await generate(topic, 2_000, ['--rate', '500/s']);
    expect(run.code, run.stderr).toBe(0);
    const messages = await readTopic(topic);
    expect(messages).toHaveLength(2_000);
    const first = messages[0]!.timestamp;
    // Record i is due 2 ms × i after the first; timestamps are whole milliseconds.
    const early = messages
      .map((message, index) => ({ index, after: message.timestamp - first }))
      .filter(({ index, after }) => after < index * 2 - 1);
    expect(early).toEqual([]);
    const spread = messages.at(-1)!.timestamp - first;
    expect(spread).toBeGreaterThanOrEqual(3_997);
    // Timestamps never go backwards within the partition.
    expect(
      messages.every((message, index) => index === 0 || message.timestamp >= messages[index - 1]!.timestamp),
    ).toBe(true);
    console.info(`paced 2,000 records at 500/s: first to last timestamp ${spread} ms (schedule: 3,998 ms)`);
  }, 120_000);

  test('--duration sets the count to rate × duration; options that need a Kafka target are refused elsewhere', async () => {
    const dry = await generate(`${prefix}.dry`, 1, ['--rate', '50/s', '--duration', '3s', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(2);
    expect(dry.stderr).toMatch(/--duration sets the row count/);
    const files = await runCliForTest(
      ['generate', DEMO, '--target', join(state, 'files'), '--rate', '10/s', '--only', 'public.customers'],
      { DOPPEL_STATE_DIR: state },
    );
    expect(files.code).toBe(2);
    expect(files.stderr).toMatch(/--rate applies to kafka:\/\/ targets only/);
  });
});

describe('encodings', () => {
  test('--encoding json-schema: framed JSON values that validate against the registered schema', async () => {
    const topic = `${prefix}.jsonschema`;
    const run = await generate(topic, 300, ['--registry', registry.url, '--encoding', 'json-schema']);
    expect(run.code, run.stderr).toBe(0);
    const registered = await rest(registry.url).latest(`${topic}-value`);
    expect(registered.schemaType).toBe('JSON');
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(registered.schema) as object);
    const messages = await readTopic(topic);
    expect(messages).toHaveLength(300);
    for (const message of messages) {
      const framed = unframeWire(message.value)!;
      expect(framed.id).toBe(registered.id);
      const value = JSON.parse(framed.payload.toString('utf8')) as unknown;
      expect(validate(value), ajv.errorsText(validate.errors)).toBe(true);
    }
  });

  test('without a registry: plain JSON values, keys the primary key as JSON', async () => {
    const topic = `${prefix}.plain`;
    const run = await generate(topic, 300);
    expect(run.code, run.stderr).toBe(0);
    const messages = await readTopic(topic);
    expect(messages).toHaveLength(300);
    for (const message of messages) {
      const value = JSON.parse(message.value.toString('utf8')) as { id: number; email: string };
      expect(JSON.parse(message.key!.toString('utf8'))).toBe(value.id);
      expect(typeof value.email).toBe('string');
    }
  });
});

describe('doppel clean', () => {
  test('records cannot be deleted by key; --delete-topics deletes the topics the run created', async () => {
    const topic = `${prefix}.cleaned`;
    const run = await generate(topic, 50);
    expect(run.code, run.stderr).toBe(0);
    const refused = await runCliForTest(['clean', '--target', `${broker}/${topic}`], {
      DOPPEL_STATE_DIR: state,
    });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/Kafka records cannot be deleted by key/);
    expect(refused.stderr).toMatch(/--delete-topics/);
    expect(await listTopics()).toContain(topic);
    const cleaned = await runCliForTest(['clean', '--target', `${broker}/${topic}`, '--delete-topics'], {
      DOPPEL_STATE_DIR: state,
    });
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(cleaned.stdout).toMatch(
      new RegExp(`topic ${topic.replace(/\./g, '\\.')} deleted \\(50 records\\)`),
    );
    expect(await listTopics()).not.toContain(topic);
  });

  test('a topic that existed before the run is never deleted', async () => {
    const topic = `${prefix}.existing`;
    await createTopic(topic);
    const run = await generate(topic, 20);
    expect(run.code, run.stderr).toBe(0);
    const cleaned = await runCliForTest(['clean', '--target', `${broker}/${topic}`, '--delete-topics'], {
      DOPPEL_STATE_DIR: state,
    });
    expect(cleaned.code).toBe(6);
    expect(cleaned.stderr).toMatch(/created no topic/);
    expect(await listTopics()).toContain(topic);
  });
});
