/**
 * MongoDB as a source and target kind: address schemes, what the kind can do, and its openers. Importing
 * this module loads no driver: the openers import the sessions when first called.
 */
import type { Address } from '../../shared/address.js';
import type { Capabilities, ConnectOptions, SourceKind } from '../contract.js';

export const MONGODB_CAPABILITIES: Capabilities = {
  // Multi-document transactions need a replica set (and FerretDB has none): loads are not all or nothing.
  transactions: false,
  deferrableConstraints: false,
  // MongoDB checks no references: a cycle loads in any order, as if checks were off.
  disableForeignKeyChecks: true,
  selfReferenceInOneLoad: true,
  // bulkWrite of updateOne by key.
  updateByKeys: true,
  // Collections (capped, time-series), $jsonSchema validators and indexes from the task files.
  createSchema: true,
  // deleteMany({}) per collection.
  truncate: true,
  // deleteMany by `_id` (or another key) in $in batches.
  deleteByKeys: true,
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
  async openTarget(address: Address, options: ConnectOptions) {
    if (address.kind !== 'mongodb') throw new Error(`not a MongoDB address: ${address.kind}`);
    const { openMongoTarget } = await import('./target-session.js');
    return openMongoTarget(address.url, options);
  },
} as const satisfies SourceKind;
