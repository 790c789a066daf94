/**
 * Opening one `pg` connection: per-connection type parsers (values.ts representation), the session settings
 * every doppel connection relies on, the read-only settings of a source session, and a server-side cancel
 * through a short-lived second connection.
 */
import pg from 'pg';
import type { Logger } from '../../shared/log.js';
import type { ServerLabel } from '../driver-errors.js';
import { resolveClientSettings } from './client-config.js';
import { toConnectError } from './errors.js';
import { quoteLiteral } from './identifiers.js';
import type { Queryable, QueryResultLike } from './queryable.js';
import { loadTypeRegistry, type TypeRegistry } from './type-registry.js';
import { createValueParser } from './value-parsers.js';

const CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
/** Generous, so a slow consumer of a sample stream does not lose its snapshot. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 15 * 60_000;

/** Settings the value parsers assume: UTC, ISO dates, exact floats, hex bytea, plain money. */
const SESSION_SETTINGS = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
  "SET lc_monetary = 'C'",
];

export interface ConnectSettings {
  readonly log: Logger;
  readonly readOnly: boolean;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** False for an address from a request: no driver defaults from this process's environment or files. */
  readonly environmentDefaults?: boolean;
}

export interface PostgresConnection {
  readonly db: Queryable;
  readonly client: pg.Client;
  readonly server: ServerLabel;
  /** `server_version` as the server reports it. */
  readonly version: string;
  readonly versionNumber: number;
  readonly backendPid: number;
  /** PGlite behind pglite-socket: one shared backend, no COPY FROM STDIN over the socket. */
  readonly embedded: boolean;
  /** The database's registered types, which the connection's value parsers read by. */
  readonly types: TypeRegistry;
  /** Cancels whatever statement the connection is running (server side). Never throws. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** Connects to `url` and prepares the session; failures become DoppelErrors without the password. */
export async function connectPostgres(url: string, settings: ConnectSettings): Promise<PostgresConnection> {
  const { config, server } = resolveClientSettings(url, settings.environmentDefaults ?? true);
  let parse = createValueParser(new Map());
  const client = new pg.Client({
    ...config,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'doppel',
    types: {
      // pg's declared type has overloads for binary results; doppel only uses text results.
      getTypeParser: ((oid: number) => parse(oid)) as unknown as pg.CustomTypesConfig['getTypeParser'],
    },
  });
  client.on('error', (error) => settings.log.debug(`postgres connection error: ${error.message}`));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw toConnectError(error, server);
  }
  const db = wrapClient(client);
  try {
    const statementTimeout =
      settings.statementTimeoutMs ?? (settings.readOnly ? DEFAULT_STATEMENT_TIMEOUT_MS : 0);
    const lockTimeout = settings.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    const statements = [
      ...SESSION_SETTINGS,
      `SET statement_timeout = ${Math.max(0, Math.round(statementTimeout))}`,
      `SET lock_timeout = ${Math.max(0, Math.round(lockTimeout))}`,
      ...(settings.readOnly
        ? [
            'SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY',
            `SET idle_in_transaction_session_timeout = ${IDLE_IN_TRANSACTION_TIMEOUT_MS}`,
            // A full read starts at the table's first page, not where another scan of it happens to be: the
            // same table gives its rows in the same order, so a profile's samples and reservoirs are the same.
            'SET synchronize_seqscans = off',
          ]
        : // PGlite shares one backend between connections: undo a reader's default explicitly.
          ['SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE']),
    ];
    for (const statement of statements) await db.query(statement);
    const { rows } = await db.query<{ version: string; number: string; pid: number; description: string }>(
      "SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS number, pg_backend_pid() AS pid, version() AS description",
    );
    const info = rows[0];
    if (info === undefined) throw new Error('The server did not report its version.');
    const types = await loadTypeRegistry(db);
    parse = createValueParser(types);
    settings.log.debug(
      `postgres: connected to ${server.host}:${server.port}/${server.database} (${info.version})`,
    );
    return {
      db,
      client,
      server,
      version: info.version,
      versionNumber: Number(info.number),
      backendPid: info.pid,
      embedded: info.description.includes('PGlite'),
      types,
      cancel: () => cancelBackend(config, info.pid, settings.log),
      close: () => client.end().catch(() => undefined),
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw toConnectError(error, server);
  }
}

/** Adapts a `pg` client to the Queryable interface. */
export function wrapClient(client: pg.Client): Queryable {
  return {
    query: async <R>(text: string, values?: readonly unknown[]): Promise<QueryResultLike<R>> => {
      const result = await client.query(text, values === undefined ? undefined : [...values]);
      return { rows: result.rows as R[], rowCount: result.rowCount };
    },
  };
}

/** Asks the server to cancel the statement of backend `pid`, through a short-lived second connection. */
async function cancelBackend(config: pg.ClientConfig, pid: number, log: Logger): Promise<void> {
  const client = new pg.Client({
    ...config,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'doppel-cancel',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`SET statement_timeout = ${quoteLiteral('5s')}`);
    await client.query('SELECT pg_cancel_backend($1)', [pid]);
  } catch (error) {
    log.debug(
      `postgres: cancelling backend ${pid} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
