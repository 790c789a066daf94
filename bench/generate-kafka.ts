/**
 * Kafka part of the generation benchmark (`npm run bench:generate` runs it last; `npx tsx
 * bench/generate-kafka.ts` alone): the demo profile's customers (9 fields, a primary key) into a fresh topic
 * on DOPPEL_BENCH_KAFKA (default 127.0.0.1:9092), DOPPEL_BENCH_KAFKA_ROWS records (default 200,000). In one
 * run: the producer's own raw rate (the same records encoded beforehand, sent by a kafkajs idempotent
 * producer with doppel's batching and compression), against doppel's generate-and-produce through the Kafka
 * target, as plain JSON and, when DOPPEL_BENCH_REGISTRY_URL is set, as Avro through the registry. Topics are
 * deleted afterwards. Never part of `npm test`.
 */
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Message } from 'kafkajs';
import type { Row } from '../src/catalog/values.js';
import type { Profile } from '../src/tasks/types.js';
import {
  BATCH_RECORDS,
  COMPRESSION,
  createGeneration,
  createRecordEncoder,
  loadProfile,
  openTarget,
  parseAddress,
  silentLogger,
} from './measured-code.js';

const DATASET = 'public.customers';

function rowsOf(profile: Profile, rows: number): AsyncIterable<Row> {
  const generation = createGeneration(profile, { seed: 1, only: [DATASET], rows: { [DATASET]: rows } });
  return {
    async *[Symbol.asyncIterator]() {
      for await (const batch of generation.batches(DATASET)) yield* batch;
    },
  };
}

/** Seconds the raw producer takes for `messages`, in doppel's batch size and compression. */
async function produceRaw(brokers: string[], topic: string, messages: readonly Message[]): Promise<number> {
  const kafka = new Kafka({ clientId: 'doppel-bench', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await admin.connect();
  await producer.connect();
  try {
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    const started = performance.now();
    for (let start = 0; start < messages.length; start += BATCH_RECORDS)
      await producer.send({
        topic,
        messages: messages.slice(start, start + BATCH_RECORDS),
        compression: COMPRESSION,
        acks: -1,
      });
    return (performance.now() - started) / 1000;
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

/** Seconds doppel's Kafka target takes to generate and produce `rows` records. */
async function produceWithDoppel(
  brokers: string[],
  topic: string,
  profile: Profile,
  rows: number,
  registry: string | undefined,
): Promise<number> {
  const target = await openTarget(parseAddress(`kafka://${brokers.join(',')}/${topic}`), {
    log: silentLogger,
    name: 'bench',
    stream: registry === undefined ? {} : { registry },
  });
  try {
    const task = profile.datasets.find((item) => item.dataset.name === DATASET)!;
    const started = performance.now();
    await target.load(task, rowsOf(profile, rows), { mode: 'append' });
    return (performance.now() - started) / 1000;
  } finally {
    await target.close();
  }
}

async function deleteTopics(brokers: string[], prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'doppel-bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Prints records/s into Kafka: the raw producer against doppel's target, plain JSON (and Avro). */
export async function benchKafka(): Promise<void> {
  const brokers = (process.env.DOPPEL_BENCH_KAFKA ?? '127.0.0.1:9092').split(',');
  const rows = Number(process.env.DOPPEL_BENCH_KAFKA_ROWS ?? 200_000);
  const registry = process.env.DOPPEL_BENCH_REGISTRY_URL || undefined;
  const profile = await loadProfile(fileURLToPath(new URL('../profiles/demo', import.meta.url)));
  const prefix = `doppel-bench-${Date.now().toString(36)}`;
  const rate = (seconds: number) => Math.round(rows / seconds).toLocaleString('en');
  try {
    const encoder = await createRecordEncoder(
      profile.datasets.find((item) => item.dataset.name === DATASET)!,
      `${prefix}-raw`,
      undefined,
      'avro',
    );
    const messages: Message[] = [];
    for await (const row of rowsOf(profile, rows))
      messages.push({ key: encoder.key(row), value: encoder.value(row) });
    const raw = await produceRaw(brokers, `${prefix}-raw`, messages);
    const json = await produceWithDoppel(brokers, `${prefix}-json`, profile, rows, undefined);
    console.log(
      `Kafka, ${rows.toLocaleString('en')} records of the demo customers (batches of ${BATCH_RECORDS}, gzip, idempotent):`,
    );
    console.log('| producer | records/s | seconds | against raw |');
    console.log('|---|---|---|---|');
    console.log(
      `| raw kafkajs producer, records encoded beforehand (plain JSON) | ${rate(raw)} | ${raw.toFixed(2)} | 1.00× |`,
    );
    console.log(
      `| doppel generate → Kafka, plain JSON | ${rate(json)} | ${json.toFixed(2)} | ${(raw / json).toFixed(2)}× |`,
    );
    if (registry !== undefined) {
      const avro = await produceWithDoppel(brokers, `${prefix}-avro`, profile, rows, registry);
      console.log(
        `| doppel generate → Kafka, Avro through the registry | ${rate(avro)} | ${avro.toFixed(2)} | ${(raw / avro).toFixed(2)}× |`,
      );
    }
  } finally {
    await deleteTopics(brokers, prefix);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchKafka();
