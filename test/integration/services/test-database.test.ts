/**
 * The services script's servers are up and `createTestDatabase` gives each suite its own database on them,
 * and says how to start a server that is not reachable.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../helpers/test-database.js';

async function listPostgresDatabases(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
    return result.rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a fresh PostgreSQL database that can be used and dropped', async () => {
    const database = await createTestDatabase('postgres');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{ name: string }>('SELECT current_database() AS name');
      expect(result.rows[0]?.name).toBe(database.name);
    } finally {
      await client.end();
    }
    await database.drop();
    expect(await listPostgresDatabases(database.url.replace(database.name, 'postgres'))).not.toContain(
      database.name,
    );
  });

  it('creates a fresh MariaDB database that can be used and dropped', async () => {
    const database = await createTestDatabase('mysql');
    const connection = await mysql.createConnection({ uri: database.url });
    try {
      const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT DATABASE() AS name');
      expect(rows[0]?.name).toBe(database.name);
      await database.drop();
      const [left] = await connection.query<mysql.RowDataPacket[]>(
        'SELECT schema_name FROM information_schema.schemata WHERE schema_name = ?',
        [database.name],
      );
      expect(left).toHaveLength(0);
    } finally {
      await connection.end();
    }
  });

  it('gives two suites different names', async () => {
    const [first, second] = await Promise.all([
      createTestDatabase('postgres'),
      createTestDatabase('postgres'),
    ]);
    try {
      expect(first.name).not.toBe(second.name);
    } finally {
      await Promise.all([first.drop(), second.drop()]);
    }
  });

  it.each([
    ['postgres', 'DOPPEL_TEST_PG_URL', 'postgres://postgres@127.0.0.1:1/postgres', 'up postgres'],
    ['mysql', 'DOPPEL_TEST_MYSQL_URL', 'mysql://root@127.0.0.1:1/', 'up mariadb'],
  ] as const)('says how to start an unreachable %s server', async (kind, envName, url, command) => {
    const saved = process.env[envName];
    process.env[envName] = url;
    try {
      await expect(createTestDatabase(kind)).rejects.toThrow(`bash scripts/services.sh ${command}`);
    } finally {
      if (saved === undefined) delete process.env[envName];
      else process.env[envName] = saved;
    }
  });
});
