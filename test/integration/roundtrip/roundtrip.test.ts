/**
 * The main correctness test: source -> profile -> task files -> generate -> load into a fresh database ->
 * re-profile -> compare. The fixture (test/fixtures/postgres/roundtrip-*.sql) has skewed categorical values,
 * log-normal amounts, dates over ranges, nulls, skewed children per parent, composite keys, a foreign-key
 * cycle, a dense many-to-many table keyed by its two references and a set-like text array (products.colors);
 * every compared table holds at least 5,000 rows, except the small lookup tables that make the skew across
 * few parents. The load succeeding is the
 * constraint test (keys, foreign keys including the cycle, checks, not-null), also at `--scale 3`; the
 * comparison is the distribution test.
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
 */
const KNOWN_GAPS = new Set<string>([]);

/**
 * Open at `--scale 3` only, the same way (none now: the customers of customer_tags spread wider, 0.125, while
 * the two dense tags were stretched over six; the tags are a lookup table now, so the two stay two: 0.0015).
 */
const SCALE_GAPS = new Set<string>([]);

function listFailures(comparison: Comparison): string[] {
  return comparison.metrics
    .filter((metric) => !metric.ok)
    .map((metric) => `${metric.dataset} ${metric.subject} ${metric.metric}`);
}

/** Lookup tables kept small on purpose: their children are what the skew across few parents is about. */
const LOOKUP_TABLES = ['rt.tags', 'rt.warehouses'];

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
  for (const metric of ['ks', 'tv', 'nulls', 'children-ks', 'parent-shares', 'array-tv'] as const)
    expect(metrics.has(metric)).toBe(true);
  expect(comparison.drift).toEqual([]);
  const failures = listFailures(comparison);
  expect(failures.filter((failure) => !KNOWN_GAPS.has(failure))).toEqual([]);
  // Known gaps still open (when one starts passing, remove it from KNOWN_GAPS).
  for (const gap of KNOWN_GAPS) expect(failures, gap).toContain(gap);
}

describe('round trip on PostgreSQL', () => {
  it('profiles at least 5,000 rows in every compared table but the lookup tables', () => {
    for (const task of expected.datasets)
      if (!LOOKUP_TABLES.includes(task.dataset.name))
        expect(task.dataset.rows, task.dataset.name).toBeGreaterThanOrEqual(5000);
    expect(expected.datasets.map((task) => task.dataset.name).sort()).toEqual([
      'rt.customer_tags',
      'rt.customers',
      'rt.departments',
      'rt.employees',
      'rt.order_lines',
      'rt.orders',
      'rt.products',
      'rt.tags',
      'rt.warehouses',
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

  it('loads at --scale 3 into the fixture schema: keys made of references stay unique', async () => {
    const target = await createTestDatabase('postgres');
    databases.push(target);
    await runSql(target.url, readFixture('roundtrip-schema'));
    await generateInto(dir, target.url, ['--scale', '3']);
    const counts = await countRows(target.url, expected);
    // Lookup tables (tags, warehouses) keep their rows; their children triple instead.
    expect(
      expected.datasets.filter((task) => task.dataset.lookup === true).map((task) => task.dataset.name),
    ).toEqual(['rt.tags', 'rt.warehouses']);
    for (const task of expected.datasets)
      expect(counts[task.dataset.name], task.dataset.name).toBe(
        task.dataset.lookup === true ? task.dataset.rows : Math.round(task.dataset.rows * 3),
      );
    for (const [relation, orphans] of Object.entries(await countOrphans(target.url, expected)))
      expect(orphans, relation).toBe(0);
    // Children per parent and the ranked parent shares hold at any scale (the few-parent shares stretched).
    const actual = (await saveAndReload(await profileDatabase(target.url, 'roundtrip'))).profile;
    const comparison = compareProfiles(expected, actual);
    const relations = comparison.metrics.filter(
      (metric) => metric.metric === 'children-ks' || metric.metric === 'parent-shares',
    );
    console.log(
      `round trip (--scale 3), relations:\n${formatComparison({ ...comparison, metrics: relations })}`,
    );
    expect(relations.some((metric) => metric.metric === 'parent-shares')).toBe(true);
    const failures = listFailures({ metrics: relations, drift: [], ok: true });
    expect(failures.filter((failure) => !SCALE_GAPS.has(failure))).toEqual([]);
    for (const gap of SCALE_GAPS) expect(failures, gap).toContain(gap);
  }, 600_000);
});
