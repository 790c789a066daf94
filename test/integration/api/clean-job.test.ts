/**
 * Clean jobs (`POST /jobs` with `kind: clean`) over a real loopback socket: what generate jobs wrote into a
 * folder of the output root and into a writable connection to the real PostgreSQL is removed from their run
 * manifests (a dry run first, a run by id, then all), each manifest is marked cleaned, nothing left to clean
 * succeeds with no runs, a read-only connection is refused, and a generate job still running in the same
 * service is left alone.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { parseAddress } from '../../../src/shared/address.js';
import { silentLogger } from '../../../src/shared/log.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { runSql } from '../sources/postgres/fixture-database.js';

interface Job {
  id: string;
  kind: string;
  status: string;
  params: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { kind: string; message: string };
}
interface CleanResult {
  dryRun: boolean;
  runs: { run: string; target: string; datasets: { name: string; deleted: number; file?: string }[] }[];
}

let server: RunningServer;
let jobs: JobStore;
let target: TestDatabase;
let dir: string;

beforeAll(async () => {
  target = await createTestDatabase('postgres');
  dir = mkdtempSync(join(tmpdir(), 'doppel-clean-job-'));
  cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
  mkdirSync(join(dir, 'output'));
  jobs = new JobStore({ log: silentLogger, stateDir: join(dir, 'state') });
  const connections = new Map([
    ['staging', { name: 'staging', address: parseAddress(target.url), writable: true }],
    ['replica', { name: 'replica', address: parseAddress(target.url), writable: false }],
  ]);
  server = await startServer(
    createApp({
      profilesRoot: join(dir, 'profiles'),
      jobs,
      settings: { connections, outputRoot: join(dir, 'output') },
    }),
    { port: 0, host: '127.0.0.1' },
  );
}, 60_000);

afterAll(async () => {
  await jobs?.close();
  await server?.close();
  await target?.drop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function post(body: Record<string, unknown>): Promise<{ status: number; body: Job }> {
  const response = await fetch(`${server.url}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Job };
}

/** Starts a job and returns its record once it has ended. */
async function run(body: Record<string, unknown>): Promise<Job> {
  const started = await post(body);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await jobs.wait(started.body.id);
  const response = await fetch(`${server.url}/jobs/${started.body.id}`);
  const job = (await response.json()) as Job;
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return job;
}

function manifestOf(runId: unknown): { cleanedAt?: string } {
  return JSON.parse(readFileSync(join(dir, 'state', 'runs', `${String(runId)}.json`), 'utf8'));
}

async function countRows(table: string): Promise<number> {
  const [row] = await runSql<{ n: string }>(target.url, `SELECT count(*) AS n FROM ${table}`);
  return Number(row?.n);
}

describe('clean jobs', () => {
  it('remove the files a generate job wrote into the output root', async () => {
    const generated = await run({ kind: 'generate', profile: 'demo', target: 'nightly', scale: 0.02 });
    const out = join(dir, 'output', 'nightly');
    const written = readdirSync(out);
    expect(written.length).toBeGreaterThan(0);

    const dry = (await run({ kind: 'clean', target: 'nightly', dryRun: true }))
      .result as unknown as CleanResult;
    expect(dry).toMatchObject({ dryRun: true, runs: [{ run: generated.result?.run }] });
    expect(dry.runs[0]?.datasets).toHaveLength(written.length);
    expect(readdirSync(out)).toEqual(written);

    const cleaned = await run({ kind: 'clean', target: 'nightly' });
    expect(cleaned.params).toEqual({ target: 'nightly' });
    const result = cleaned.result as unknown as CleanResult;
    expect(result.runs.map((entry) => entry.run)).toEqual([generated.result?.run]);
    expect(result.runs[0]?.datasets.every((dataset) => dataset.deleted === 1)).toBe(true);
    expect(readdirSync(out)).toEqual([]);
    expect(manifestOf(generated.result?.run).cleanedAt).toBeDefined();

    // Nothing left to clean: a success with no runs (a schedule's clean step on its first day).
    const again = await run({ kind: 'clean', target: 'nightly', all: true });
    expect(again.result).toEqual({ dryRun: false, runs: [] });
  }, 120_000);

  it('delete the rows generate jobs loaded into a writable connection, by run and then all', async () => {
    const load = { kind: 'generate', profile: 'demo', target: 'staging', scale: 0.02 };
    const first = await run({ ...load, createSchema: true });
    const second = await run({ ...load, seed: 5, respectExisting: true });
    const customers = await countRows('public.customers');
    // A row of the target's own, a copy of a generated one under another key: no clean job touches it.
    await runSql(
      target.url,
      `INSERT INTO public.customers SELECT (jsonb_populate_record(NULL::public.customers,
         to_jsonb(c) || '{"id": -1, "email": "ours@example.com"}')).* FROM public.customers c LIMIT 1`,
    );

    const byRun = (await run({ kind: 'clean', target: 'staging', run: first.result?.run }))
      .result as unknown as CleanResult;
    expect(byRun.runs.map((entry) => entry.run)).toEqual([first.result?.run]);
    const deleted = byRun.runs[0]?.datasets.find((dataset) => dataset.name === 'public.customers')?.deleted;
    expect(deleted).toBeGreaterThan(0);
    expect(await countRows('public.customers')).toBe(customers + 1 - deleted!);

    const all = (await run({ kind: 'clean', target: 'staging', all: true })).result as unknown as CleanResult;
    expect(all.runs.map((entry) => entry.run)).toEqual([second.result?.run]);
    // Only the row the generator did not write is left.
    expect(await countRows('public.customers')).toBe(1);
    expect(await countRows('public.orders')).toBe(0);
    expect(manifestOf(second.result?.run).cleanedAt).toBeDefined();

    const refused = await post({ kind: 'clean', target: 'replica' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { kind: 'refused' } });
  }, 180_000);

  it('leave alone a run a generate job of the same service is still writing', async () => {
    const big = await post({
      kind: 'generate',
      profile: 'demo',
      target: 'big',
      only: ['public.customers'],
      rows: { 'public.customers': 50_000_000 },
    });
    expect(big.status).toBe(202);
    // Its manifest is written before its first byte: wait for that state.
    const runs = join(dir, 'state', 'runs');
    const started = () =>
      existsSync(runs) &&
      readdirSync(runs).some(
        (name) =>
          name.endsWith('.json') && readFileSync(join(runs, name), 'utf8').includes('"status": "running"'),
      );
    while (!started()) await new Promise((resolve) => setTimeout(resolve, 10));
    const cleaned = await run({ kind: 'clean', target: 'big', all: true });
    expect(cleaned.result).toEqual({ dryRun: false, runs: [] });
    const cancelled = await fetch(`${server.url}/jobs/${big.body.id}`, { method: 'DELETE' });
    expect(((await cancelled.json()) as Job).status).toBe('cancelled');
  }, 120_000);
});
