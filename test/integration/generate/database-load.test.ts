/**
 * `doppel generate` into a real PostgreSQL database: --dry-run writes nothing, a failure in a late table
 * leaves nothing behind (one transaction), --mode truncate empties referenced tables together with their
 * children, and --respect-existing loads again without colliding with the rows already there.
 */
import { describe, expect, it } from 'vitest';
import { createGeneration } from '../../../src/generate/engine.js';
import { loadProfile } from '../../../src/tasks/index.js';
import { query, useCyclesSuite } from './cycles-profile.js';

const suite = useCyclesSuite();
const freshTarget = () => suite.freshTarget();

const SMALL = ['--rows', 'shop.teams=20', '--rows', 'shop.members=80', '--rows', 'shop.employees=50'];
const ONLY = ['--only', 'shop.teams', '--only', 'shop.members', '--only', 'shop.employees'];

/** The emails the run with SMALL row counts generates for its first `count` members. */
async function generatedEmails(count: number): Promise<string[]> {
  const profile = await loadProfile(suite.setup.profileDir);
  const generation = createGeneration(profile, {
    seed: 1,
    rows: { 'shop.teams': 20, 'shop.members': 80, 'shop.employees': 50 },
  });
  const members = generation.dataset('shop.members');
  return Array.from({ length: count }, (_, index) => String(members.valueAt('email', index)));
}

async function countRows(url: string): Promise<Record<string, number>> {
  const rows = await query<{ name: string; count: string }>(
    url,
    `SELECT 'teams' AS name, count(*) FROM shop.teams UNION ALL SELECT 'members', count(*) FROM shop.members
     UNION ALL SELECT 'employees', count(*) FROM shop.employees`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.count)]));
}

describe('database loads', () => {
  it('prints the plan on --dry-run and writes nothing', async () => {
    const target = await freshTarget();
    const run = await suite.setup.doppel([
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      '--create-schema',
      '--dry-run',
      ...SMALL,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('(nothing written)');
    expect(run.stdout).toMatch(/shop\.members: 80 rows/);
    expect(await query(target.url, `SELECT 1 FROM pg_namespace WHERE nspname = 'shop'`)).toEqual([]);
  });

  it('leaves nothing behind when a late table fails (one transaction)', async () => {
    const target = await freshTarget();
    // Schema only, then a row that the generated members will collide with (its email is the one the run makes).
    expect(
      (
        await suite.setup.doppel([
          'generate',
          suite.setup.profileDir,
          '--target',
          target.url,
          '--create-schema',
          ...ONLY,
          '--rows',
          'shop.teams=0',
          '--rows',
          'shop.members=0',
          '--rows',
          'shop.employees=0',
        ])
      ).code,
    ).toBe(0);
    const [firstEmail] = await generatedEmails(1);
    await query(
      target.url,
      `INSERT INTO shop.teams VALUES (999999, 'kept', NULL); INSERT INTO shop.members VALUES (999999, '${firstEmail}', 999999)`,
    );
    const run = await suite.setup.doppel([
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      ...ONLY,
      ...SMALL,
    ]);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('shop.members');
    expect(await countRows(target.url)).toEqual({ teams: 1, members: 1, employees: 0 });
  });

  it('truncates referenced tables together with their children', async () => {
    const target = await freshTarget();
    expect(
      (
        await suite.setup.doppel([
          'generate',
          suite.setup.profileDir,
          '--target',
          target.url,
          '--create-schema',
          ...ONLY,
          ...SMALL,
        ])
      ).code,
    ).toBe(0);
    const run = await suite.setup.doppel([
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      '--mode',
      'truncate',
      ...ONLY,
      ...SMALL,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(await countRows(target.url)).toEqual({ teams: 20, members: 80, employees: 50 });
  });

  it('loads again without collisions under --respect-existing', async () => {
    const target = await freshTarget();
    expect(
      (
        await suite.setup.doppel([
          'generate',
          suite.setup.profileDir,
          '--target',
          target.url,
          '--create-schema',
          ...ONLY,
          ...SMALL,
        ])
      ).code,
    ).toBe(0);
    // A row the profile did not write, with a key and an email past and inside the generated ranges.
    await query(target.url, `INSERT INTO shop.teams VALUES (5000, 'manual', NULL)`);
    const run = await suite.setup.doppel([
      '--json',
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      '--respect-existing',
      ...ONLY,
      ...SMALL,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(await countRows(target.url)).toEqual({ teams: 41, members: 160, employees: 100 });
    const [duplicates] = await query<{ emails: string; broken: string }>(
      target.url,
      `SELECT (SELECT count(*) - count(DISTINCT email) FROM shop.members) AS emails,
              (SELECT count(*) FROM shop.employees e WHERE manager_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM shop.employees m WHERE m.id = e.manager_id)) AS broken`,
    );
    expect(Number(duplicates?.emails)).toBe(0);
    expect(Number(duplicates?.broken)).toBe(0);
  });

  it('shifts unique values that collide with rows already in the target', async () => {
    const target = await freshTarget();
    expect(
      (
        await suite.setup.doppel([
          'generate',
          suite.setup.profileDir,
          '--target',
          target.url,
          '--create-schema',
          ...ONLY,
          '--rows',
          'shop.teams=0',
          '--rows',
          'shop.members=0',
          '--rows',
          'shop.employees=0',
        ])
      ).code,
    ).toBe(0);
    const emails = await generatedEmails(3);
    await query(
      target.url,
      `INSERT INTO shop.teams VALUES (900001, 'kept', NULL);
       INSERT INTO shop.members VALUES ${emails.map((email, index) => `(${900001 + index}, '${email}', 900001)`).join(', ')}`,
    );
    const run = await suite.setup.doppel([
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      '--respect-existing',
      ...ONLY,
      ...SMALL,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const [members] = await query<{ count: string; distinct: string }>(
      target.url,
      'SELECT count(*) AS count, count(DISTINCT email) AS distinct FROM shop.members',
    );
    expect(Number(members?.count)).toBe(83);
    expect(Number(members?.distinct)).toBe(83);
  });

  it('says how to load shards level by level when a shard references parents another shard writes', async () => {
    const target = await freshTarget();
    const one = await suite.setup.doppel([
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      '--create-schema',
      '--shard',
      '0/2',
      ...ONLY,
      ...SMALL,
    ]);
    expect(one.code).toBe(6);
    expect(one.stderr).toContain('foreign key');
    expect(one.stderr).toContain('level by level on every shard');
  });
});
