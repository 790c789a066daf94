/**
 * Opening one `mysql2` connection: values as text where exactness matters (decimals, big integers, dates),
 * the session settings every doppel connection relies on (UTC, strict mode, no backslash escapes), the
 * read-only settings and timeouts of a source session, and a server-side `KILL QUERY` through a short-lived
 * second connection.
 */
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import type { Logger } from '../../shared/log.js';
import type { ServerLabel } from '../driver-errors.js';
import { resolveMysqlSettings } from './client-config.js';
import { toConnectError } from './errors.js';
import type { MysqlWritable } from './queryable.js';

const CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
/** The sql_mode doppel's SQL text is written for: literals quoted by `quoteLiteral`, nothing silently coerced. */
const SQL_MODE = 'STRICT_ALL_TABLES,NO_BACKSLASH_ESCAPES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO';

export interface MysqlConnectSettings {
  readonly log: Logger;
  readonly readOnly: boolean;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
}

export interface MysqlConnection {
  readonly db: MysqlWritable;
  readonly connection: mysql.Connection;
  readonly server: ServerLabel;
  /** `VERSION()` as the server reports it, e.g. `10.11.6-MariaDB-0+deb12u1`, `8.0.36`. */
  readonly version: string;
  readonly mariadb: boolean;
  readonly connectionId: number;
  /** Runs `KILL QUERY` on whatever statement the connection is running (server side). Never throws. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** Connects to `url` and prepares the session; failures become DoppelErrors without the password. */
export async function connectMysql(url: string, settings: MysqlConnectSettings): Promise<MysqlConnection> {
  const { config, server } = resolveMysqlSettings(url);
  const options: mysql.ConnectionOptions = {
    ...config,
    connectTimeout: CONNECT_TIMEOUT_MS,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    multipleStatements: false,
    // MySQL 8 reports JSON columns as JSON and mysql2 would parse them; doppel parses JSON itself, per field.
    jsonStrings: true,
  };
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection(options);
  } catch (error) {
    throw toConnectError(error, server);
  }
  connection.on('error', (error: Error) => settings.log.debug(`mysql connection error: ${error.message}`));
  const db = wrapConnection(connection);
  try {
    const [info] = await db.query<{ version: string; id: number | string }>(
      'SELECT VERSION() AS version, CONNECTION_ID() AS id',
    );
    if (info === undefined) throw new Error('The server did not report its version.');
    const mariadb = /mariadb/i.test(info.version);
    const statementTimeout =
      settings.statementTimeoutMs ?? (settings.readOnly ? DEFAULT_STATEMENT_TIMEOUT_MS : 0);
    const lockSeconds = Math.max(1, Math.ceil((settings.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS) / 1000));
    const statements = [
      "SET SESSION time_zone = '+00:00'",
      `SET SESSION sql_mode = '${SQL_MODE}'`,
      // MariaDB bounds every statement in seconds; MySQL bounds SELECTs in milliseconds.
      mariadb
        ? `SET SESSION max_statement_time = ${Math.max(0, statementTimeout) / 1000}`
        : `SET SESSION max_execution_time = ${Math.max(0, Math.round(statementTimeout))}`,
      `SET SESSION lock_wait_timeout = ${lockSeconds}`,
      `SET SESSION innodb_lock_wait_timeout = ${lockSeconds}`,
      'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ',
      settings.readOnly ? 'SET SESSION TRANSACTION READ ONLY' : 'SET SESSION TRANSACTION READ WRITE',
    ];
    for (const statement of statements) await db.query(statement);
    settings.log.debug(
      `mysql: connected to ${server.host}:${server.port}/${server.database} (${info.version})`,
    );
    const connectionId = Number(info.id);
    return {
      db,
      connection,
      server,
      version: info.version,
      mariadb,
      connectionId,
      cancel: () => killQuery(options, connectionId, settings.log),
      close: () => connection.end().catch(() => connection.destroy()),
    };
  } catch (error) {
    connection.destroy();
    throw toConnectError(error, server);
  }
}

/** Adapts a `mysql2` connection to the MysqlWritable interface. */
export function wrapConnection(connection: mysql.Connection): MysqlWritable {
  return {
    query: async <R>(text: string, values?: readonly unknown[]): Promise<R[]> => {
      const [rows] = await connection.query(text, values === undefined ? undefined : [...values]);
      return (Array.isArray(rows) ? rows : []) as R[];
    },
    change: async (text: string): Promise<number> => {
      const [result] = await connection.query(text);
      return Array.isArray(result) ? 0 : Number(result.affectedRows);
    },
    loadLocal: async (text, chunks) => {
      // mysql2 writes the file's chunks to the socket without waiting for it to drain, and a loopback socket
      // rarely asks to: the stream is paced here (drain when needed, and the event loop's turn after every
      // chunk), so that memory stays bounded and timers and signals still run while a large file goes out.
      const socket = (connection as unknown as { connection: { stream: Writable } }).connection.stream;
      async function* paced(): AsyncGenerator<Buffer> {
        for await (const chunk of chunks) {
          yield chunk;
          if (socket.writableNeedDrain) await once(socket, 'drain');
          else await setImmediate();
        }
      }
      const [result] = await connection.query({
        sql: text,
        infileStreamFactory: () => Readable.from(paced()),
      });
      return Array.isArray(result)
        ? { rows: 0, warnings: 0 }
        : {
            rows: Number(result.affectedRows),
            warnings: 'warningStatus' in result ? Number(result.warningStatus) : 0,
          };
    },
  };
}

/** Stops the statement connection `id` is running, through a short-lived second connection. */
async function killQuery(options: mysql.ConnectionOptions, id: number, log: Logger): Promise<void> {
  let killer: mysql.Connection | undefined;
  try {
    killer = await mysql.createConnection({ ...options, connectTimeout: 5_000 });
    await killer.query(`KILL QUERY ${Math.trunc(id)}`);
  } catch (error) {
    log.debug(`mysql: KILL QUERY ${id} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await killer?.end().catch(() => killer?.destroy());
  }
}
