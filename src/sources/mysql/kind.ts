/**
 * MySQL and MariaDB as a source kind: address schemes, what the kind can do, and its opener. Importing this
 * module loads no driver: the opener imports the session when first called. Writing into MySQL is not there
 * yet (no target opener), so the capabilities a target needs are all false.
 */
import type { Address } from '../../shared/address.js';
import {
  type Capabilities,
  type ConnectOptions,
  NO_TARGET_CAPABILITIES,
  type SourceKind,
} from '../contract.js';

export const MYSQL_CAPABILITIES: Capabilities = {
  // As a target later: MySQL checks foreign keys row by row and has no DEFERRABLE.
  ...NO_TARGET_CAPABILITIES,
  samplingMethods: ['key-ranges', 'full', 'head'],
  // No numeric type stores NaN or infinity.
  specialValues: [],
  identifierLength: 64,
};

export const mysqlKind = {
  id: 'mysql',
  displayName: 'MySQL/MariaDB',
  addressKinds: ['mysql'],
  schemes: ['mysql://', 'mariadb://'],
  capabilities: MYSQL_CAPABILITIES,
  async openSource(address: Address, options: ConnectOptions) {
    if (address.kind !== 'mysql') throw new Error(`not a MySQL address: ${address.kind}`);
    const { openMysqlSource } = await import('./source-session.js');
    return openMysqlSource(address.url, options);
  },
} as const satisfies SourceKind;
