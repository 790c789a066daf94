/**
 * The statements a PostgreSQL role sent, read from the server's own log: `withLoggedReader` creates a login
 * role that may read `schemas` and has `log_statement = 'all'`, runs `work` with an address for it, and
 * returns the statements logged meanwhile (read through `pg_read_file` of the server's stderr, which the
 * test servers log to). The role is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { runSql } from '../integration/sources/postgres/fixture-database.js';

export async function withLoggedReader(
  adminUrl: string,
  schemas: readonly string[],
  work: (readerUrl: string) => Promise<void>,
): Promise<string[]> {
  const role = `doppel_reader_${randomBytes(4).toString('hex')}`;
  const quoted = schemas.map((schema) => `"${schema.replace(/"/g, '""')}"`).join(', ');
  await runSql(
    adminUrl,
    `CREATE ROLE ${role} LOGIN; GRANT USAGE ON SCHEMA ${quoted} TO ${role};
     GRANT SELECT ON ALL TABLES IN SCHEMA ${quoted} TO ${role};
     ALTER ROLE ${role} SET log_statement = 'all'`,
  );
  try {
    const [start] = await runSql<{ size: string }>(
      adminUrl,
      "SELECT (pg_stat_file('/proc/self/fd/2')).size AS size",
    );
    const url = new URL(adminUrl);
    url.username = role;
    await work(url.toString());
    const [log] = await runSql<{ text: string }>(
      adminUrl,
      "SELECT pg_read_file('/proc/self/fd/2', $1::int8, (pg_stat_file('/proc/self/fd/2')).size - $1::int8) AS text",
      [start?.size],
    );
    return (log?.text ?? '')
      .split(/\n(?=\d{4}-\d\d-\d\d )/)
      .map((entry) => /LOG: {2}(?:statement|execute [^:]*): ([\s\S]*)$/.exec(entry)?.[1]?.trim())
      .filter((statement): statement is string => statement !== undefined)
      .filter((statement) => !statement.includes('pg_stat_file'));
  } finally {
    await runSql(adminUrl, `DROP OWNED BY ${role}; DROP ROLE ${role}`);
  }
}
