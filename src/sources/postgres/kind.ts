/**
 * PostgreSQL and PGlite (PostgreSQL compiled to WebAssembly, run in this process) as source kinds: their
 * address schemes, what they can do, and their openers. Importing this module loads no driver: each opener
 * imports the sessions when first called.
 */
import type { Address } from '../../shared/address.js';
import type { Capabilities, ConnectOptions, SourceKind } from '../contract.js';

/** What a PostgreSQL target can do (PGlite is the same engine and can do the same). */
export const POSTGRES_CAPABILITIES: Capabilities = {
  transactions: true,
  deferrableConstraints: true,
  // ALTER TABLE ... DISABLE TRIGGER ALL (needs superuser; refused by the server otherwise).
  disableForeignKeyChecks: true,
  selfReferenceInOneLoad: true,
  updateByKeys: true,
  createSchema: true,
  truncate: true,
  deleteByKeys: true,
  samplingMethods: ['tablesample-system', 'tablesample-bernoulli', 'full'],
  specialValues: ['nan', 'infinity'],
  identifierLength: 63,
};

function urlOf(address: Address): string {
  if (address.kind !== 'postgres') throw new Error(`not a PostgreSQL address: ${address.kind}`);
  return address.url;
}

export const postgresKind = {
  id: 'postgres',
  displayName: 'PostgreSQL',
  addressKinds: ['postgres'],
  schemes: ['postgres://', 'postgresql://'],
  capabilities: POSTGRES_CAPABILITIES,
  async openSource(address: Address, options: ConnectOptions) {
    const { openPostgresSource } = await import('./source-session.js');
    return openPostgresSource(urlOf(address), options);
  },
  async openTarget(address: Address, options: ConnectOptions) {
    const { openPostgresTarget } = await import('./target-session.js');
    return openPostgresTarget(urlOf(address), options);
  },
} as const satisfies SourceKind;

/** Starts the embedded server for `address`, opens a session on it, and stops the server when it closes. */
async function openOnPglite<T extends { close(): Promise<void> }>(
  address: Address,
  options: ConnectOptions,
  open: (url: string, options: ConnectOptions) => Promise<T>,
): Promise<T> {
  if (address.kind !== 'pglite') throw new Error(`not a PGlite address: ${address.kind}`);
  const { startPglite } = await import('./pglite.js');
  const server = await startPglite({ dir: address.dir });
  try {
    // The embedded server is doppel's own: nothing from the environment belongs in its connection.
    const session = await open(server.url, { ...options, environmentDefaults: false });
    return withCleanup(session, () => server.close());
  } catch (error) {
    await server.close();
    throw error;
  }
}

export const pgliteKind = {
  id: 'pglite',
  displayName: 'PGlite',
  addressKinds: ['pglite'],
  schemes: ['pglite:'],
  capabilities: POSTGRES_CAPABILITIES,
  async openSource(address: Address, options: ConnectOptions) {
    const { openPostgresSource } = await import('./source-session.js');
    return openOnPglite(address, options, openPostgresSource);
  },
  async openTarget(address: Address, options: ConnectOptions) {
    const { openPostgresTarget } = await import('./target-session.js');
    return openOnPglite(address, options, openPostgresTarget);
  },
} as const satisfies SourceKind;

/** The same session, whose `close` also runs `cleanup` (stopping an embedded server). */
function withCleanup<T extends { close(): Promise<void> }>(session: T, cleanup: () => Promise<void>): T {
  const close = session.close.bind(session);
  return Object.assign(Object.create(Object.getPrototypeOf(session) as object) as T, session, {
    async close() {
      try {
        await close();
      } finally {
        await cleanup();
      }
    },
  });
}
