/**
 * The MariaDB round trip on a schema shaped like real ones (the rich fixture: upper-case and hostile names,
 * a junction table with a composite key, a self-reference, enum and set, unsigned integers of every width,
 * bit, year, time, json, generated and auto_increment columns, checks, spatial columns): source → profile → task files →
 * generate into a fresh database with --create-schema → re-profile → compare within the default bounds.
 * `doppel validate` on the database generated into; then what the run leaves: auto_increment counters past
 * the generated keys, and `doppel clean` removing exactly the generated rows.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileSource } from '../../../../src/profile/run.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { openMysqlSource } from '../../../../src/sources/mysql/index.js';
import type { Profile } from '../../../../src/tasks/index.js';
import { compareProfiles } from '../../../../src/validate/compare.js';
import { formatComparison } from '../../../../src/validate/format-comparison.js';
import type { ValidationReport } from '../../../../src/validate/run-validation.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { saveAndReload } from '../../roundtrip/roundtrip-steps.js';
import { RICH_SCHEMA, runStatements } from './fixture-database.js';

/**
 * The rich fixture's tables (not its MyISAM table or its view), and two with spatial columns as sakila has
 * them (a point per store under a SPATIAL index; a nullable point beside a blob, which are written by INSERT
 * rather than LOAD DATA), with rows.
 */
const SCHEMA = [
  ...RICH_SCHEMA.filter((statement) => !/ENGINE=MyISAM|CREATE VIEW/.test(statement)),
  `CREATE TABLE Stores (
     id smallint unsigned NOT NULL AUTO_INCREMENT,
     name varchar(40) NOT NULL,
     location geometry NOT NULL,
     PRIMARY KEY (id),
     SPATIAL KEY ix_location (location)
   )`,
  'CREATE TABLE Depots (id smallint unsigned NOT NULL, dock point NULL, logo blob NULL, PRIMARY KEY (id))',
];
const ROWS: readonly string[] = [
  `INSERT INTO Customers (Email, FullName, Tier, Tags, Active, Created)
   SELECT CONCAT('c', seq, '@corp', seq % 3, '.example'), CONCAT(ELT(1 + seq % 4, 'Ada', 'Bo', 'Cy', 'Di'), ' ', seq),
     ELT(1 + seq % 5, 'free', 'free', 'pro', 'pro', 'enterprise'), ELT(1 + seq % 4, 'a', 'a,b', 'c', NULL), seq % 3 > 0,
     '2024-01-01' + INTERVAL seq HOUR
   FROM seq_1_to_1200`,
  `INSERT INTO \`order\` (customer_id, total, discount, weight, ratio, flags, year_made, shipped, at_time, payload,
     small, medium, signed_small, code)
   SELECT 1 + seq * 7 % 1200, ROUND(10 + seq * 37 % 900 + 0.25, 2), seq % 10, seq / 7, seq / 13, seq % 32,
     1990 + seq % 30, IF(seq % 5 = 0, NULL, '2024-01-01' + INTERVAL seq % 300 DAY), SEC_TO_TIME(seq * 37 % 86400),
     JSON_OBJECT('k', seq % 5), seq % 200, seq * 13 % 16000000, CAST(seq % 600 AS SIGNED) - 300, UNHEX(LPAD(HEX(seq), 8, '0'))
   FROM seq_1_to_3000`,
  `INSERT INTO \`weird \`\` näme\` (\`sélect\`, \`from\`, \`Parent\`)
   SELECT seq, CONCAT('w', seq % 10), IF(seq <= 5, NULL, 1 + seq % 5) FROM seq_1_to_1000`,
  "INSERT INTO Tags (id, label) SELECT seq, CONCAT('tag', seq) FROM seq_1_to_8",
  'INSERT INTO order_tags (order_id, tag_id) SELECT o.seq, t.seq FROM seq_1_to_3000 o JOIN seq_1_to_8 t ON (o.seq + t.seq) % 3 = 0',
  `INSERT INTO Stores (name, location)
   SELECT CONCAT('Store ', seq), ST_GeomFromText(CONCAT('POINT(', seq * 0.0731 - 120.5, ' ', 30 + seq * 0.0137, ')'))
   FROM seq_1_to_1000`,
  `INSERT INTO Depots (id, dock, logo)
   SELECT seq, IF(seq % 4 = 0, NULL, POINT(seq % 90, 45 - seq % 45)), IF(seq % 2 = 0, UNHEX('89504E47'), NULL)
   FROM seq_1_to_1000`,
  'ANALYZE TABLE Customers, `order`, `weird `` näme`, Tags, order_tags, Stores, Depots',
];
const CANONICAL = 'shop';
/**
 * Known open gaps (`dataset subject metric`), each a generator limitation seen on this fixture and not a
 * loosened bound (the MariaDB sink writes what the generator makes): the test fails once one holds, so the
 * entry goes with the fix.
 */
const KNOWN_GAPS = new Set<string>([]);

let source: TestDatabase;
let fresh: TestDatabase;
let dir: string;
let expected: Profile;

async function profileAll(database: TestDatabase): Promise<Profile> {
  const session = await openMysqlSource(database.url, { log: silentLogger, name: 'shop' });
  try {
    const profile = await profileSource(session, {
      profile: 'shop',
      sampling: { full: true, seconds: 600 },
      now: () => new Date('2024-01-01T00:00:00Z'),
    });
    return renameNamespace(profile, database.name, CANONICAL);
  } finally {
    await session.close();
  }
}

