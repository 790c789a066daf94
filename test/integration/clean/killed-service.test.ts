/**
 * The service killed with `kill -9` in the middle of a generate job: started again, it lists the job as
 * `interrupted`; the run manifest the job wrote before its first byte lets `doppel clean` remove what the
 * job left: the `.partial` file of a file job, and every generated row of a job loading into the real
 * PostgreSQL (with an earlier complete run beside it, and a row of the target's own that stays). The service
 * and the CLI are spawned processes (`node bin/doppel.js`); each case has its own state directory.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { RunManifest } from '../../../src/generate/manifest.js';
import { sendHttpRequest } from '../../helpers/http-request.js';
import { REPO_ROOT, type RunningCli, runBuiltCli, spawnBuiltCli } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { runSql } from '../sources/postgres/fixture-database.js';

let dir: string;
let target: TestDatabase;
const running: RunningCli[] = [];

beforeAll(async () => {
  target = await createTestDatabase('postgres');
  dir = mkdtempSync(join(tmpdir(), 'doppel-killed-service-'));
  cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
  mkdirSync(join(dir, 'output'));
  const config = { serve: { connections: { staging: { url: target.url, writable: true } } } };
  writeFileSync(join(dir, 'doppel.yaml'), stringify(config));
}, 60_000);

afterAll(async () => {
  for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL');
  await target?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const envOf = (state: string) => ({ DOPPEL_STATE_DIR: join(dir, state), DOPPEL_CONFIG: undefined });

async function serve(state: string): Promise<{ service: RunningCli; url: string }> {
  const service = spawnBuiltCli(
    ['serve', '--port', '0', '--profiles', join(dir, 'profiles'), '--output-root', join(dir, 'output')],
    { env: envOf(state), cwd: dir },
  );
  running.push(service);
  const [, url] = (await service.waitForStdout(/serving on (http:\/\/\S+)/)) as [string, string];
  return { service, url };
}

interface Job {
  id: string;
  status: string;
  progress?: { rows?: number };
  result?: { run?: string; rows?: number };
  error?: { kind: string; message: string };
}

async function getJob(url: string, id: string): Promise<Job> {
  return (await sendHttpRequest(url, { path: `/jobs/${id}` })).json<Job>();
}

async function startJob(url: string, body: Record<string, unknown>): Promise<string> {
  const started = await sendHttpRequest(url, { method: 'POST', path: '/jobs', body });
  expect(started.status, started.text).toBe(202);
  return started.json<Job>().id;
}

/** Polls the job's record until `done` holds for it (the job's state, never a time). */
async function waitForJob(url: string, id: string, done: (job: Job) => boolean): Promise<Job> {
  for (;;) {
    const job = await getJob(url, id);
    if (done(job)) return job;
    expect(job.status, JSON.stringify(job.error)).toMatch(/^(queued|running)$/);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Kills the service with SIGKILL, then starts it again on the same state and returns the job's record. */
async function killAndRestart(first: { service: RunningCli }, state: string, id: string): Promise<Job> {
  first.service.child.kill('SIGKILL');
  expect((await first.service.exited).code).toBe(137);
  const second = await serve(state);
  const job = await getJob(second.url, id);
  second.service.child.kill('SIGTERM');
  expect((await second.service.exited).code).toBe(0);
  return job;
}

/** Every `.partial` file under `folder`, at any depth. */
function findPartials(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) =>
    name.endsWith('.partial'),
  );
}

function readManifests(state: string): RunManifest[] {
  const runs = join(dir, state, 'runs');
  return readdirSync(runs)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(runs, name), 'utf8')) as RunManifest);
}

describe('the service killed with SIGKILL mid-job', () => {
  it('writing files: the job is interrupted on restart, and doppel clean removes the .partial file', async () => {
    const first = await serve('files-state');
    const id = await startJob(first.url, {
      kind: 'generate',
      profile: 'demo',
      target: 'nightly',
      only: ['public.customers'],
      rows: { 'public.customers': 300_000 },
    });
    const out = join(dir, 'output', 'nightly');
    // Rows written and the temporary file there: then the service dies.
    await waitForJob(first.url, id, (job) => (job.progress?.rows ?? 0) > 0 && findPartials(out).length > 0);
    const job = await killAndRestart(first, 'files-state', id);
    expect(job).toMatchObject({ status: 'interrupted', error: { kind: 'cancelled' } });
    expect(findPartials(out)).toHaveLength(1);

    const clean = await runBuiltCli(['clean', '--json'], { env: envOf('files-state'), cwd: dir });
    expect(clean.code, clean.stderr).toBe(0);
    expect(readdirSync(out)).toEqual([]);
    expect(findPartials(dir)).toEqual([]);
  }, 300_000);

  it('loading PostgreSQL: the job is interrupted on restart, and doppel clean leaves no generated row', async () => {
    const first = await serve('database-state');
    // An earlier run that completed (the schema, and customers): its rows are committed.
    const complete = await startJob(first.url, {
      kind: 'generate',
      profile: 'demo',
      target: 'staging',
      createSchema: true,
      only: ['public.customers'],
      rows: { 'public.customers': 500 },
    });
    const done = await waitForJob(first.url, complete, (job) => job.status === 'succeeded');
    expect(done.result?.rows).toBeGreaterThan(0);
    // A row of the target's own (a copy of a generated one under another key): clean must leave it.
    await runSql(
      target.url,
      `INSERT INTO public.customers SELECT (jsonb_populate_record(NULL::public.customers,
         to_jsonb(c) || '{"id": -1, "email": "ours@example.com"}')).* FROM public.customers c LIMIT 1`,
    );
    const killed = await startJob(first.url, {
      kind: 'generate',
      profile: 'demo',
      target: 'staging',
      only: ['public.products'],
      rows: { 'public.products': 300_000 },
    });
    // Rows sent into the load's transaction: then the service dies.
    await waitForJob(first.url, killed, (job) => (job.progress?.rows ?? 0) > 0);
    const job = await killAndRestart(first, 'database-state', killed);
    expect(job).toMatchObject({ status: 'interrupted', error: { kind: 'cancelled' } });
    const [interrupted] = readManifests('database-state').filter((manifest) => manifest.status === 'running');
    expect(interrupted?.datasets.map((dataset) => dataset.name)).toEqual(['public.products']);

    const clean = await runBuiltCli(['clean', '--all', '--target', target.url, '--json'], {
      env: envOf('database-state'),
      cwd: dir,
    });
    expect(clean.code, clean.stderr).toBe(0);
    const cleaned = (JSON.parse(clean.stdout) as { runs: { run: string }[] }).runs.map((entry) => entry.run);
    expect(cleaned.sort()).toEqual([done.result?.run, interrupted?.id].sort());
    expect(readManifests('database-state').every((manifest) => manifest.cleanedAt !== undefined)).toBe(true);

    const tables = await runSql<{ name: string }>(
      target.url,
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(tables.length).toBeGreaterThan(1);
    for (const { name } of tables) {
      const [rows] = await runSql<{ n: string }>(target.url, `SELECT count(*) AS n FROM ${name}`);
      expect({ name, rows: Number(rows?.n) }).toEqual({ name, rows: name === 'public.customers' ? 1 : 0 });
    }
    const left = await runSql<{ id: number }>(target.url, 'SELECT id FROM public.customers');
    expect(left.map((row) => Number(row.id))).toEqual([-1]);
    expect(findPartials(dir)).toEqual([]);
  }, 300_000);
});
