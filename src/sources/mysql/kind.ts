/**
 * MySQL and MariaDB as a source kind: address schemes, what the kind can do, and its openers. Importing this
 * module loads no driver: each opener imports its session when first called.
 */
import type { Address } from '../../shared/address.js';
import type { Capabilities, ConnectOptions, SourceKind } from '../contract.js';

export const MYSQL_CAPABILITIES: Capabilities = {
  // InnoDB rolls back rows; DDL commits implicitly, so the target drops the tables a failed run created.
  transactions: true,
  // MySQL checks foreign keys row by row and has no DEFERRABLE.
  deferrableConstraints: false,
  // SET foreign_key_checks = 0 in the loading session, every reference verified before commit.
  disableForeignKeyChecks: true,
  // The same switch covers a table whose rows point at later rows of the same load.
  selfReferenceInOneLoad: true,
  updateByKeys: true,
  createSchema: true,
  // DELETE (transactional), not TRUNCATE (which commits).
  truncate: true,
  deleteByKeys: true,
  samplingMethods: ['key-ranges', 'full', 'head'],
  // No numeric type stores NaN or infinity.
  specialValues: [],
  identifierLength: 64,
};

function urlOf(address: Address): string {
  if (address.kind !== 'mysql') throw new Error(`not a MySQL address: ${address.kind}`);
  return address.url;
}

export const mysqlKind = {
  id: 'mysql',
  displayName: 'MySQL/MariaDB',
  addressKinds: ['mysql'],
  schemes: ['mysql://', 'mariadb://'],
  capabilities: MYSQL_CAPABILITIES,
  async openSource(address: Address, options: ConnectOptions) {
    const { openMysqlSource } = await import('./source-session.js');
    return openMysqlSource(urlOf(address), options);
  },
  async openTarget(address: Address, options: ConnectOptions) {
    const { openMysqlTarget } = await import('./target-session.js');
    return openMysqlTarget(urlOf(address), options);
  },
} as const satisfies SourceKind;
