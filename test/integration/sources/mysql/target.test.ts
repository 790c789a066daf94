/**
 * The MariaDB target where it must hold its ground: a profile taken on PostgreSQL (every kind of foreign-key
 * cycle) generated into MariaDB with --create-schema; a cycle whose rows break a reference, caught by the
 * verification before commit and rolled back; a table on a non-transactional engine refused before a row is
 * written; a bulk load with a duplicate key failing instead of skipping the row; a cancelled bulk load leaving nothing; a --create-schema that fails
 * halfway leaving no table behind; --mode truncate emptying in the run's transaction.
 */
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../../src/catalog/values.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { type MysqlTarget, openMysqlTarget } from '../../../../src/sources/mysql/index.js';
import { type DatasetTask, loadProfile } from '../../../../src/tasks/index.js';
import { useCyclesSuite } from '../../generate/cycles-profile.js';

const suite = useCyclesSuite();

const ROWS = ['shop.employees=300', 'shop.teams=40', 'shop.members=200', 'shop.carts=50', 'shop.owners=50']
  .concat(['shop.left_side=60', 'shop.right_side=60'])
  .flatMap((entry) => ['--rows', entry]);

async function query<R = Record<string, unknown>>(url: string, sql: string): Promise<R[]> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await connection.query(sql);
    return rows as R[];
  } finally {
    await connection.end();
  }
}

