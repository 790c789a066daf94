/**
 * Apache Kafka as a source kind (`kafka://host:port[,host:port]/topic`): topics as generation targets
 * (registry-encoded or plain JSON, optionally paced) and as sampled sources (the newest messages of every
 * partition). Importing this module loads no client: the openers do.
 */
import type { Address } from '../../shared/address.js';
import {
  type Capabilities,
  type ConnectOptions,
  NO_TARGET_CAPABILITIES,
  type SourceKind,
} from '../contract.js';

/** A topic takes records and nothing else: no transactions over loads, no deletes by key, no schema. */
export const KAFKA_CAPABILITIES: Capabilities = {
  ...NO_TARGET_CAPABILITIES,
  samplingMethods: ['latest'],
  // JSON values cannot carry NaN or infinity, and a run's encoding is chosen after the plan is made.
  specialValues: [],
};

function kafkaAddress(address: Address): Extract<Address, { kind: 'kafka' }> {
  if (address.kind !== 'kafka') throw new Error(`not a kafka address: ${address.kind}`);
  return address;
}

export const kafkaKind = {
  id: 'kafka',
  displayName: 'Kafka',
  addressKinds: ['kafka'],
  schemes: ['kafka://'],
  capabilities: KAFKA_CAPABILITIES,
  async openTarget(address: Address, options: ConnectOptions) {
    const { openKafkaTarget } = await import('./target-session.js');
    return openKafkaTarget(kafkaAddress(address), options);
  },
  async openSource(address: Address, options: ConnectOptions) {
    const { openKafkaSource } = await import('./source-session.js');
    return openKafkaSource(kafkaAddress(address), options);
  },
} as const satisfies SourceKind;
