/**
 * MongoDB as a source kind: address schemes, what the kind can do, and its opener. Importing this module
 * loads no driver: the opener imports the session when first called. Writing into MongoDB is not there yet
 * (no target opener), so the capabilities a target needs are all false.
 */
import type { Address } from '../../shared/address.js';
import {
  type Capabilities,
  type ConnectOptions,
  NO_TARGET_CAPABILITIES,
  type SourceKind,
} from '../contract.js';

export const MONGODB_CAPABILITIES: Capabilities = {
  ...NO_TARGET_CAPABILITIES,
  // `$sample` first; a whole collection when the budget covers it; the named fallback (`head`) on servers
  // without `$sample`.
  samplingMethods: ['sample-stage', 'full', 'head'],
  // A BSON double stores NaN and ±infinity.
  specialValues: ['nan', 'infinity'],
  // Collection names: 255 bytes including the database name (MongoDB 4.4 and later).
  identifierLength: 255,
};

export const mongodbKind = {
  id: 'mongodb',
  displayName: 'MongoDB',
  addressKinds: ['mongodb'],
  schemes: ['mongodb://', 'mongodb+srv://'],
  capabilities: MONGODB_CAPABILITIES,
  async openSource(address: Address, options: ConnectOptions) {
    if (address.kind !== 'mongodb') throw new Error(`not a MongoDB address: ${address.kind}`);
    const { openMongoSource } = await import('./source-session.js');
    return openMongoSource(address.url, options);
  },
} as const satisfies SourceKind;
