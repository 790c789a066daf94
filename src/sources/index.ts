/**
 * The registry of source kinds: one object per kind (`sources/<kind>/`, each `satisfies SourceKind`), listed
 * once below. Opening a source or a target picks the kind by the address; a kind that cannot be opened that
 * way, or an address kind with no implementation yet, is a usage error. Importing this module loads no
 * driver (the openers do, when called).
 */
import type { Address } from '../shared/address.js';
import { DoppelError } from '../shared/errors.js';
import type { ConnectOptions, SourceKind, SourceSession, TargetSession } from './contract.js';
import { kafkaKind } from './kafka/kind.js';
import { mongodbKind } from './mongodb/kind.js';
import { mysqlKind } from './mysql/kind.js';
import { pgliteKind, postgresKind } from './postgres/kind.js';
import { registryKind } from './registry/kind.js';

/** Every source kind doppel has. */
export const SOURCE_KINDS = [
  postgresKind,
  pgliteKind,
  mysqlKind,
  mongodbKind,
  registryKind,
  kafkaKind,
] as const satisfies readonly SourceKind[];

export type SourceKindId = (typeof SOURCE_KINDS)[number]['id'];

/** Names of address kinds that have no source kind yet, for messages. */
const PLANNED_NAMES: Readonly<Partial<Record<Address['kind'], string>>> = {
  file: 'File',
  stdout: 'Standard output',
};

/** The kind that opens `address`, or undefined when none does. */
export function findSourceKind(address: Address): SourceKind | undefined {
  return SOURCE_KINDS.find((kind) => (kind.addressKinds as readonly string[]).includes(address.kind));
}

function describeAddressKind(address: Address): string {
  return findSourceKind(address)?.displayName ?? PLANNED_NAMES[address.kind] ?? address.kind;
}

/** Opens a read-only session on the source at `address`. */
export async function openSource(address: Address, options: ConnectOptions): Promise<SourceSession> {
  const kind = findSourceKind(address);
  if (kind?.openSource === undefined)
    throw new DoppelError('usage', `${describeAddressKind(address)} sources are not supported yet.`);
  return kind.openSource(address, options);
}

/** Opens a writable session on the target at `address`. */
export async function openTarget(address: Address, options: ConnectOptions): Promise<TargetSession> {
  const kind = findSourceKind(address);
  if (kind?.openTarget === undefined)
    throw new DoppelError('usage', `${describeAddressKind(address)} targets are not supported yet.`);
  return kind.openTarget(address, options);
}
