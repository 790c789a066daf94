/**
 * `doppel generate` into a real, fresh PostgreSQL database for every cycle strategy the planner picks:
 * a nullable self-reference and a null-then-update cycle (loaded null, then updated in the same
 * transaction), a deferrable cycle (deferred constraints) and a cycle that needs disabled triggers (as
 * superuser, and refused without, naming the cycle and the privilege).
 */
import { describe, expect, it } from 'vitest';
import { query, useCyclesSuite } from './cycles-profile.js';

const suite = useCyclesSuite();
const freshTarget = () => suite.freshTarget();

const ROWS = [
  '--rows',
  'shop.employees=300',
  '--rows',
  'shop.teams=40',
  '--rows',
  'shop.members=200',
  '--rows',
  'shop.carts=50',
  '--rows',
  'shop.owners=50',
  '--rows',
  'shop.left_side=60',
  '--rows',
  'shop.right_side=60',
];

describe('cycles into PostgreSQL', () => {
  it('plans each cycle with its strategy', async () => {
    const run = await suite.setup.doppel([
      '--json',
      'generate',
      suite.setup.profileDir,
      '--target',
      'postgres://x@127.0.0.1/none',
      '--dry-run',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { plan: { cycles: { datasets: string[]; strategy: string }[] } };
    const strategies = Object.fromEntries(
      result.plan.cycles.map((cycle) => [cycle.datasets.join(','), cycle.strategy]),
    );
    expect(strategies).toEqual({
      'shop.employees': 'self-reference',
      'shop.members,shop.teams': 'null-then-update',
      'shop.carts,shop.owners': 'deferred',
      'shop.left_side,shop.right_side': 'disable-triggers',
    });
  });

  it('loads every cycle with all references set and valid', async () => {
    const target = await freshTarget();
    const run = await suite.setup.doppel([
      '--json',
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      '--create-schema',
      ...ROWS,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/shop\.members: 200\/200 rows, [\d,]+ rows\/s/);
    const counts = await query<{ name: string; count: string }>(
      target.url,
      `SELECT 'employees' AS name, count(*) FROM shop.employees UNION ALL SELECT 'teams', count(*) FROM shop.teams
       UNION ALL SELECT 'members', count(*) FROM shop.members UNION ALL SELECT 'carts', count(*) FROM shop.carts
       UNION ALL SELECT 'owners', count(*) FROM shop.owners UNION ALL SELECT 'left', count(*) FROM shop.left_side
       UNION ALL SELECT 'right', count(*) FROM shop.right_side`,
    );
    expect(Object.fromEntries(counts.map((row) => [row.name, Number(row.count)]))).toEqual({
      employees: 300,
      teams: 40,
      members: 200,
      carts: 50,
      owners: 50,
      left: 60,
      right: 60,
    });
    // The updated references exist and are not all null (the profile has them 1/30 and 0 null).
    const [references] = await query<{ managers: string; leads: string; broken: string }>(
      target.url,
      `SELECT (SELECT count(manager_id) FROM shop.employees) AS managers,
              (SELECT count(lead_id) FROM shop.teams) AS leads,
              (SELECT count(*) FROM shop.teams t WHERE lead_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM shop.members m WHERE m.id = t.lead_id)) AS broken`,
    );
    expect(Number(references?.managers)).toBeGreaterThan(250);
    expect(Number(references?.leads)).toBe(40);
    expect(Number(references?.broken)).toBe(0);
    // Disabled triggers were enabled again.
    const disabled = await query(target.url, `SELECT tgname FROM pg_trigger WHERE tgenabled = 'D'`);
    expect(disabled).toEqual([]);
  });

  it('refuses a non-deferrable, non-nullable cycle without superuser, naming the cycle and the privilege', async () => {
    const target = await freshTarget();
    const role = `doppel_plain_${target.name.slice(-8)}`;
    await suite.setup.doppel([
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      '--create-schema',
      '--only',
      'shop.employees',
      '--rows',
      'shop.employees=0',
    ]);
    await query(
      target.url,
      `CREATE ROLE ${role} LOGIN; GRANT USAGE ON SCHEMA shop TO ${role}; GRANT ALL ON ALL TABLES IN SCHEMA shop TO ${role};`,
    );
    try {
      const url = new URL(target.url);
      url.username = role;
      const run = await suite.setup.doppel([
        'generate',
        suite.setup.profileDir,
        '--target',
        url.toString(),
        '--only',
        'shop.left_side',
        '--only',
        'shop.right_side',
        ...ROWS,
      ]);
      expect(run.code).toBe(6);
      expect(run.stderr).toContain('shop.left_side → shop.right_side needs superuser privilege');
      const [rows] = await query<{ count: string }>(target.url, 'SELECT count(*) FROM shop.left_side');
      expect(Number(rows?.count)).toBe(0);
    } finally {
      await query(
        target.url,
        `REVOKE ALL ON ALL TABLES IN SCHEMA shop FROM ${role}; REVOKE USAGE ON SCHEMA shop FROM ${role}; DROP ROLE ${role}`,
      );
    }
  });
});