/** Dataset names under one namespace whatever the database is called (see the contract suite). */
function renameNamespace(profile: Profile, from: string, to: string): Profile {
  const text = JSON.stringify(profile).replaceAll(`"${from}.`, `"${to}.`).replaceAll(`"${from}"`, `"${to}"`);
  const renamed = JSON.parse(text) as Profile;
  return renamed;
}

async function query<R>(url: string, sql: string): Promise<R[]> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await connection.query(sql);
    return rows as R[];
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  source = await createTestDatabase('mysql');
  fresh = await createTestDatabase('mysql');
  await runStatements(source.url, [...SCHEMA, ...ROWS]);
  const saved = await saveAndReload(await profileAll(source));
  dir = saved.dir;
  expected = saved.profile;
});

afterAll(async () => {
  await source?.drop();
  await fresh?.drop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('round trip on MariaDB', () => {
  const state = join(tmpdir(), `doppel-mysql-roundtrip-state-${process.pid}`);
  const doppel = (args: readonly string[]) => runCliForTest(args, { DOPPEL_STATE_DIR: state });

  it('generates into a fresh database with its schema, and re-profiles within the default bounds', async () => {
    const run = await doppel(['generate', dir, '--target', fresh.url, '--seed', '7', '--create-schema']);
    expect(run.code, run.stderr).toBe(0);
    const actual = await profileAll(fresh);
    for (const task of expected.datasets)
      expect(
        actual.datasets.find((other) => other.dataset.name === task.dataset.name)?.dataset.rows,
        task.dataset.name,
      ).toBe(task.dataset.rows);
    const comparison = compareProfiles(expected, actual);
    expect(comparison.drift, formatComparison(comparison)).toEqual([]);
    const failures = comparison.metrics
      .filter(
        (metric) =>
          !metric.ok &&
          (expected.datasets.find((task) => task.dataset.name === metric.dataset)?.dataset.rows ?? 0) >= 1000,
      )
      .map((metric) => `${metric.dataset} ${metric.subject} ${metric.metric}`);
    expect(
      failures.filter((failure) => !KNOWN_GAPS.has(failure)),
      formatComparison(comparison),
    ).toEqual([]);
    for (const gap of KNOWN_GAPS)
      expect(failures, `${gap} now holds: remove it from KNOWN_GAPS`).toContain(gap);
  });

  it('validates the generated data in the database generate wrote it to (not the profiled one)', async () => {
    // Distributions are the test above's subject: here the bounds are open and the verdict turns on finding
    // the datasets, schema drift and the hard checks.
    const open =
      'ks=1,tv=1,nulls=100,distinct-ratio=1,length-ks=1,children-ks=1,classes=6,parent-shares=1,case=1';
    const run = await doppel(['--json', 'validate', dir, '--source', fresh.url, '--bounds', open]);
    const report = JSON.parse(run.stdout) as ValidationReport;
    expect(report.comparison.drift).toEqual([]);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    for (const check of report.checks) expect(check.basis, check.subject).toBe('query');
    expect(report.checks.map((check) => check.dataset)).toContain(`${fresh.name}.Customers`);
    expect(run.code, run.stderr).toBe(0);
  });

  it('writes spatial values as geometries, by LOAD DATA and by INSERT', async () => {
    const stores = await query<{ points: number }>(
      fresh.url,
      "SELECT COUNT(*) AS points FROM Stores WHERE ST_GeometryType(location) = 'POINT'",
    );
    expect(Number(stores[0]?.points)).toBe(1000);
    const depots = await query<{ points: number; empty: number }>(
      fresh.url,
      "SELECT SUM(ST_GeometryType(dock) = 'POINT') AS points, SUM(dock IS NULL) AS empty FROM Depots",
    );
    expect(Number(depots[0]?.points) + Number(depots[0]?.empty)).toBe(1000);
    expect(Number(depots[0]?.empty)).toBeGreaterThan(150);
    expect(Number(depots[0]?.empty)).toBeLessThan(350);
  });

  it('leaves auto_increment past the generated keys', async () => {
    const [before] = await query<{ top: number }>(fresh.url, 'SELECT MAX(ID) AS top FROM Customers');
    await query(fresh.url, "INSERT INTO Customers (Email) VALUES ('after-the-run@corp.example')");
    const [after] = await query<{ id: number }>(
      fresh.url,
      "SELECT ID AS id FROM Customers WHERE Email = 'after-the-run@corp.example'",
    );
    expect(Number(after?.id)).toBeGreaterThan(Number(before?.top));
    await query(fresh.url, "DELETE FROM Customers WHERE Email = 'after-the-run@corp.example'");
  });

  it('cleans what it generated, children first, and nothing else', async () => {
    await query(fresh.url, "INSERT INTO Tags (id, label) VALUES (99, 'kept')");
    const run = await doppel(['clean', '--target', fresh.url]);
    expect(run.code, run.stderr).toBe(0);
    const counts = await query<{ name: string; n: number }>(
      fresh.url,
      `SELECT 'customers' AS name, COUNT(*) AS n FROM Customers UNION ALL SELECT 'order', COUNT(*) FROM \`order\`
       UNION ALL SELECT 'weird', COUNT(*) FROM \`weird \`\` näme\` UNION ALL SELECT 'tags', COUNT(*) FROM Tags
       UNION ALL SELECT 'order_tags', COUNT(*) FROM order_tags`,
    );
    expect(Object.fromEntries(counts.map((row) => [row.name, Number(row.n)]))).toEqual({
      customers: 0,
      order: 0,
      weird: 0,
      tags: 1,
      order_tags: 0,
    });
  });
});
