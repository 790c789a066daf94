/**
 * Schedules in a spawned `doppel serve` against the real PostgreSQL: a schedule from `serve.schedules` in
 * doppel.yaml checks a test database against a production-like one (profile → generate → validate → clean,
 * named connections, the steps' jobs in order through the job queue), run now over HTTP, and leaves no
 * generated row behind; a run asked for while it waits is skipped. Schedules made over HTTP are checked
 * (cron, credentials), listed with their next time, disabled, kept across a restart, and deleted; the
 * file's schedule cannot be changed over HTTP. Firing by cron time is tested with an injected clock in
 * test/unit/api/scheduler.test.ts.
 *
 * Nothing here waits on time: every request has a connection of its own (a kept-alive connection the busy
 * service closes as a request goes out reads as a reset), the run is held by a job that takes the only slot
 * until the test cancels it, and its end is the service's log line for it.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sendHttpRequest } from '../../helpers/http-request.js';
import { REPO_ROOT, type RunningCli, spawnBuiltCli } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { createFixtureDatabase, runSql } from '../sources/postgres/fixture-database.js';

interface Run {
  id: string;
  status: string;
  trigger: string;
  jobs: string[];
  reason?: string;
}
interface Schedule {
  name: string;
  origin: string;
  enabled: boolean;
  nextRun?: string;
  lastRun?: Run;
  runs: Run[];
}

let dir: string;
let source: TestDatabase;
let target: TestDatabase;
const running: RunningCli[] = [];

/** A failed call says what the service wrote to stderr (its log). */
function logsOfServices(): string {
  return running.map((service) => service.stderr().slice(-4000)).join('\n---\n');
}

beforeAll(async () => {
  source = await createFixtureDatabase('rich-schema', 'rich-data');
  target = await createTestDatabase('postgres');
  dir = mkdtempSync(join(tmpdir(), 'doppel-schedules-'));
  cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
  mkdirSync(join(dir, 'output'));
  const config = {
    serve: {
      allowDestructive: true,
      connections: { prod: { url: source.url }, staging: { url: target.url, writable: true } },
      schedules: {
        refresh: {
          cron: '0 3 * * *',
          timezone: 'UTC',
          steps: [
            { kind: 'profile', source: 'prod', name: 'shop', overwrite: true, sampleRows: 1000 },
            // shop.trucks has no key, so the rows generated into it could not be told apart to clean.
            {
              kind: 'generate',
              profile: 'shop',
              target: 'staging',
              createSchema: true,
              scale: 0.5,
              skip: ['shop.trucks'],
            },
            { kind: 'validate', profile: 'shop', source: 'staging', exclude: ['shop.trucks'] },
            { kind: 'clean', target: 'staging', all: true },
          ],
        },
      },
    },
  };
  writeFileSync(join(dir, 'doppel.yaml'), stringify(config));
}, 60_000);

