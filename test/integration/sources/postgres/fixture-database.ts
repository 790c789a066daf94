/**
 * A fresh database loaded with a fixture from test/fixtures/postgres, for the postgres source suites.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';

/** Reads `test/fixtures/postgres/<name>.sql`. */
export function readFixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/postgres/${name}.sql`, import.meta.url), 'utf8');
}

/** Creates a fresh database and runs the named fixtures in it. */
export async function createFixtureDatabase(...fixtures: string[]): Promise<TestDatabase> {
  const database = await createTestDatabase('postgres');
  await runSql(database.url, fixtures.map(readFixture).join('\n'));
  return database;
}

/** Runs SQL text on `url` and returns the rows of the last statement. */
export async function runSql<R = Record<string, unknown>>(
  url: string,
  sql: string,
  values?: unknown[],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql, values);
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return (last?.rows ?? []) as R[];
  } finally {
    await client.end();
  }
}