async function countTables(url: string, name: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    url,
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${name}' ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

async function* rowsOf(rows: readonly Row[]): AsyncGenerator<Row> {
  yield* rows;
}

describe('a PostgreSQL profile generated into MariaDB', () => {
  it('creates the schema and loads every cycle with all references set and valid', async () => {
    const target = await suite.freshTarget('mysql');
    const run = await suite.setup.doppel([
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      '--create-schema',
      ...ROWS,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const counts = await query<{ name: string; n: number }>(
      target.url,
      `SELECT 'employees' AS name, COUNT(*) AS n FROM employees UNION ALL SELECT 'teams', COUNT(*) FROM teams
       UNION ALL SELECT 'members', COUNT(*) FROM members UNION ALL SELECT 'carts', COUNT(*) FROM carts
       UNION ALL SELECT 'owners', COUNT(*) FROM owners UNION ALL SELECT 'left', COUNT(*) FROM left_side
       UNION ALL SELECT 'right', COUNT(*) FROM right_side`,
    );
    expect(Object.fromEntries(counts.map((row) => [row.name, Number(row.n)]))).toEqual({
      employees: 300,
      teams: 40,
      members: 200,
      carts: 50,
      owners: 50,
      left: 60,
      right: 60,
    });
    const [references] = await query<{ managers: number; leads: number; broken: number; foreign: number }>(
      target.url,
      `SELECT (SELECT COUNT(manager_id) FROM employees) AS managers, (SELECT COUNT(lead_id) FROM teams) AS leads,
              (SELECT COUNT(*) FROM owners o WHERE NOT EXISTS (SELECT 1 FROM carts c WHERE c.id = o.cart_id))
            + (SELECT COUNT(*) FROM left_side l WHERE NOT EXISTS (SELECT 1 FROM right_side r WHERE r.id = l.right_id))
            + (SELECT COUNT(*) FROM right_side r WHERE NOT EXISTS (SELECT 1 FROM left_side l WHERE l.id = r.left_id)) AS broken,
              (SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()) AS \`foreign\``,
    );
    expect(Number(references?.managers)).toBeGreaterThan(250);
    expect(Number(references?.leads)).toBe(40);
    expect(Number(references?.broken)).toBe(0);
    // Every foreign key of the PostgreSQL schema exists on MariaDB, and every table is InnoDB.
    expect(Number(references?.foreign)).toBe(7);
    const engines = await query<{ engine: string }>(
      target.url,
      'SELECT DISTINCT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
    );
    expect(engines.map((row) => row.engine)).toEqual(['InnoDB']);
  });

  it('runs again with --mode truncate: the same rows, emptied and reloaded in one transaction', async () => {
    const target = await suite.freshTarget('mysql');
    const args = ['generate', suite.setup.profileDir, '--target', target.url, ...ROWS];
    expect((await suite.setup.doppel([...args, '--create-schema'])).code).toBe(0);
    const again = await suite.setup.doppel([...args, '--mode', 'truncate']);
    expect(again.code, again.stderr).toBe(0);
    const [row] = await query<{ n: number }>(target.url, 'SELECT COUNT(*) AS n FROM members');
    expect(Number(row?.n)).toBe(200);
  });

  it('drops what a failed --create-schema created, and says so', async () => {
    const target = await suite.freshTarget('mysql');
    // A table in the way of the last CREATE TABLE: everything created before it must go again.
    await query(target.url, 'CREATE TABLE right_side (id int PRIMARY KEY) ENGINE=InnoDB');
    const run = await suite.setup.doppel([
      'generate',
      suite.setup.profileDir,
      '--target',
      target.url,
      '--create-schema',
    ]);
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/right_side/);
    expect(run.stderr).toMatch(/dropped again/);
    expect(await countTables(target.url, target.name)).toEqual(['right_side']);
  });
});

/**
 * A fresh MariaDB database with a target session on it: `prepare` sets the database up, or else the profile's
 * schema is created; runs `work` with the session and the profile's tasks, closes the session, and returns
 * the database's URL.
 */
async function withFreshTarget(
  work: (session: MysqlTarget, task: (name: string) => DatasetTask) => Promise<void>,
  prepare?: (url: string) => Promise<void>,
): Promise<string> {
  const target = await suite.freshTarget('mysql');
  const profile = await loadProfile(suite.setup.profileDir);
  await prepare?.(target.url);
  const session = await openMysqlTarget(target.url, { log: silentLogger, name: 'target' });
  try {
    if (prepare === undefined) await session.createSchema(profile);
    await work(session, (name) => profile.datasets.find((entry) => entry.dataset.name === name)!);
  } finally {
    await session.close();
  }
  return target.url;
}

async function countRows(url: string, table: string): Promise<number> {
  const [row] = await query<{ n: number }>(url, `SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row?.n);
}

describe('the MariaDB target on its own', () => {
  it('catches a broken reference of a cycle loaded with checks off, before commit', async () => {
    const url = await withFreshTarget(async (session, task) => {
      const load = session.loadCycle(
        [task('shop.left_side'), task('shop.right_side')],
        new Map([
          [
            'shop.left_side',
            rowsOf([
              { id: 1, right_id: 1 },
              { id: 2, right_id: 99 },
            ]),
          ],
          ['shop.right_side', rowsOf([{ id: 1, left_id: 1 }])],
        ]),
        { mode: 'append' },
      );
      await expect(load).rejects.toMatchObject({
        kind: 'refused',
        details: [expect.stringMatching(/1 row\(s\) of left_side reference no row of right_side/)],
      });
    });
    expect((await countRows(url, 'left_side')) + (await countRows(url, 'right_side'))).toBe(0);
  });

  it('fails a bulk load the server would have trimmed (LOAD DATA LOCAL turns errors into warnings)', async () => {
    const url = await withFreshTarget(async (session, task) => {
      const duplicate = rowsOf([
        { id: 1, name: 'one', manager_id: null },
        { id: 1, name: 'again', manager_id: null },
      ]);
      await expect(session.load(task('shop.employees'), duplicate, { mode: 'append' })).rejects.toMatchObject(
        {
          kind: 'refused',
          details: [expect.stringMatching(/Duplicate entry '1'/)],
        },
      );
    });
    expect(await countRows(url, 'employees')).toBe(0);
  });

  it('stops a bulk load when cancelled, on the server too, and leaves nothing', async () => {
    async function* many(): AsyncGenerator<Row> {
      for (let id = 1; id <= 200_000; id++) yield { id, name: `employee ${id}`, manager_id: null };
    }
    const url = await withFreshTarget(async (session, task) => {
      const controller = new AbortController();
      // Cancelled as soon as the first chunk has gone out: the rest of the stream must not follow.
      const load = session.load(task('shop.employees'), many(), {
        mode: 'append',
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      await expect(load).rejects.toMatchObject({ kind: 'cancelled' });
    });
    expect(await countRows(url, 'employees')).toBe(0);
  });

  it('refuses a table on a non-transactional engine before writing a row', async () => {
    const url = await withFreshTarget(
      async (session, task) => {
        const rows = rowsOf([{ id: 1, name: 'one', manager_id: null }]);
        await expect(session.load(task('shop.employees'), rows, { mode: 'append' })).rejects.toMatchObject({
          kind: 'refused',
          message: expect.stringMatching(/employees uses the MyISAM engine/),
        });
      },
      async (target) => {
        await query(
          target,
          'CREATE TABLE employees (id int PRIMARY KEY, name text NOT NULL, manager_id int NULL) ENGINE=MyISAM',
        );
      },
    );
    expect(await countRows(url, 'employees')).toBe(0);
  });
});
