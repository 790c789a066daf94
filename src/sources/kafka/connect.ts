/**
 * A kafkajs client for a `kafka://host:port[,host:port]/topic` address (plaintext listeners; the address
 * carries no credentials). kafkajs's own log lines (retries, "coordinator is loading") go to doppel's log at
 * debug level, never to the terminal at info. Topic settings for topics a target creates come from the
 * address's query: `?partitions=3&replication=1` (the broker's defaults otherwise).
 */
import { Kafka, logLevel } from 'kafkajs';
import type { Address } from '../../shared/address.js';
import { DoppelError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';

export type KafkaAddress = Extract<Address, { kind: 'kafka' }>;

/** Settings for the topics a target creates, from the address's query. */
export interface TopicSettings {
  readonly partitions?: number;
  readonly replication?: number;
}

/** Milliseconds to wait for a broker connection and for one request. */
const CONNECTION_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** The client for `address`; a usage error when it names no broker or carries credentials. */
export function createKafkaClient(address: KafkaAddress, log: Logger): Kafka {
  if (address.brokers.length === 0)
    throw new DoppelError('usage', 'A kafka:// address names no broker (kafka://host:9092/topic).');
  const url = new URL(address.url);
  if (url.username !== '' || url.password !== '')
    throw new DoppelError(
      'usage',
      'Kafka addresses take no credentials: doppel speaks to plaintext listeners only (SASL and TLS are not supported yet).',
    );
  return new Kafka({
    clientId: 'doppel',
    brokers: [...address.brokers],
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    retry: { retries: 5, initialRetryTime: 200 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...rest } = entry.log;
      log.debug(`kafka ${entry.namespace}: ${message} ${JSON.stringify(rest)}`);
    },
  });
}

/** Partitions and replication factor for created topics, from `?partitions=&replication=`. */
export function readTopicSettings(address: KafkaAddress): TopicSettings {
  const query = new URL(address.url).searchParams;
  const number = (name: string): number | undefined => {
    const text = query.get(name);
    if (text === null) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new DoppelError('usage', `The Kafka address's ${name}=${text} is not a positive whole number.`);
    return value;
  };
  const partitions = number('partitions');
  const replication = number('replication');
  return {
    ...(partitions === undefined ? {} : { partitions }),
    ...(replication === undefined ? {} : { replication }),
  };
}

/** A broker or protocol failure as a doppel error naming what was being done. */
export function toKafkaError(error: unknown, what: string): DoppelError {
  if (error instanceof DoppelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const connection =
    /KafkaJSConnectionError|KafkaJSNumberOfRetriesExceeded|KafkaJSBrokerNotFound|KafkaJSNonRetriableError/.test(
      name,
    );
  return new DoppelError(connection ? 'connection' : 'refused', `Kafka ${what}: ${message}`, {
    cause: error,
  });
}
