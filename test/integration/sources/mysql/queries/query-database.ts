/**
 * A fresh MariaDB database with a purpose-made schema for one catalog query's test, and a connection opened
 * the way a source session opens it (read-only, doppel's session settings).
 */
import { silentLogger } from '../../../../../src/shared/log.js';
import { connectMysql, type MysqlConnection } from '../../../../../src/sources/mysql/connect.js';
import { createTestDatabase, type TestDatabase } from '../../../../helpers/test-database.js';
import { runStatements } from '../fixture-database.js';

export interface QueryDatabase {
  readonly database: TestDatabase;
  readonly connection: MysqlConnection;
  /** Closes the connection and drops the database. */
  close(): Promise<void>;
}

/** Creates a fresh database, runs `statements` in it, and opens a read-only source connection. */
export async function createQueryDatabase(statements: readonly string[]): Promise<QueryDatabase> {
  const database = await createTestDatabase('mysql');
  try {
    await runStatements(database.url, statements);
    const connection = await connectMysql(database.url, { log: silentLogger, readOnly: true });
    return {
      database,
      connection,
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
