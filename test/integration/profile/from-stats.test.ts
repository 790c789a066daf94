/**
 * `doppel profile --from-stats`: a profile built from PostgreSQL's own statistics (`pg_class`, `pg_stats`).
 * The server's statement log proves that no table row is read; planted values below k and personal text never
 * reach the task files; a table never analyzed stops the run unless `--from-stats=fallback` samples it; and
 * the round-trip fixture's stats-only profile loads into a fresh copy of its schema (references to its small
 * lookup tables keep their parent shares), with its per-field metrics printed beside those of a sampled profile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileSource } from '../../../src/profile/run.js';
import { silentLogger } from '../../../src/shared/log.js';
import { openPostgresSource } from '../../../src/sources/postgres/index.js';
import { loadProfile, type Profile } from '../../../src/tasks/index.js';
import { compareProfiles } from '../../../src/validate/compare.js';
import { formatComparison } from '../../../src/validate/format-comparison.js';
import { runCliForTest } from '../../helpers/run-cli.js';
import { withLoggedReader } from '../../helpers/statement-log.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import {
  countOrphans,
  countRows,
  generateInto,
  profileDatabase,
  saveAndReload,
} from '../roundtrip/roundtrip-steps.js';
import { readFixture, runSql } from '../sources/postgres/fixture-database.js';
import { expectNoCanary, loadShopFixture, readAllFiles } from './shop-fixture.js';

const databases: TestDatabase[] = [];
let shop: TestDatabase;
let folder: string;

beforeAll(async () => {
  shop = await createTestDatabase('postgres');
  databases.push(shop);
  await loadShopFixture(shop.url);
  await runSql(shop.url, 'ANALYZE');
  folder = await mkdtemp(join(tmpdir(), 'doppel-from-stats-'));
}, 120_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

describe('profile --from-stats', () => {
  it('reads no table row: every statement of the run reads the catalog or the statistics', async () => {
    const out = join(folder, 'logged');
    let code = -1;
    const statements = await withLoggedReader(shop.url, ['public'], async (url) => {
      code = (await runCliForTest(['profile', url, '--out', out, '--from-stats'])).code;
    });
    expect(code).toBe(0);
    expect(statements.some((statement) => statement.includes('pg_stats'))).toBe(true);
    const tables = (await loadProfile(out)).datasets.map((task) => task.dataset.local);
    expect(tables).toContain('customers');
    // A statement reading rows names a table of the fixture; statistics and catalog queries name none.
    const readsRows = (statement: string) =>
      tables.some((table) =>
        new RegExp(`\\b(FROM|JOIN)\\s+(ONLY\\s+)?("?public"?\\.)?"?${table}"?\\b`, 'i').test(statement),
      );
    expect(statements.filter(readsRows)).toEqual([]);
    expect(statements.filter((statement) => /^(COPY|DECLARE|FETCH)\b/.test(statement))).toEqual([]);
    const sampling = (await loadProfile(out)).datasets.map((task) => task.sampling.method);
    expect(new Set(sampling)).toEqual(new Set(['statistics']));
  });

  it('leaks no canary: planted values below k and personal text stay out of the task files', async () => {
    const out = join(folder, 'planted');
    const run = await runCliForTest([
      '--log-level',
      'debug',
      'profile',
      shop.url,
      '--out',
      out,
      '--from-stats',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const files = await readAllFiles(out);
    expect(files).toContain('public.customers');
    expect(files).toContain('method: statistics');
    expectNoCanary(files);
    expectNoCanary(run.stdout + run.stderr);
  });

  it('stops on a table never analyzed, naming it, unless --from-stats=fallback samples it', async () => {
    const fresh = await createTestDatabase('postgres');
    databases.push(fresh);
    await runSql(
      fresh.url,
      `CREATE TABLE analyzed (id integer PRIMARY KEY, status text);
       INSERT INTO analyzed SELECT g, (ARRAY['open', 'closed'])[1 + g % 2] FROM generate_series(1, 500) g;
       ANALYZE analyzed;
       CREATE TABLE "Never_Analyzed" (id integer PRIMARY KEY, label text);
       INSERT INTO "Never_Analyzed" SELECT g, 'label ' || g FROM generate_series(1, 50) g;`,
    );
    const refused = await runCliForTest([
      'profile',
      fresh.url,
      '--out',
      join(folder, 'refused'),
      '--from-stats',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('public.Never_Analyzed');
    expect(refused.stderr).toContain('ANALYZE');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const out = join(folder, 'fallback');
    const fallback = await runCliForTest(['profile', fresh.url, '--out', out, '--from-stats=fallback']);
    expect(fallback.code, fallback.stderr).toBe(0);
    const methods = Object.fromEntries(
      (await loadProfile(out)).datasets.map((task) => [task.dataset.local, task.sampling.method]),
    );
    expect(methods).toEqual({ analyzed: 'statistics', Never_Analyzed: 'full' });
  });

  it('loads the round-trip fixture from a stats-only profile; metrics printed beside a sampled profile', async () => {
    const source = await createTestDatabase('postgres');
    databases.push(source);
    await runSql(
      source.url,
      `${readFixture('roundtrip-schema')}\n${readFixture('roundtrip-data')}\nANALYZE;`,
    );
    const truth = await profileDatabase(source.url, 'roundtrip');
    const session = await openPostgresSource(source.url, { log: silentLogger, name: 'roundtrip' });
    let fromStats: Profile;
    let sampled: Profile;
    try {
      fromStats = await profileSource(session, { profile: 'roundtrip', statistics: 'only' });
      sampled = await profileSource(session, { profile: 'roundtrip', sampling: { rows: 1000 } });
    } finally {
      await session.close();
    }
    // References to the small lookup tables keep their ranked parent shares from the common values.
    const shared = fromStats.datasets
      .flatMap((task) => task.relations)
      .filter((relation) => relation.cardinality?.parent_shares !== undefined)
      .map((relation) => relation.to.dataset);
    expect(shared).toEqual(expect.arrayContaining(['rt.tags', 'rt.warehouses']));
    const failing: Record<string, number> = {};
    for (const [name, profile] of [
      ['from statistics', fromStats],
      ['sampled (1,000 rows)', sampled],
    ] as const) {
      const reloaded = await saveAndReload(profile);
      const target = await createTestDatabase('postgres');
      databases.push(target);
      await runSql(target.url, readFixture('roundtrip-schema'));
      await generateInto(reloaded.dir, target.url);
      const counts = await countRows(target.url, reloaded.profile);
      for (const task of reloaded.profile.datasets)
        expect(counts[task.dataset.name], task.dataset.name).toBe(task.dataset.rows);
      for (const [relation, orphans] of Object.entries(await countOrphans(target.url, reloaded.profile)))
        expect(orphans, relation).toBe(0);
      const comparison = compareProfiles(truth, await profileDatabase(target.url, 'roundtrip'));
      console.log(`--from-stats round trip, ${name}:\n${formatComparison(comparison)}`);
      failing[name] = comparison.metrics.filter((metric) => !metric.ok).length;
      expect(comparison.metrics.length).toBeGreaterThan(50);
    }
    console.log(`metrics out of bounds against the source: ${JSON.stringify(failing)}`);
  }, 600_000);
});
