/**
 * Opening sources and targets by address kind. Each kind lives in its own folder and implements
 * `contract.ts`; kinds without an implementation yet are a usage error.
 */
import type { Address } from '../shared/address.js';
import { DoppelError } from '../shared/errors.js';
import type { ConnectOptions, SourceSession, TargetSession } from './contract.js';
import { openPostgresSource, openPostgresTarget, startPglite } from './postgres/index.js';

const KIND_NAMES: Readonly<Record<Address['kind'], string>> = {
  postgres: 'PostgreSQL',
  pglite: 'PGlite',
  mysql: 'MySQL',
  mongodb: 'MongoDB',
  kafka: 'Kafka',
  registry: 'Schema registry',
  file: 'File',
  stdout: 'Standard output',
};

/** Opens a read-only session on the source at `address`. */
export async function openSource(address: Address, options: ConnectOptions): Promise<SourceSession> {
  switch (address.kind) {
    case 'postgres':
      return openPostgresSource(address.url, options);
    case 'pglite': {
      const server = await startPglite({ dir: address.dir });
      try {
        // The embedded server is doppel's own: nothing from the environment belongs in its connection.
        const session = await openPostgresSource(server.url, { ...options, environmentDefaults: false });
        return withCleanup(session, () => server.close());
      } catch (error) {
        await server.close();
        throw error;
      }
    }
    default:
      throw new DoppelError('usage', `${KIND_NAMES[address.kind]} sources are not supported yet.`);
  }
}

/** Opens a writable session on the target at `address`. */
export async function openTarget(address: Address, options: ConnectOptions): Promise<TargetSession> {
  switch (address.kind) {
    case 'postgres':
      return openPostgresTarget(address.url, options);
    case 'pglite': {
      const server = await startPglite({ dir: address.dir });
      try {
        const session = await openPostgresTarget(server.url, { ...options, environmentDefaults: false });
        return withCleanup(session, () => server.close());
      } catch (error) {
        await server.close();
        throw error;
      }
    }
    default:
      throw new DoppelError('usage', `${KIND_NAMES[address.kind]} targets are not supported yet.`);
  }
}

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
