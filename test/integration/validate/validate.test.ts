/**
 * `doppel validate` and `doppel diff` on a real PostgreSQL database: the demo profile generated into a fresh
 * database validates (every hard check counted in the database, none broken); breaking an ordered rule and an
 * after-parent rule and filling a required field with nulls makes it fail, naming dataset, field and rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/shared/log.js';
import { openPostgresSource } from '../../../src/sources/postgres/index.js';
import type { ValidationReport } from '../../../src/validate/run-validation.js';
import { REPO_ROOT, runCliForTest } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { runSql } from '../sources/postgres/fixture-database.js';

const DEMO = join(REPO_ROOT, 'profiles/demo');
// Distribution fidelity is the round-trip test's subject (test/integration/roundtrip); here the bounds are
// opened so that the verdict turns on the hard checks and on schema drift alone.
const OPEN_BOUNDS =
  'ks=1,tv=1,nulls=100,distinct-ratio=1,length-ks=1,children-ks=1,classes=6,parent-shares=1';

describe('doppel validate on PostgreSQL', () => {
  let database: TestDatabase;
  let stateDir: string;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    stateDir = mkdtempSync(join(tmpdir(), 'doppel-validate-'));
    const generated = await runCliForTest(
      ['generate', DEMO, '--target', database.url, '--create-schema', '--scale', '0.2'],
      { DOPPEL_STATE_DIR: stateDir },
    );
    expect(generated.code, generated.stderr).toBe(EXIT.ok);
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  const validate = (...extra: string[]) =>
    runCliForTest(['--json', 'validate', DEMO, '--source', database.url, '--bounds', OPEN_BOUNDS, ...extra]);

  it('passes generated data, every hard check counted in the database', async () => {
    const run = await validate();
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const report = JSON.parse(run.stdout) as ValidationReport;
    expect(report.ok).toBe(true);
    expect(report.comparison.drift).toEqual([]);
    expect(report.comparison.metrics.length).toBeGreaterThan(0);
    const kinds = new Set(report.checks.map((check) => check.kind));
    for (const kind of ['primary-key', 'unique', 'not-null', 'reference', 'check', 'ordered', 'after-parent'])
      expect(kinds).toContain(kind);
    for (const check of report.checks) {
      expect(check.basis).toBe('query');
      expect(check.violations).toBe(0);
    }
  }, 120_000);

  it('fails once a rule is broken and a required field holds nulls, naming them', async () => {
    await runSql(
      database.url,
      `UPDATE public.customers SET updated_at = created_at - interval '3 days'
         WHERE id IN (SELECT id FROM public.customers ORDER BY id LIMIT 3);
       ALTER TABLE public.customers ALTER COLUMN last_name DROP NOT NULL;
       UPDATE public.customers SET last_name = NULL WHERE id IN (SELECT id FROM public.customers ORDER BY id DESC LIMIT 2);
       UPDATE public.payments AS c SET paid_at = p.created_at FROM public.orders AS p
         WHERE p.id = c.order_id AND c.id IN (SELECT id FROM public.payments ORDER BY id LIMIT 4);`,
    );
    const json = await validate();
    expect(json.code).toBe(EXIT.checkFailed);
    const report = JSON.parse(json.stdout) as ValidationReport;
    expect(report.ok).toBe(false);
    const broken = report.checks.filter((check) => !check.ok);
    expect(broken).toEqual([
      expect.objectContaining({
        dataset: 'public.customers',
        kind: 'not-null',
        subject: 'last_name',
        violations: 2,
      }),
      expect.objectContaining({
        dataset: 'public.customers',
        kind: 'ordered',
        subject: 'created_at <= updated_at',
        violations: 3,
      }),
      expect.objectContaining({
        dataset: 'public.payments',
        kind: 'after-parent',
        subject: 'paid_at > public.orders.created_at',
        violations: 4,
      }),
    ]);

    const human = await runCliForTest(['validate', DEMO, '--source', database.url, '--bounds', OPEN_BOUNDS]);
    expect(human.code).toBe(EXIT.checkFailed);
    expect(human.stdout).toMatch(/FAIL\s+public\.customers not-null last_name 2 rows/);
    expect(human.stdout).toMatch(/FAIL\s+public\.customers ordered created_at <= updated_at 3 rows/);
    expect(human.stderr).toContain('public.customers: not-null last_name: 2 rows');
  }, 120_000);

  it('counts a depends rule over the rows where both sides have values, as the profiler measured it', async () => {
    await runSql(
      database.url,
      `CREATE TABLE public.depots (city text, country text);
       INSERT INTO public.depots VALUES ('Paris', 'FR'), ('Paris', 'FR'), ('Lyon', 'FR'), ('Porto', 'PT'),
         ('Porto', NULL), (NULL, 'DE'), (NULL, 'PT'), ('Rome', 'IT'), ('Rome', 'SM'), ('Rome', 'IT');
       CREATE TABLE public.manuals (body xml, kind text);
       INSERT INTO public.manuals VALUES ('<a/>', 'x'), ('<a/>', 'y'), ('<b/>', 'x'), ('<b/>', 'x');`,
    );
    const session = await openPostgresSource(database.url, { log: silentLogger, name: 'validated' });
    try {
      const dataset = { name: 'public.depots', namespace: 'public', local: 'depots' };
      // Only Rome breaks it (three rows); null cities and a null country are outside the rule.
      expect(
        await session.countViolations!([
          { kind: 'depends', dataset, fields: ['city'], determines: 'country' },
        ]),
      ).toEqual([3]);
      // An xml determinant (a type without equality) is compared by its text, as the profiler compares it.
      const manuals = { name: 'public.manuals', namespace: 'public', local: 'manuals' };
      expect(
        await session.countViolations!([
          { kind: 'depends', dataset: manuals, fields: ['body'], determines: 'kind' },
        ]),
      ).toEqual([2]);
    } finally {
      await session.close();
    }
  });

  it('refuses a bounds option naming an unknown metric', async () => {
    const run = await runCliForTest(['validate', DEMO, '--source', database.url, '--bounds', 'kss=0.1']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('--bounds names "kss"');
  });
});

describe('doppel diff', () => {
  it('finds no difference between a profile and itself', async () => {
    const run = await runCliForTest(['--json', 'diff', DEMO, DEMO]);
    expect(run.code).toBe(EXIT.ok);
    const report = JSON.parse(run.stdout) as { ok: boolean; comparison: { drift: unknown[] } };
    expect(report.ok).toBe(true);
    expect(report.comparison.drift).toEqual([]);
  });

  it('reports drift between two different profiles and exits 1', async () => {
    const example = join(REPO_ROOT, 'test/fixtures/profiles/example');
    const run = await runCliForTest(['diff', DEMO, example]);
    expect(run.code).toBe(EXIT.checkFailed);
    expect(run.stdout).toContain('schema drift:');
    expect(run.stdout).toContain('dataset removed: public.addresses');
    expect(run.stderr).toMatch(/differs from .*profiles\/demo: \d+ drift items/);
  });
});
