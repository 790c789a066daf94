/**
 * The main correctness test: source -> profile -> task files -> generate -> load into a fresh database ->
 * re-profile -> compare. The fixture (test/fixtures/postgres/roundtrip-*.sql) has skewed categorical values,
 * log-normal amounts, dates over ranges, nulls, skewed children per parent, composite keys and a foreign-key
 * cycle; every compared table holds at least 5,000 rows. The load succeeding is the constraint test (keys,
 * foreign keys including the cycle, checks, not-null); the comparison is the distribution test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/shared/log.js';
import { openPostgresTarget } from '../../../src/sources/postgres/index.js';
import type { Profile } from '../../../src/tasks/index.js';
import { type Comparison, compareProfiles } from '../../../src/validate/compare.js';
import { formatComparison } from '../../../src/validate/format-comparison.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { readFixture, runSql } from '../sources/postgres/fixture-database.js';
import { countOrphans, countRows, generateInto, profileDatabase, saveAndReload } from './roundtrip-steps.js';

const databases: TestDatabase[] = [];
let expected: Profile;
let dir: string;

beforeAll(async () => {
  const source = await createTestDatabase('postgres');
  databases.push(source);
  await runSql(source.url, `${readFixture('roundtrip-schema')}\n${readFixture('roundtrip-data')}`);
  const reloaded = await saveAndReload(await profileDatabase(source.url, 'roundtrip'));
  expected = reloaded.profile;
  dir = reloaded.dir;
}, 300_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
});

/**
 * Known open gaps, each a real generator limitation still to fix (not a loosened bound), as
 * `dataset field metric`: the test fails if one of them starts passing, so the entry is removed with the fix.
 * None are open.
 */
const KNOWN_GAPS = new Set<string>([]);

function listFailures(comparison: Comparison): string[] {
  return comparison.metrics
    .filter((metric) => !metric.ok)
    .map((metric) => `${metric.dataset} ${metric.subject} ${metric.metric}`);
}

async function roundTrip(prepare: (url: string) => Promise<void>, title: string): Promise<void> {
  const target = await createTestDatabase('postgres');
  databases.push(target);
  await prepare(target.url);
  await generateInto(dir, target.url);

  const counts = await countRows(target.url, expected);
  for (const task of expected.datasets) expect(counts[task.dataset.name]).toBe(task.dataset.rows);
  for (const [relation, orphans] of Object.entries(await countOrphans(target.url, expected)))
    expect(orphans, relation).toBe(0);

  const actual = (await saveAndReload(await profileDatabase(target.url, 'roundtrip'))).profile;
  const comparison = compareProfiles(expected, actual);
  console.log(`round trip (${title}):\n${formatComparison(comparison)}`);
  const metrics = new Set(comparison.metrics.map((metric) => metric.metric));
  for (const metric of ['ks', 'tv', 'nulls', 'children-ks'] as const) expect(metrics.has(metric)).toBe(true);
  expect(comparison.drift).toEqual([]);
  const failures = listFailures(comparison);
  expect(failures.filter((failure) => !KNOWN_GAPS.has(failure))).toEqual([]);
  // Known gaps still open (when one starts passing, remove it from KNOWN_GAPS).
  for (const gap of KNOWN_GAPS) expect(failures, gap).toContain(gap);
}

describe('round trip on PostgreSQL', () => {
  it('profiles at least 5,000 rows in every compared table', () => {
    for (const task of expected.datasets) expect(task.dataset.rows).toBeGreaterThanOrEqual(5000);
    expect(expected.datasets.map((task) => task.dataset.name).sort()).toEqual([
      'rt.customers',
      'rt.departments',
      'rt.employees',
      'rt.order_lines',
      'rt.orders',
      'rt.products',
    ]);
  });

  it('generates into a schema created from the task files alone and matches the profile', async () => {
    await roundTrip(async (url) => {
      const target = await openPostgresTarget(url, { log: silentLogger, name: 'target' });
      try {
        await target.createSchema(expected);
      } finally {
        await target.close();
      }
    }, 'schema from the task files');
  }, 600_000);

  it('generates into the fixture schema and matches the profile', async () => {
    await roundTrip(
      (url) => runSql(url, readFixture('roundtrip-schema')).then(() => undefined),
      'fixture DDL',
    );
  }, 600_000);
});