afterAll(async () => {
  for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL');
  await source?.drop();
  await target?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(): Promise<{ service: RunningCli; url: string }> {
  const service = spawnBuiltCli(
    ['serve', '--port', '0', '--profiles', join(dir, 'profiles'), '--output-root', join(dir, 'output')],
    {
      // One slot: a job in it holds a schedule's first step in the queue until the test lets it go.
      env: { DOPPEL_STATE_DIR: join(dir, 'state'), DOPPEL_CONFIG: undefined, DOPPEL_JOB_CONCURRENCY: '1' },
      cwd: dir,
    },
  );
  running.push(service);
  const [, url] = (await service.waitForStdout(/serving on (http:\/\/\S+)/)) as [string, string];
  return { service, url };
}

async function call(url: string, method: string, path: string, body?: unknown) {
  const response = await sendHttpRequest(url, { method, path, body }).catch((error: unknown) => {
    throw new Error(`${method} ${path} failed; the service's log:\n${logsOfServices()}`, { cause: error });
  });
  return { status: response.status, body: response.json() };
}

async function stop(service: RunningCli): Promise<void> {
  service.child.kill('SIGTERM');
  expect((await service.exited).code).toBe(0);
}

describe('schedules in doppel serve', () => {
  it('runs the configured refresh: profile, generate, validate, clean in order, and records the outcome', async () => {
    const { service, url } = await serve();
    const listed = (await call(url, 'GET', '/schedules')).body.schedules as Schedule[];
    expect(listed).toEqual([
      expect.objectContaining({ name: 'refresh', origin: 'config', enabled: true, runs: [] }),
    ]);
    expect(Date.parse(listed[0]?.nextRun ?? '')).toBeGreaterThan(Date.now());
    expect(new Date(listed[0]?.nextRun ?? '').toISOString()).toMatch(/T03:00:00.000Z$/);

    // A job in the only slot: the run's first step waits behind it until it is cancelled.
    const holder = await call(url, 'POST', '/jobs', {
      kind: 'generate',
      profile: 'demo',
      target: 'holder',
      only: ['public.customers'],
      rows: { 'public.customers': 50_000_000 },
    });
    expect(holder.status).toBe(202);
    const started = await call(url, 'POST', '/schedules/refresh/runs');
    expect(started).toMatchObject({ status: 202, body: { status: 'running', trigger: 'manual' } });
    // While it runs, another run now is skipped and recorded.
    expect((await call(url, 'POST', '/schedules/refresh/runs')).body).toMatchObject({ status: 'skipped' });
    const ended = service.waitForStderr(
      new RegExp(`schedule refresh run ${started.body.id} (succeeded|failed|interrupted)`),
    );
    expect((await call(url, 'DELETE', `/jobs/${holder.body.id}`)).body).toMatchObject({
      status: 'cancelled',
    });
    await ended;

    const schedule = (await call(url, 'GET', '/schedules/refresh')).body as unknown as Schedule;
    const run = schedule.runs.find((candidate) => candidate.id === started.body.id);
    expect(run, JSON.stringify(schedule.runs)).toMatchObject({ status: 'succeeded' });
    expect(schedule.runs.map((candidate) => candidate.status)).toEqual(['skipped', 'succeeded']);
    const jobs = await Promise.all(run!.jobs.map(async (id) => (await call(url, 'GET', `/jobs/${id}`)).body));
    expect(jobs.map((job) => [job.kind, job.status])).toEqual([
      ['profile', 'succeeded'],
      ['generate', 'succeeded'],
      ['validate', 'succeeded'],
      ['clean', 'succeeded'],
    ]);
    const startedAt = jobs.map((job) => String(job.startedAt));
    const finishedAt = jobs.map((job) => String(job.finishedAt));
    for (let step = 1; step < jobs.length; step++)
      expect(startedAt[step]! >= finishedAt[step - 1]!).toBe(true);
    // The clean step deleted every row the generate step loaded, and no other.
    const generated = jobs[1]?.result as { run: string; rows: number };
    expect(generated.rows).toBeGreaterThan(0);
    const cleaned = jobs[3]?.result as { runs: { run: string; datasets: { deleted: number }[] }[] };
    expect(cleaned.runs.map((entry) => entry.run)).toEqual([generated.run]);
    const deleted = cleaned.runs[0]?.datasets.reduce((sum, dataset) => sum + dataset.deleted, 0);
    expect(deleted).toBe(generated.rows);
    const [rows] = await runSql<{ n: string }>(target.url, 'SELECT count(*) AS n FROM shop.customers');
    expect(Number(rows?.n)).toBe(0);

    expect(await call(url, 'DELETE', '/schedules/refresh')).toMatchObject({
      status: 409,
      body: { error: { kind: 'refused' } },
    });
    expect((await call(url, 'PATCH', '/schedules/refresh', { enabled: false })).status).toBe(409);
    await stop(service);
  }, 240_000);

  it('creates, checks, disables, keeps across a restart and deletes schedules made over HTTP', async () => {
    const first = await serve();
    const hourly = {
      name: 'hourly',
      cron: '0 * * * *',
      steps: [{ kind: 'validate', profile: 'demo', source: 'staging' }],
    };
    const created = await call(first.url, 'POST', '/schedules', hourly);
    expect(created).toMatchObject({ status: 201, body: { name: 'hourly', origin: 'api', enabled: true } });
    expect(typeof created.body.nextRun).toBe('string');
    expect((await call(first.url, 'POST', '/schedules', hourly)).status).toBe(409);
    const badCron = await call(first.url, 'POST', '/schedules', { ...hourly, name: 'x', cron: '99 * * * *' });
    expect(badCron).toMatchObject({ status: 400, body: { error: { kind: 'usage' } } });
    expect(String((badCron.body.error as { message: string }).message)).toMatch(
      /cron expression "99 \* \* \* \*"/,
    );
    const secret = 'sched-canary-pw-4411';
    const withCredential = await call(first.url, 'POST', '/schedules', {
      ...hourly,
      name: 'leaky',
      steps: [{ kind: 'validate', profile: 'demo', source: `postgres://u:${secret}@127.0.0.1/db` }],
    });
    expect(withCredential.status).toBe(400);
    expect(JSON.stringify(withCredential.body)).not.toContain(secret);
    expect(JSON.stringify(withCredential.body)).toMatch(/carries a credential/);
    expect((await call(first.url, 'POST', '/schedules', { ...hourly, name: 'y', steps: [] })).status).toBe(
      400,
    );

    const disabled = await call(first.url, 'PATCH', '/schedules/hourly', { enabled: false });
    expect(disabled).toMatchObject({ status: 200, body: { enabled: false } });
    expect(disabled.body.nextRun).toBeUndefined();
    await stop(first.service);

    const second = await serve();
    const names = ((await call(second.url, 'GET', '/schedules')).body.schedules as Schedule[]).map(
      (schedule) => [schedule.name, schedule.enabled],
    );
    expect(names).toEqual([
      ['hourly', false],
      ['refresh', true],
    ]);
    // The run of the first test is still on record.
    const refresh = (await call(second.url, 'GET', '/schedules/refresh')).body as unknown as Schedule;
    expect(refresh.lastRun).toMatchObject({ status: 'succeeded' });
    expect(
      (await call(second.url, 'PATCH', '/schedules/hourly', { enabled: true })).body.nextRun,
    ).toBeDefined();
    expect(await call(second.url, 'DELETE', '/schedules/hourly')).toMatchObject({ status: 200 });
    expect(await call(second.url, 'GET', '/schedules/hourly')).toMatchObject({
      status: 404,
      body: { error: { kind: 'notFound' } },
    });
    expect((await call(second.url, 'POST', '/schedules/hourly/runs')).status).toBe(404);
    await stop(second.service);
  }, 120_000);
});
