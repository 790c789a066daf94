/**
 * The MongoDB round trip on the wire-protocol test server: the fixture profiled (every document), the task
 * files saved and loaded back, the source database dropped, generated again through `doppel generate` into
 * an address without a database (each collection goes back into the database it came from, so that the
 * qualified names match: in MongoDB the database is the namespace, and a fresh one of the same name is what
 * a fresh PostgreSQL database with the same schema is), re-profiled and compared per field within the bounds
 * of docs/validating.md; then `doppel validate --source mongodb://...` on the generated data.
 */
import { rm } from 'node:fs/promises';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileSource } from '../../../../src/profile/run.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { openMongoSource } from '../../../../src/sources/mongodb/index.js';
import type { FieldTask, Profile } from '../../../../src/tasks/index.js';
import { compareProfiles } from '../../../../src/validate/compare.js';
import { formatComparison } from '../../../../src/validate/format-comparison.js';
import type { ValidationReport } from '../../../../src/validate/run-validation.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import {
  createTestDatabase,
  resolveTestServerUrl,
  type TestDatabase,
} from '../../../helpers/test-database.js';
import { generateInto, saveAndReload } from '../../roundtrip/roundtrip-steps.js';
import { CUSTOMERS, loadMongoFixture, ORDERS } from './fixture-database.js';

/**
 * Known open gaps, as `dataset field metric` (the database name left out), each a generator limitation still
 * to fix, not a loosened bound. Dataset names carry the random database name and generation streams are keyed
 * by them, so a gap may hold in one run and not the next: these are allowed, not required.
 */
const KNOWN_GAPS = new Set<string>([
  // None: `customers tags array-tv` (0.051 to 0.056 while a rest array could come out as a kept combination)
  // holds since rest arrays are drawn until they are not kept (0.012 to 0.014).
]);

/** The fixture at 20 times its size: 6,000 customers and 12,000 orders. */
const SCALE = 20;

async function profileMongo(url: string): Promise<Profile> {
  const session = await openMongoSource(url, { log: silentLogger, name: 'roundtrip' });
  try {
    return await profileSource(session, {
      profile: 'mongo-roundtrip',
      sampling: { full: true, seconds: 600 },
      now: () => new Date('2024-01-01T00:00:00Z'),
    });
  } finally {
    await session.close();
  }
}

function fieldOf(profile: Profile, local: string, path: readonly string[]): FieldTask {
  let fields = profile.datasets.find((task) => task.dataset.local === local)?.fields;
  let found: FieldTask | undefined;
  for (const name of path) {
    found =
      fields?.find((field) => field.name === name) ?? found?.element?.fields?.find((f) => f.name === name);
    fields = found?.fields ?? found?.element?.fields;
  }
  if (found === undefined) throw new Error(`no field ${local}.${path.join('.')}`);
  return found;
}

describe('round trip on MongoDB', () => {
  let database: TestDatabase;
  let expected: Profile;
  let actual: Profile;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase('mongodb');
    const client = new MongoClient(database.url);
    try {
      await client.connect();
      await loadMongoFixture(client, database.name, SCALE);
      ({ dir, profile: expected } = await saveAndReload(await profileMongo(database.url)));
      await client.db(database.name).dropDatabase();
    } finally {
      await client.close();
    }
    await generateInto(dir, resolveTestServerUrl('mongodb'), ['--create-schema']);
    actual = (await saveAndReload(await profileMongo(database.url))).profile;
  }, 600_000);

  afterAll(async () => {
    await database?.drop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('writes every document back into the database it came from', () => {
    const rows = Object.fromEntries(actual.datasets.map((task) => [task.dataset.local, task.dataset.rows]));
    expect(rows).toEqual({ customers: CUSTOMERS * SCALE, orders: ORDERS * SCALE });
  });

  it('keeps the inferred tree: types, presence, type mix, arrays, the map and the reference', () => {
    for (const path of [
      ['_id'],
      ['score'],
      ['address'],
      ['address', 'floor'],
      ['visits'],
      ['since'],
      ['tags'],
    ])
      expect(fieldOf(actual, 'customers', path).type, path.join('.')).toEqual(
        fieldOf(expected, 'customers', path).type,
      );
    expect(fieldOf(actual, 'customers', ['address']).stats?.presence).toBeCloseTo(0.9, 1);
    expect(fieldOf(actual, 'customers', ['address', 'floor']).stats?.presence).toBeCloseTo(0.44, 1);
    expect(fieldOf(actual, 'customers', ['score']).stats?.types?.int).toBeCloseTo(0.7, 1);
    expect(fieldOf(actual, 'orders', ['votes']).map).toMatchObject({
      keys: 'objectId',
      size: { min: 1, max: 3 },
    });
    expect(fieldOf(actual, 'orders', ['items']).element?.fields?.map((field) => field.name)).toEqual([
      'sku',
      'qty',
      'price',
    ]);
    const relation = actual.datasets.find((task) => task.dataset.local === 'orders')?.relations[0];
    expect(relation).toMatchObject({
      from: { fields: ['customerId'] },
      to: { fields: ['_id'] },
      declared: false,
    });
  });

  it('compares per field within the default bounds', () => {
    const comparison = compareProfiles(expected, actual);
    const table = formatComparison(comparison);
    console.log(table);
    expect(comparison.drift, table).toEqual([]);
    expect(comparison.metrics.length).toBeGreaterThan(10);
    const failures = comparison.metrics
      .filter((metric) => !metric.ok)
      .map(
        (metric) => `${metric.dataset.slice(database.name.length + 1)} ${metric.subject} ${metric.metric}`,
      );
    expect(
      failures.filter((failure) => !KNOWN_GAPS.has(failure)),
      table,
    ).toEqual([]);
  });

  it('doppel validate --source mongodb:// passes the generated data, its hard checks read from the re-profile', async () => {
    const run = await runCliForTest(['--json', 'validate', dir, '--source', database.url]);
    const report = JSON.parse(run.stdout) as ValidationReport;
    expect(report.comparison.drift).toEqual([]);
    const kinds = new Set(report.checks.map((check) => check.kind));
    // Inferred relations are not hard checks (the source itself may have exceptions): the references are
    // compared through children-ks above, and generate.test.ts checks that each one resolves.
    for (const kind of ['primary-key', 'unique', 'not-null']) expect(kinds).toContain(kind);
    // A re-profile shows nulls and repeated keys; rules (children after their parent) are left unchecked.
    for (const check of report.checks)
      if (check.basis === 'unchecked')
        expect(check.kind).toMatch(/^(ordered|depends|expression|after-parent)$/);
      else expect(check.violations, check.kind).toBe(0);
    expect(run.code, formatComparison(report.comparison)).toBe(report.ok ? 0 : 1);
  });
});
