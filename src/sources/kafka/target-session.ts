/**
 * A Kafka topic as a generation target: each dataset's records go to its topic (the address's topic, or a
 * template over the dataset's names such as `{namespace}.{local}`), created when missing, through one
 * idempotent producer in batches, gzip-compressed, keyed by the primary key. Datasets arrive parents first
 * (the plan's order), so a child's reference names a key already written to the parent's topic. With a rate
 * every record waits for its slot on the schedule (`pacer.ts`); its timestamp is the moment it was released.
 * Records cannot be deleted by key: `doppel clean --delete-topics` deletes the topics a run created.
 */
import type { Admin, Kafka, Message, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import type { SourceInfo } from '../../catalog/model.js';
import type { Row } from '../../catalog/values.js';
import { renderTopic } from '../../export/subjects.js';
import { DoppelError } from '../../shared/errors.js';
import type { DatasetTask } from '../../tasks/types.js';
import type {
  ConnectOptions,
  LoadOptions,
  StreamTargetOptions,
  TargetDestination,
  TargetSession,
} from '../contract.js';
import { RegistryClient } from '../registry/registry-client.js';
import { resolveRegistrySettings } from '../registry/registry-settings.js';
import { createKafkaClient, type KafkaAddress, readTopicSettings, toKafkaError } from './connect.js';
import { KAFKA_CAPABILITIES } from './kind.js';
import { Pacer, SYSTEM_CLOCK } from './pacer.js';
import { createRecordEncoder } from './record-encoding.js';

/** Records per produce request. */
export const BATCH_RECORDS = 1_000;
/** A paced batch goes out once its first record has waited this long (milliseconds). */
export const PACED_LINGER_MS = 50;
/** Compression of every batch. */
export const COMPRESSION = CompressionTypes.GZIP;
/** Progress reports while paced, at most this often (milliseconds). */
const PACE_REPORT_MS = 1_000;

/** The topic template of an address: its topic, or `{name}` (the dataset's qualified name). */
function topicTemplate(address: KafkaAddress): string {
  return address.topic ?? '{name}';
}

/** True when the template names no placeholder: one topic, so one dataset. */
export function isLiteralTopic(template: string): boolean {
  return !/\{(name|namespace|local|source)\}/.test(template);
}

/** Opens a target session on the brokers of `address`. */
export async function openKafkaTarget(
  address: KafkaAddress,
  options: ConnectOptions,
): Promise<TargetSession> {
  const stream: StreamTargetOptions = options.stream ?? {};
  const credentials = stream.registryCredentials ?? options.environmentDefaults !== false;
  const settings = resolveRegistrySettings(stream.registry, credentials ? process.env : {});
  const registry = settings === undefined ? undefined : new RegistryClient(settings);
  const kafka = createKafkaClient(address, options.log);
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  try {
    await admin.connect();
    await producer.connect();
  } catch (error) {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
    throw toKafkaError(error, `connecting to ${address.brokers.join(',')}`);
  }
  return new KafkaTargetSession(address, kafka, admin, producer, registry, stream, options);
}

class KafkaTargetSession implements TargetSession {
  readonly info: SourceInfo;
  readonly capabilities = KAFKA_CAPABILITIES;
  private readonly destinations = new Map<string, TargetDestination>();
  private readonly pacer: Pacer | undefined;
  private readonly template: string;
  private lastReport = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly address: KafkaAddress,
    readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly registry: RegistryClient | undefined,
    private readonly stream: StreamTargetOptions,
    options: ConnectOptions,
  ) {
    this.info = { kind: 'kafka', name: options.name };
    this.template = topicTemplate(address);
    this.pacer = stream.rate === undefined ? undefined : new Pacer(stream.rate, stream.clock ?? SYSTEM_CLOCK);
  }

  async load(task: DatasetTask, rows: AsyncIterable<Row>, options: LoadOptions): Promise<number> {
    if (
      isLiteralTopic(this.template) &&
      [...this.destinations.keys()].some((name) => name !== task.dataset.name)
    )
      throw new DoppelError(
        'usage',
        `The Kafka address names one topic (${this.template}) but the run writes several datasets; use a template such as kafka://host:9092/{namespace}.{local}, or --only one dataset.`,
      );
    const topic = renderTopic(this.template, task.dataset);
    const created = await this.ensureTopic(topic);
    this.destinations.set(task.dataset.name, { topic, created });
    const encoder = await createRecordEncoder(
      task,
      topic,
      this.registry,
      this.stream.encoding ?? 'avro',
      options.signal,
    );
    const clock = this.stream.clock ?? SYSTEM_CLOCK;
    // Timestamps read the pacing clock from one anchor to the wall clock, so they keep its spacing exactly.
    const epoch = Date.now() - clock.now();
    let batch: Message[] = [];
    let batchStarted = 0;
    let written = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const messages = batch;
      batch = [];
      try {
        await this.producer.send({ topic, messages, compression: COMPRESSION, acks: -1 });
      } catch (error) {
        throw toKafkaError(error, `writing to ${topic}`);
      }
      written += messages.length;
      options.onProgress?.(written);
    };
    for await (const row of rows) {
      options.signal?.throwIfAborted();
      let released: number | undefined;
      if (this.pacer !== undefined) {
        if (batch.length > 0 && clock.now() - batchStarted + this.pacer.wait() >= PACED_LINGER_MS)
          await flush();
        await this.pacer.untilDue(options.signal);
        released = clock.now();
        this.pacer.record(1, released);
        this.reportPace(released);
      }
      if (batch.length === 0) batchStarted = clock.now();
      batch.push({
        key: encoder.key(row),
        value: encoder.value(row),
        // The moment the pacer released the record, which is never before its slot on the schedule.
        ...(released === undefined ? {} : { timestamp: String(Math.floor(epoch + released)) }),
      });
      if (batch.length >= BATCH_RECORDS) await flush();
    }
    await flush();
    return written;
  }

  private reportPace(now: number): void {
    if (this.pacer === undefined || this.stream.onPace === undefined) return;
    // The first report comes one interval in, when the rate means something.
    if (this.lastReport === Number.NEGATIVE_INFINITY) this.lastReport = now;
    if (now - this.lastReport < PACE_REPORT_MS) return;
    this.lastReport = now;
    this.stream.onPace(this.pacer.status());
  }

  /** Creates `topic` when it does not exist; true when this call created it. */
  private async ensureTopic(topic: string): Promise<boolean> {
    const settings = readTopicSettings(this.address);
    try {
      const existing = await this.admin.listTopics();
      if (existing.includes(topic)) return false;
      return await this.admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic,
            ...(settings.partitions === undefined ? {} : { numPartitions: settings.partitions }),
            ...(settings.replication === undefined ? {} : { replicationFactor: settings.replication }),
          },
        ],
      });
    } catch (error) {
      throw toKafkaError(error, `creating the topic ${topic}`);
    }
  }

  destinationOf(task: DatasetTask): TargetDestination | undefined {
    return this.destinations.get(task.dataset.name);
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    if (topics.length === 0) return;
    const existing = new Set(await this.admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length === 0) return;
    try {
      await this.admin.deleteTopics({ topics: present });
    } catch (error) {
      throw toKafkaError(error, `deleting the topics ${present.join(', ')}`);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
