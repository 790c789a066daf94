/**
 * Kafka topics as a read-only source: each topic is a dataset whose fields are inferred from the newest
 * messages of its partitions (decoded through the registry by each message's schema id, or as JSON), nested
 * values included, by the same document inference as MongoDB collections. Sampling reads the newest
 * messages of every partition again within the profile's budget (messages and seconds), through a consumer
 * group of its own that commits nothing and is deleted afterwards (`read-messages.ts`).
 */
import type { Admin, Kafka } from 'kafkajs';
import { selectDatasets } from '../../catalog/dataset-names.js';
import type { Catalog, Dataset, SourceInfo } from '../../catalog/model.js';
import type { Row } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import type {
  ConnectOptions,
  DatasetFilter,
  SampleOptions,
  SampleStream,
  SourceSession,
} from '../contract.js';
import { createDocumentReader } from '../mongodb/document-rows.js';
import { SchemaInferrer } from '../mongodb/infer/schema-tree.js';
import { toCatalogFields } from '../mongodb/infer/tree-to-fields.js';
import { RegistryClient } from '../registry/registry-client.js';
import { resolveRegistrySettings } from '../registry/registry-settings.js';
import { createKafkaClient, type KafkaAddress, toKafkaError } from './connect.js';
import { createMessageDecoder, type MessageDocument } from './decode-messages.js';
import { readLatestMessages } from './read-messages.js';

/** Newest messages read to infer a topic's fields (the profile's own sample comes after). */
export const SCHEMA_SAMPLE_MESSAGES = 1_000;
export const SCHEMA_SAMPLE_SECONDS = 10;

/** Opens a read-only session on the brokers of `address` (its topic, when it names one, is the only dataset). */
export async function openKafkaSource(
  address: KafkaAddress,
  options: ConnectOptions,
): Promise<SourceSession> {
  const settings = resolveRegistrySettings(
    options.stream?.registry,
    options.environmentDefaults === false ? {} : process.env,
  );
  const registry = settings === undefined ? undefined : new RegistryClient(settings);
  const kafka = createKafkaClient(address, options.log);
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (error) {
    await admin.disconnect().catch(() => undefined);
    throw toKafkaError(error, `connecting to ${address.brokers.join(',')}`);
  }
  return createSourceSession(address, kafka, admin, registry, options);
}

function createSourceSession(
  address: KafkaAddress,
  kafka: Kafka,
  admin: Admin,
  registry: RegistryClient | undefined,
  options: ConnectOptions,
): SourceSession {
  const info: SourceInfo = { kind: 'kafka', name: options.name };
  const decoders = new Map<string, ReturnType<typeof createMessageDecoder>>();
  const decoderOf = (topic: string) => {
    let decoder = decoders.get(topic);
    if (decoder === undefined) {
      decoder = createMessageDecoder(topic, registry);
      decoders.set(topic, decoder);
    }
    return decoder;
  };
  async function* documents(
    topic: string,
    stream: ReturnType<typeof readLatestMessages>,
  ): AsyncGenerator<MessageDocument> {
    const decode = decoderOf(topic);
    // A tombstone (null value) deletes a key in a compacted topic: it is no record to profile.
    for await (const message of stream) if (message.value !== null) yield decode(message.value);
  }
  return {
    info,
    async extract(filter: DatasetFilter, signal?: AbortSignal): Promise<Catalog> {
      let topics: string[];
      try {
        topics = (await admin.listTopics()).filter((topic) => !topic.startsWith('__')).sort();
      } catch (error) {
        throw toKafkaError(error, 'listing topics');
      }
      if (address.topic !== undefined) {
        if (!topics.includes(address.topic))
          throw new DoppelError(
            'usage',
            `The topic ${address.topic} does not exist on ${address.brokers.join(',')}.`,
          );
        topics = [address.topic];
      }
      const chosen = selectDatasets(
        topics.map((topic) => ({ name: topic, local: topic })),
        filter,
      );
      const datasets: Dataset[] = [];
      for (const { name: topic } of chosen) {
        signal?.throwIfAborted();
        const inferrer = new SchemaInferrer();
        const stream = readLatestMessages(
          kafka,
          admin,
          topic,
          { messages: SCHEMA_SAMPLE_MESSAGES, seconds: SCHEMA_SAMPLE_SECONDS, ...(signal ? { signal } : {}) },
          options.log,
        );
        for await (const document of documents(topic, stream)) inferrer.add(document);
        datasets.push({
          name: topic,
          local: topic,
          kind: 'topic',
          writable: true,
          fields: toCatalogFields(inferrer.describe().fields),
          uniques: [],
          checks: [],
          exclusions: [],
          indexes: [],
          rowEstimate: await countMessages(admin, topic),
        });
      }
      return { source: info, datasets, relations: [], types: [] };
    },
    sample(dataset: Dataset, sampleOptions: SampleOptions): SampleStream {
      // `full` reads every message the topic still holds; the budget is otherwise split over the partitions.
      const stream = readLatestMessages(
        kafka,
        admin,
        dataset.name,
        {
          messages: sampleOptions.full ? Number.MAX_SAFE_INTEGER : sampleOptions.rows,
          seconds: sampleOptions.seconds,
          ...(sampleOptions.signal ? { signal: sampleOptions.signal } : {}),
        },
        options.log,
      );
      const toRow = createDocumentReader(dataset.fields);
      async function* rows(): AsyncGenerator<Row> {
        for await (const document of documents(dataset.name, stream)) yield toRow(document);
      }
      return {
        [Symbol.asyncIterator]: () => rows(),
        method: 'latest',
        truncated: stream.truncated,
      };
    },
    async close(): Promise<void> {
      decoders.clear();
      await admin.disconnect().catch(() => undefined);
    },
  };
}

/** Messages a topic holds now (high minus low offset over its partitions). */
async function countMessages(admin: Admin, topic: string): Promise<number | null> {
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, entry) => sum + Number(BigInt(entry.high) - BigInt(entry.low)), 0);
  } catch {
    return null;
  }
}
