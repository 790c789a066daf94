/**
 * Shared setup of the database generation suites: a source database holding every kind of foreign-key
 * cycle (test/fixtures/postgres/cycles-schema.sql), profiled with `doppel profile` into a temporary folder,
 * and a helper that runs the CLI with its own state directory.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type CliRun, runCliForTest } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../../helpers/test-database.js';

const SCHEMA = resolve(import.meta.dirname, '../../fixtures/postgres/cycles-schema.sql');

export interface CyclesSetup {
  readonly source: TestDatabase;
  readonly profileDir: string;
  readonly stateDir: string;
  /** Runs doppel with this setup's state directory. */
  doppel(args: readonly string[]): Promise<CliRun>;
  dispose(): Promise<void>;
}

/** Runs `sql` (one or more statements) against `url`; returns the rows of the last statement. */
export async function query<R = Record<string, unknown>>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql);
    const last = Array.isArray(result) ? result.at(-1) : result;
    return (last?.rows ?? []) as R[];
  } finally {
    await client.end();
  }
}

/** Creates and profiles the cycles source. */
export async function createCyclesSetup(): Promise<CyclesSetup> {
  const source = await createTestDatabase('postgres');
  const folder = await mkdtemp(join(tmpdir(), 'doppel-gendb-'));
  const profileDir = join(folder, 'profile');
  const stateDir = join(folder, 'state');
  await query(source.url, await readFile(SCHEMA, 'utf8'));
  const doppel = (args: readonly string[]) => runCliForTest(args, { DOPPEL_STATE_DIR: stateDir });
  const profiled = await doppel(['profile', source.url, '--out', profileDir, '--name', 'cycles']);
  if (profiled.code !== 0) throw new Error(`profiling failed: ${profiled.stderr}`);
  return {
    source,
    profileDir,
    stateDir,
    doppel,
    async dispose() {
      await source.drop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** The suite's cycles setup (made before its tests) and fresh target databases (all dropped after them). */
export function useCyclesSuite(): {
  readonly setup: CyclesSetup;
  freshTarget(kind?: TestDatabaseKind): Promise<TestDatabase>;
} {
  let setup: CyclesSetup | undefined;
  const targets: TestDatabase[] = [];
  beforeAll(async () => {
    setup = await createCyclesSetup();
  }, 120_000);
  afterAll(async () => {
    for (const target of targets) await target.drop();
    await setup?.dispose();
  });
  return {
    get setup() {
      if (!setup) throw new Error('The cycles setup is not ready (useCyclesSuite runs in beforeAll).');
      return setup;
    },
    async freshTarget(kind: TestDatabaseKind = 'postgres') {
      const target = await createTestDatabase(kind);
      targets.push(target);
      return target;
    },
  };
}
