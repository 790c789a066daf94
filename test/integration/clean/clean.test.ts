/**
 * `doppel clean` on a real PostgreSQL database: generate (cycles included), clean, and the tables hold
 * exactly their previous content again (rows that were there before untouched); manifests are marked, a
 * second clean has nothing left, a different target is refused, and file runs lose their files.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { type CyclesSetup, createCyclesSetup, query } from '../generate/cycles-profile.js';

let setup: CyclesSetup;
let target: TestDatabase;

beforeAll(async () => {
  setup = await createCyclesSetup();
  target = await createTestDatabase('postgres');
}, 120_000);

afterAll(async () => {
  await target?.drop();
  await setup?.dispose();
});

const ROWS = [
  '--rows',
  'shop.employees=120',
  '--rows',
  'shop.teams=15',
  '--rows',
  'shop.members=60',
  '--rows',
  'shop.carts=10',
  '--rows',
  'shop.owners=10',
  '--rows',
  'shop.left_side=0',
  '--rows',
  'shop.right_side=0',
];

async function snapshot(): Promise<string> {
  const rows = await query(
    target.url,
    `SELECT json_build_object(
       'employees', (SELECT json_agg(e ORDER BY id) FROM shop.employees e),
       'teams', (SELECT json_agg(t ORDER BY id) FROM shop.teams t),
       'members', (SELECT json_agg(m ORDER BY id) FROM shop.members m),
       'carts', (SELECT json_agg(c ORDER BY id) FROM shop.carts c),
       'owners', (SELECT json_agg(o ORDER BY id) FROM shop.owners o)) AS content`,
  );
  return JSON.stringify(rows);
}

describe('doppel clean', () => {
  it('deletes what runs wrote, children first, leaving earlier rows untouched', async () => {
    expect(
      (
        await setup.doppel([
          'generate',
          setup.profileDir,
          '--target',
          target.url,
          '--create-schema',
          ...ROWS,
          '--rows',
          'shop.employees=0',
          '--rows',
          'shop.teams=0',
          '--rows',
          'shop.members=0',
          '--rows',
          'shop.carts=0',
          '--rows',
          'shop.owners=0',
        ])
      ).code,
    ).toBe(0);
    await query(
      target.url,
      `INSERT INTO shop.employees VALUES (900000, 'kept', NULL), (900001, 'kept too', 900000);
       INSERT INTO shop.teams VALUES (900000, 'kept', NULL);
       INSERT INTO shop.members VALUES (900000, 'kept@example.org', 900000);
       UPDATE shop.teams SET lead_id = 900000;`,
    );
    const before = await snapshot();
    const first = await setup.doppel([
      'generate',
      setup.profileDir,
      '--target',
      target.url,
      '--respect-existing',
      ...ROWS,
    ]);
    expect(first.code, first.stderr).toBe(0);
    const second = await setup.doppel([
      'generate',
      setup.profileDir,
      '--target',
      target.url,
      '--respect-existing',
      ...ROWS,
    ]);
    expect(second.code, second.stderr).toBe(0);
    expect(await snapshot()).not.toBe(before);

    const dry = await setup.doppel(['--json', 'clean', '--all', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect((JSON.parse(dry.stdout) as { runs: unknown[] }).runs).toHaveLength(2);

    const cleaned = await setup.doppel(['--json', 'clean', '--all']);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    const result = JSON.parse(cleaned.stdout) as {
      runs: { datasets: { name: string; deleted: number }[] }[];
    };
    for (const run of result.runs) {
      const deleted = Object.fromEntries(run.datasets.map((dataset) => [dataset.name, dataset.deleted]));
      expect(deleted).toMatchObject({
        'shop.employees': 120,
        'shop.teams': 15,
        'shop.members': 60,
        'shop.carts': 10,
      });
    }
    expect(await snapshot()).toBe(before);

    const manifests = await readdir(join(setup.stateDir, 'runs'));
    const marked = await Promise.all(
      manifests.map(
        async (name) =>
          JSON.parse(await readFile(join(setup.stateDir, 'runs', name), 'utf8')) as {
            cleanedAt?: string;
            datasets: { rows: number }[];
          },
      ),
    );
    for (const manifest of marked)
      if (manifest.datasets.some((dataset) => dataset.rows > 0))
        expect(manifest.cleanedAt).toBeTypeOf('string');

    const again = await setup.doppel(['clean', '--last']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('No run left to clean');
  });

  it('refuses a run whose target differs from --target', async () => {
    const run = await setup.doppel([
      'generate',
      setup.profileDir,
      '--target',
      target.url,
      '--respect-existing',
      ...ROWS,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const id = /\(run ([^)]+)\)/.exec(run.stdout)?.[1];
    const other = await setup.doppel([
      'clean',
      '--run',
      id ?? '',
      '--target',
      'postgres://postgres@127.0.0.1:5432/elsewhere',
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('not into postgres://postgres@127.0.0.1:5432/elsewhere');
    expect((await setup.doppel(['clean', '--run', id ?? ''])).code).toBe(0);
  });

  it('removes the files of a file run', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'doppel-clean-'));
    const run = await setup.doppel(['generate', setup.profileDir, '--target', folder, ...ROWS]);
    expect(run.code, run.stderr).toBe(0);
    expect((await readdir(folder)).length).toBeGreaterThan(0);
    const cleaned = await setup.doppel(['clean', '--target', folder]);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(await readdir(folder)).toEqual([]);
  });
});
