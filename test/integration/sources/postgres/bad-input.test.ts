import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoppelError, EXIT } from '../../../../src/shared/errors.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { openPostgresSource } from '../../../../src/sources/postgres/index.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { resolveTestServerUrl } from '../../../helpers/test-database.js';
import { runSql } from './fixture-database.js';

const SERVER = resolveTestServerUrl('postgres');
const PASSWORD = `Pw-${randomBytes(6).toString('hex')}-distinctive`;
const ROLE = `doppel_pw_${randomBytes(4).toString('hex')}`;
let originalHba = '';

/** The test server trusts loopback; one pg_hba line makes it ask this one role for a password. */
beforeAll(async () => {
  await runSql(SERVER, `CREATE ROLE ${ROLE} LOGIN PASSWORD 'right-password'`);
  const [hba] = await runSql<{ text: string }>(
    SERVER,
    "SELECT pg_read_file(current_setting('hba_file')) AS text",
  );
  originalHba = hba?.text ?? '';
  await writeHba(`host all ${ROLE} 127.0.0.1/32 scram-sha-256\n${originalHba}`);
});
afterAll(async () => {
  if (originalHba !== '') await writeHba(originalHba);
  await runSql(SERVER, `DROP ROLE IF EXISTS ${ROLE}`);
});

async function writeHba(text: string): Promise<void> {
  const lines = text.replaceAll('\t', ' ').split('\n');
  await runSql(
    SERVER,
    `COPY (SELECT line FROM unnest($1::text[]) WITH ORDINALITY AS l(line, n) ORDER BY n) TO '${await hbaPath()}'`.replace(
      '$1::text[]',
      `ARRAY[${lines.map((line) => `'${line.replaceAll("'", "''")}'`).join(',')}]::text[]`,
    ),
  );
  await runSql(SERVER, 'SELECT pg_reload_conf()');
}
async function hbaPath(): Promise<string> {
  const [row] = await runSql<{ path: string }>(SERVER, "SELECT current_setting('hba_file') AS path");
  return row?.path ?? '';
}
function withCredentials(user: string, password: string, database = 'postgres'): string {
  const url = new URL(SERVER);
  url.username = user;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}
async function openError(url: string): Promise<DoppelError> {
  const error = await openPostgresSource(url, { log: silentLogger, name: 'x' }).then(
    async (session) => {
      await session.close();
      throw new Error('expected a failure');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DoppelError);
  return error as DoppelError;
}

describe('bad input: one clear sentence, a distinct exit code, never the password', () => {
  it('wrong password', async () => {
    const error = await openError(withCredentials(ROLE, PASSWORD));
    expect(error.kind).toBe('connection');
    expect(error.message).toMatch(new RegExp(`rejected the password for user "${ROLE}"`));
    expect(error.message).not.toContain(PASSWORD);
    const run = await runCliForTest(['inspect', withCredentials(ROLE, PASSWORD)]);
    expect(run.code).toBe(EXIT.connection);
    expect(run.stderr).toContain('rejected the password');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    const debug = await runCliForTest(['--log-level', 'debug', 'inspect', withCredentials(ROLE, PASSWORD)]);
    expect(debug.stdout + debug.stderr).not.toContain(PASSWORD);
  });

  it('unreachable server', async () => {
    const url = new URL(withCredentials('postgres', PASSWORD));
    url.port = '1';
    const error = await openError(url.toString());
    expect(error.kind).toBe('connection');
    expect(error.message).toBe(
      'Cannot connect to PostgreSQL at 127.0.0.1:1: the connection was refused (is the server running?).',
    );
    const run = await runCliForTest(['inspect', url.toString()]);
    expect(run.code).toBe(EXIT.connection);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('missing database', async () => {
    const error = await openError(withCredentials('postgres', PASSWORD, 'no_such_database_here'));
    expect(error.kind).toBe('connection');
    expect(error.message).toContain('The database "no_such_database_here" does not exist');
  });

  it('missing permission: a role without CONNECT on the database', async () => {
    const role = `doppel_noconnect_${randomBytes(4).toString('hex')}`;
    const databaseName = `doppel_private_${randomBytes(4).toString('hex')}`;
    await runSql(SERVER, `CREATE ROLE ${role} LOGIN`);
    await runSql(SERVER, `CREATE DATABASE ${databaseName}`);
    await runSql(SERVER, `REVOKE CONNECT ON DATABASE ${databaseName} FROM PUBLIC`);
    try {
      const error = await openError(withCredentials(role, PASSWORD, databaseName));
      expect(error.kind).toBe('refused');
      expect(error.exitCode).toBe(EXIT.refused);
      expect(error.message).toContain(`refused user "${role}"`);
      expect(error.message).not.toContain(PASSWORD);
    } finally {
      await runSql(SERVER, `DROP DATABASE ${databaseName}`);
      await runSql(SERVER, `DROP ROLE ${role}`);
    }
  });
});
