/**
 * A fresh database per test suite, with a random name, on the real servers that `scripts/services.sh up`
 * starts, so suites run side by side. An unreachable server is an error that says how to start it: a test
 * that needs a server never skips silently.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { redactUrl } from '../../src/shared/redact.js';

export type TestDatabaseKind = 'postgres' | 'mysql' | 'mongodb';

export interface TestDatabase {
  /** Address of the new database, ready for `parseAddress` or a driver. */
  readonly url: string;
  readonly name: string;
  /** Drops the database (closing other sessions on it first where the server allows). */
  drop(): Promise<void>;
}

const DEFAULT_URLS: Record<TestDatabaseKind, string> = {
  postgres: 'postgres://postgres@127.0.0.1:5432/postgres',
  mysql: 'mysql://root@127.0.0.1:3306/',
  mongodb: 'mongodb://127.0.0.1:27017/',
};
const ENV_NAMES: Record<TestDatabaseKind, string> = {
  postgres: 'DOPPEL_TEST_PG_URL',
  mysql: 'DOPPEL_TEST_MYSQL_URL',
  mongodb: 'DOPPEL_TEST_MONGODB_URL',
};
const SERVICE_NAMES: Record<TestDatabaseKind, string> = {
  postgres: 'postgres',
  mysql: 'mariadb',
  mongodb: 'ferretdb',
};
const CONNECT_TIMEOUT_MS = 5_000;

/** The server address tests use for `kind`: its environment variable, or the services script's default. */
export function resolveTestServerUrl(kind: TestDatabaseKind): string {
  const fromEnv = process.env[ENV_NAMES[kind]];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_URLS[kind];
}

/** Creates a database with a random name on the test server of `kind`. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const serverUrl = resolveTestServerUrl(kind);
  const name = `doppel_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  if (kind === 'postgres') {
    await withPostgres(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    return {
      url,
      name,
      drop: () =>
        withPostgres(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
    };
  }
  if (kind === 'mongodb') {
    // MongoDB creates a database with its first collection; reaching the server is checked here already.
    await withMongo(serverUrl, (client) => client.db('admin').command({ ping: 1 }));
    return { url, name, drop: () => withMongo(serverUrl, (client) => client.db(name).dropDatabase()) };
  }
  await withMysql(serverUrl, (connection) =>
    connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
  return {
    url,
    name,
    drop: () => withMysql(serverUrl, (connection) => connection.query(`DROP DATABASE IF EXISTS \`${name}\``)),
  };
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withPostgres(serverUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    throw unreachable('postgres', serverUrl, error);
  }
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

async function withMysql(
  serverUrl: string,
  work: (connection: mysql.Connection) => Promise<unknown>,
): Promise<void> {
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({ uri: serverUrl, connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw unreachable('mysql', serverUrl, error);
  }
  try {
    await work(connection);
  } finally {
    await connection.end();
  }
}

async function withMongo(serverUrl: string, work: (client: MongoClient) => Promise<unknown>): Promise<void> {
  const client = new MongoClient(serverUrl, { serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw unreachable('mongodb', serverUrl, error);
  }
  try {
    await work(client);
  } finally {
    await client.close();
  }
}

function unreachable(kind: TestDatabaseKind, serverUrl: string, cause: unknown): Error {
  const reason =
    cause instanceof Error ? cause.message || (cause as NodeJS.ErrnoException).code : String(cause);
  return new Error(
    `The ${kind} test server at ${redactUrl(serverUrl)} is not reachable (${reason}). ` +
      `Start it with \`bash scripts/services.sh up ${SERVICE_NAMES[kind]}\`, ` +
      `or point ${ENV_NAMES[kind]} at a running server.`,
    { cause },
  );
}
