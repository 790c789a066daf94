/**
 * A generate killed with `kill -9` midway leaves a run manifest written before its first byte (status
 * `running`), so `doppel clean` removes what it left: the `.partial` file of a file run, and every row of a
 * run into the real PostgreSQL. The process is spawned (`node bin/doppel.js`) and killed once its progress
 * shows rows written.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../../src/generate/manifest.js';
import { REPO_ROOT, runBuiltCli, spawnBuiltCli } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { query } from '../generate/cycles-profile.js';

const DEMO = join(REPO_ROOT, 'profiles', 'demo');
/** Enough rows that the run is still writing when its first progress line appears. */
const ROWS = ['--only', 'public.customers', '--rows', 'public.customers=300000'];
/** A progress line with some rows written. */
const WRITING = /public\.customers: [1-9][\d,]*\/300,000 rows/;

let dir: string;
let target: TestDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'doppel-killed-run-'));
  target = await createTestDatabase('postgres');
}, 120_000);

afterAll(async () => {
  await target?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function readManifests(stateDir: string): RunManifest[] {
  return readdirSync(join(stateDir, 'runs'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(stateDir, 'runs', name), 'utf8')) as RunManifest);
}

/**
 * Spawns a generate, waits for rows to be written (and for `ready`), kills it with SIGKILL; returns the
 * state dir.
 */
async function killMidway(
  name: string,
  targetArgs: readonly string[],
  ready: () => boolean = () => true,
): Promise<string> {
  const stateDir = join(dir, `${name}-state`);
  const env = { DOPPEL_STATE_DIR: stateDir };
  const running = spawnBuiltCli(['generate', DEMO, ...targetArgs, ...ROWS, '--log-level', 'info'], {
    env,
    cwd: dir,
  });
  await running.waitForStderr(WRITING);
  // The sink opens its file asynchronously: wait until it is there.
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 10));
  running.child.kill('SIGKILL');
  const run = await running.exited;
  expect(run.code).toBe(137);
  const [manifest] = readManifests(stateDir);
  expect(manifest).toMatchObject({ status: 'running', pid: running.child.pid });
  return stateDir;
}

describe('a generate killed with SIGKILL', () => {
  it('leaves a .partial file that doppel clean removes', async () => {
    const out = join(dir, 'out');
    const stateDir = await killMidway('files', ['--target', out], () =>
      readdirSync(out).some((file) => file.endsWith('.partial')),
    );
    const left = readdirSync(out);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.public\.customers\.csv\.\d+\.partial$/);
    const [manifest] = readManifests(stateDir);
    expect(manifest?.datasets[0]?.partial).toBe(join(out, left[0]!));

    const clean = await runBuiltCli(['clean', '--json'], { env: { DOPPEL_STATE_DIR: stateDir }, cwd: dir });
    expect(clean.code, clean.stderr).toBe(0);
    expect(readdirSync(out)).toEqual([]);
    expect(readManifests(stateDir)[0]?.cleanedAt).toBeDefined();
  }, 300_000);

  it('into PostgreSQL: doppel clean leaves no row', async () => {
    const stateDir = await killMidway('database', ['--target', target.url, '--create-schema']);
    const clean = await runBuiltCli(['clean', '--target', target.url, '--json'], {
      env: { DOPPEL_STATE_DIR: stateDir },
      cwd: dir,
    });
    expect(clean.code, clean.stderr).toBe(0);
    const tables = await query<{ name: string }>(
      target.url,
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
    );
    for (const { name } of tables)
      expect((await query<{ n: number }>(target.url, `SELECT count(*)::int AS n FROM ${name}`))[0]?.n).toBe(
        0,
      );
  }, 300_000);
});
