/**
 * The Kafka broker tests run against (`scripts/services.sh up kafka`: 127.0.0.1:9092, or
 * `DOPPEL_TEST_KAFKA_BROKERS`), and what tests need to check what doppel did there, independently of
 * doppel's own Kafka code: reading a topic from its beginning, listing, creating and deleting topics. Each
 * test uses topics under a prefix of its own and deletes them afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

export const TEST_BROKERS = (process.env.DOPPEL_TEST_KAFKA_BROKERS || '127.0.0.1:9092').split(',');

export interface ReadMessage {
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly timestamp: number;
}

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'doppel-test', brokers: TEST_BROKERS, logLevel: logLevel.NOTHING });
}

/** A topic prefix no other test uses. */
export function uniqueTopicPrefix(label: string): string {
  return `${label}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Fails with the command that starts the broker when it does not answer. */
export async function requireKafka(): Promise<void> {
  const admin = testKafka().admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (error) {
    throw new Error(
      `The Kafka broker at ${TEST_BROKERS.join(',')} is not reachable (${error instanceof Error ? error.message : String(error)}). Start it with \`bash scripts/services.sh up kafka\`.`,
    );
  } finally {
    await admin.disconnect();
  }
}

export async function listTopics(): Promise<string[]> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every topic whose name starts with `prefix`. */
export async function deleteTopicsWithPrefix(prefix: string): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

export async function createTopic(topic: string, partitions = 1): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every message of `topic`, read by partition and offset from the beginning to the end offsets the broker
 * reports now (a consumer group of the test's own, deleted afterwards), ordered by partition and offset.
 */
export async function readTopic(topic: string): Promise<ReadMessage[]> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `doppel-test-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  try {
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, Number(entry.high)]),
    );
    const total = [...ends.values()].reduce((sum, end) => sum + end, 0);
    const messages: ReadMessage[] = [];
    if (total === 0) return messages;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${messages.length} of ${total} messages of ${topic}`)),
        120_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (Number(message.offset) >= (ends.get(partition) ?? 0)) return;
            messages.push({
              partition,
              offset: Number(message.offset),
              key: message.key,
              value: message.value!,
              timestamp: Number(message.timestamp),
            });
            if (messages.length === total) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    return messages.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
