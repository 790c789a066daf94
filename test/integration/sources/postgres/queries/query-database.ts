/**
 * A fresh database with a purpose-made schema for one catalog query's test, and a connection opened the way
 * a source session opens it (read-only, doppel's session settings and value parsers).
 */
import { silentLogger } from '../../../../../src/shared/log.js';
import { connectPostgres, type PostgresConnection } from '../../../../../src/sources/postgres/connect.js';
import { createTestDatabase, type TestDatabase } from '../../../../helpers/test-database.js';
import { runSql } from '../fixture-database.js';

export interface QueryDatabase {
  readonly database: TestDatabase;
  readonly connection: PostgresConnection;
  /** The oid of a relation, by its (quoted as needed) qualified name. */
  oid(qualified: string): Promise<number>;
  /** The oid of a type, by its (quoted as needed) name. */
  typeOid(name: string): Promise<number>;
  /** Closes the connection and drops the database. */
  close(): Promise<void>;
}

/** Creates a fresh database, runs `schema` in it, and opens a read-only source connection. */
export async function createQueryDatabase(schema: string): Promise<QueryDatabase> {
  const database = await createTestDatabase('postgres');
  try {
    await runSql(database.url, schema);
    const connection = await connectPostgres(database.url, { log: silentLogger, readOnly: true });
    return {
      database,
      connection,
      oid: async (qualified) => {
        const { rows } = await connection.db.query<{ oid: string }>('SELECT $1::regclass::oid::int8 AS oid', [
          qualified,
        ]);
        return Number(rows[0]?.oid);
      },
      typeOid: async (name) => {
        const { rows } = await connection.db.query<{ oid: string }>('SELECT $1::regtype::oid::int8 AS oid', [
          name,
        ]);
        return Number(rows[0]?.oid);
      },
      close: async () => {
        await connection.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
