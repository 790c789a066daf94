/**
 * Reading the newest messages of a topic without leaving a trace: the last messages of every partition (the
 * budget split evenly over them, from the offsets the broker reports when reading starts), within a time
 * budget, through a consumer group of its own that never commits an offset and is deleted afterwards.
 * Messages arrive as a stream with back-pressure (the consumer's batch handler waits while the reader is
 * behind). */
import { randomBytes } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from '../../shared/log.js';
import { toKafkaError } from './connect.js';

export interface TopicMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Milliseconds since the epoch, as the record carries it. */
  readonly timestamp: number;
}

export interface ReadBudget {
  /** Newest messages read in all, split evenly over the partitions (the newest of each). */
  readonly messages: number;
  /** Seconds before reading stops (the stream then ends, truncated). */
  readonly seconds: number;
  readonly signal?: AbortSignal;
}

export interface MessageStream extends AsyncIterable<TopicMessage> {
  /** True when the time budget ended the stream before every partition was read. */
  readonly truncated: () => boolean;
}

/** Messages waiting for the reader before the consumer is held back. */
const QUEUE_LIMIT = 2_000;

/** The range `[start, end)` of offsets to read per partition: the newest `messages / partitions` of each. */
export async function planPartitionRanges(
  admin: Admin,
  topic: string,
  messages: number,
): Promise<Map<number, { readonly start: bigint; readonly end: bigint }>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const perPartition = Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(messages / Math.max(1, offsets.length)));
  const ranges = new Map<number, { start: bigint; end: bigint }>();
  for (const entry of offsets) {
    const end = BigInt(entry.high);
    const low = BigInt(entry.low);
    const start = end - BigInt(perPartition) > low ? end - BigInt(perPartition) : low;
    if (end > start) ranges.set(entry.partition, { start, end });
  }
  return ranges;
}

/** The newest messages of `topic`, as planned when the stream is first read. */
export function readLatestMessages(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  budget: ReadBudget,
  log: Logger,
): MessageStream {
  let truncated = false;
  async function* read(): AsyncGenerator<TopicMessage> {
    const ranges = await planPartitionRanges(admin, topic, budget.messages).catch((error: unknown) => {
      throw toKafkaError(error, `reading the offsets of ${topic}`);
    });
    if (ranges.size === 0) return;
    const groupId = `doppel-profile-${randomBytes(6).toString('hex')}`;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
    const queue: TopicMessage[] = [];
    const remaining = new Map([...ranges].map(([partition, range]) => [partition, range.end - range.start]));
    let wake: (() => void) | undefined;
    let resume: (() => void) | undefined;
    let failure: unknown;
    let finished = false;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    const finish = () => {
      finished = true;
      notify();
      resume?.();
    };
    const timer = setTimeout(() => {
      truncated = [...remaining.values()].some((count) => count > 0n);
      finish();
    }, budget.seconds * 1000);
    const onAbort = () => finish();
    budget.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const range = ranges.get(batch.partition);
          if (range === undefined || finished) return;
          for (const message of batch.messages) {
            const offset = BigInt(message.offset);
            if (offset < range.start || offset >= range.end) continue;
            queue.push({
              partition: batch.partition,
              offset: message.offset,
              key: message.key,
              value: message.value,
              timestamp: Number(message.timestamp),
            });
            remaining.set(batch.partition, range.end - 1n - offset);
          }
          if ([...remaining.values()].every((count) => count === 0n)) finished = true;
          notify();
          // Back-pressure: the handler returns once the reader has caught up (or reading ended).
          while (queue.length > QUEUE_LIMIT && !finished) await new Promise<void>((go) => (resume = go));
        },
      });
      for (const [partition, range] of ranges)
        consumer.seek({ topic, partition, offset: range.start.toString() });
      consumer.on(consumer.events.CRASH, (event) => {
        failure = event.payload.error;
        finish();
      });
      while (true) {
        while (queue.length > 0) {
          yield queue.shift()!;
          if (queue.length <= QUEUE_LIMIT / 2) resume?.();
        }
        if (failure !== undefined) throw toKafkaError(failure, `reading ${topic}`);
        if (finished) break;
        await new Promise<void>((go) => (wake = go));
      }
      budget.signal?.throwIfAborted();
    } finally {
      clearTimeout(timer);
      budget.signal?.removeEventListener('abort', onAbort);
      finished = true;
      resume?.();
      await consumer.disconnect().catch(() => undefined);
      // The group never committed an offset; deleting it leaves nothing behind on the cluster.
      await admin.deleteGroups([groupId]).catch((error: unknown) => {
        log.warn(`The consumer group ${groupId} could not be deleted: ${String(error)}`);
      });
    }
  }
  return { [Symbol.asyncIterator]: () => read(), truncated: () => truncated };
}
