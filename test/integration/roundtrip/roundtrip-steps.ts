/**
 * Steps of the round trip shared by the round-trip suites: profile a database (every row), keep only what the
 * task files carry (save, load back), generate into a database through the CLI, count rows, and check that
 * foreign keys hold.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { profileSource } from '../../../src/profile/run.js';
import { silentLogger } from '../../../src/shared/log.js';
import { openPostgresSource } from '../../../src/sources/postgres/index.js';
import { loadProfile, type Profile, saveProfile } from '../../../src/tasks/index.js';
import { runCliForTest } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { readFixture, runSql } from '../sources/postgres/fixture-database.js';

/** Profiles every row of the database at `url` (`--full` semantics, so sampling noise does not dominate). */
export async function profileDatabase(url: string, name: string): Promise<Profile> {
  const session = await openPostgresSource(url, { log: silentLogger, name });
  try {
    return await profileSource(session, {
      profile: name,
      sampling: { full: true, seconds: 600 },
      now: () => new Date('2024-01-01T00:00:00Z'),
    });
  } finally {
    await session.close();
  }
}

/** Saves `profile` to a new temporary folder and loads it back: the task files are all that crosses. */
export async function saveAndReload(profile: Profile): Promise<{ dir: string; profile: Profile }> {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-roundtrip-'));
  await saveProfile(dir, profile);
  return { dir, profile: await loadProfile(dir) };
}

/** `doppel generate <dir> --target <url> [...extra]` in-process, with run manifests in a temporary folder. */
export async function generateInto(dir: string, url: string, extra: readonly string[] = []): Promise<void> {
  const state = await mkdtemp(join(tmpdir(), 'doppel-roundtrip-state-'));
  const run = await runCliForTest(['generate', dir, '--target', url, '--seed', '7', ...extra], {
    DOPPEL_STATE_DIR: state,
  });
  const problems = run.stderr.split('\n').filter((line) => !/ rows\/s$/.test(line));
  expect(run.code, problems.join('\n')).toBe(0);
}

/** Rows per table of the tables a profile describes. */
export async function countRows(url: string, profile: Profile): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const task of profile.datasets) {
    const table = `"${task.dataset.namespace}"."${task.dataset.local}"`;
    const [row] = await runSql<{ count: string }>(url, `SELECT count(*) AS count FROM ${table}`);
    counts[task.dataset.name] = Number(row?.count ?? Number.NaN);
  }
  return counts;
}

/**
 * Child rows whose non-null reference has no parent, per relation (0 everywhere when the foreign keys hold;
 * counted rather than trusted, since a load may disable triggers to break a cycle).
 */
export async function countOrphans(url: string, profile: Profile): Promise<Record<string, number>> {
  const orphans: Record<string, number> = {};
  const table = (name: string) => {
    const task = profile.datasets.find((candidate) => candidate.dataset.name === name)!;
    return `"${task.dataset.namespace}"."${task.dataset.local}"`;
  };
  for (const task of profile.datasets)
    for (const relation of task.relations) {
      const from = relation.from.fields.map((field) => `c."${field}"`);
      const to = relation.to.fields.map((field) => `p."${field}"`);
      const sql = `SELECT count(*) AS count FROM ${table(task.dataset.name)} c
        WHERE ${from.map((field) => `${field} IS NOT NULL`).join(' AND ')}
          AND NOT EXISTS (SELECT 1 FROM ${table(relation.to.dataset)} p
                          WHERE ${from.map((field, i) => `${to[i]} = ${field}`).join(' AND ')})`;
      const [row] = await runSql<{ count: string }>(url, sql);
      orphans[`${task.dataset.name}: ${relation.from.fields.join(',')}`] = Number(row?.count);
    }
  return orphans;
}

/**
 * The whole round trip of the fixture `<fixture>-schema.sql` / `<fixture>-data.sql`: loaded into a fresh
 * database, profiled, reloaded from task files, generated into a fresh copy of the schema and profiled again.
 * Every database made is pushed onto `databases` as soon as it exists, so the caller drops them even after a
 * failed step.
 */
export async function roundTripFixture(
  fixture: string,
  databases: TestDatabase[],
): Promise<{ expected: Profile; actual: Profile; target: TestDatabase }> {
  const source = await createTestDatabase('postgres');
  databases.push(source);
  await runSql(source.url, `${readFixture(`${fixture}-schema`)}\n${readFixture(`${fixture}-data`)}`);
  const reloaded = await saveAndReload(await profileDatabase(source.url, fixture));
  const target = await createTestDatabase('postgres');
  databases.push(target);
  await runSql(target.url, readFixture(`${fixture}-schema`));
  await generateInto(reloaded.dir, target.url);
  const actual = (await saveAndReload(await profileDatabase(target.url, fixture))).profile;
  return { expected: reloaded.profile, actual, target };
}
