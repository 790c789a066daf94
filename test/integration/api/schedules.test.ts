/**
 * Schedules in a spawned `doppel serve` against the real PostgreSQL: a schedule from `serve.schedules` in
 * doppel.yaml refreshes a test database from a production-like one (profile → generate → validate, named
 * connections, the steps' jobs in order through the job queue), run now over HTTP; schedules made over
 * HTTP are checked (cron, credentials), listed with their next time, disabled, kept across a restart, and
 * deleted; the file's schedule cannot be changed over HTTP. Firing by cron time is tested with an injected
 * clock in test/unit/api/scheduler.test.ts.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
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
            { kind: 'generate', profile: 'shop', target: 'staging', createSchema: true, scale: 0.5 },
            { kind: 'validate', profile: 'shop', source: 'staging' },
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
  const service = spawnBuiltCli(['serve', '--port', '0', '--profiles', join(dir, 'profiles')], {
    env: { DOPPEL_STATE_DIR: join(dir, 'state'), DOPPEL_CONFIG: undefined },
    cwd: dir,
  });
  running.push(service);
  const [, url] = (await service.waitForStdout(/serving on (http:\/\/\S+)/)) as [string, string];
  return { service, url };
}

async function call(url: string, method: string, path: string, body?: unknown) {
  const send = () =>
    fetch(`${url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  // A kept-alive connection the service closes as a GET is sent reads as a reset on a busy machine: a GET
  // is sent once more; a service that is gone fails again, with its log.
  const response = await send()
    .catch((error: unknown) => (method === 'GET' ? send() : Promise.reject(error)))
    .catch((error: unknown) => {
      throw new Error(`${method} ${path} failed; the service's log:\n${logsOfServices()}`, { cause: error });
    });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function stop(service: RunningCli): Promise<void> {
  service.child.kill('SIGTERM');
  expect((await service.exited).code).toBe(0);
}

describe('schedules in doppel serve', () => {
  it('runs the configured refresh: profile, generate, validate in order, and records the outcome', async () => {
    const { service, url } = await serve();
    const listed = (await call(url, 'GET', '/schedules')).body.schedules as Schedule[];
    expect(listed).toEqual([
      expect.objectContaining({ name: 'refresh', origin: 'config', enabled: true, runs: [] }),
    ]);
    expect(Date.parse(listed[0]?.nextRun ?? '')).toBeGreaterThan(Date.now());
    expect(new Date(listed[0]?.nextRun ?? '').toISOString()).toMatch(/T03:00:00.000Z$/);

    const started = await call(url, 'POST', '/schedules/refresh/runs');
    expect(started).toMatchObject({ status: 202, body: { status: 'running', trigger: 'manual' } });
    // While it runs, another run now is skipped and recorded.
    expect((await call(url, 'POST', '/schedules/refresh/runs')).body).toMatchObject({ status: 'skipped' });
    let schedule: Schedule;
    for (;;) {
      schedule = (await call(url, 'GET', '/schedules/refresh')).body as unknown as Schedule;
      const run = schedule.runs.find((candidate) => candidate.id === started.body.id);
      if (run?.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const run = schedule.runs.find((candidate) => candidate.id === started.body.id);
    expect(run, JSON.stringify(schedule.runs)).toMatchObject({ status: 'succeeded' });
    expect(schedule.runs.map((candidate) => candidate.status)).toEqual(['skipped', 'succeeded']);
    const jobs = await Promise.all(run!.jobs.map(async (id) => (await call(url, 'GET', `/jobs/${id}`)).body));
    expect(jobs.map((job) => [job.kind, job.status])).toEqual([
      ['profile', 'succeeded'],
      ['generate', 'succeeded'],
      ['validate', 'succeeded'],
    ]);
    const started2 = jobs.map((job) => String(job.startedAt));
    const finished = jobs.map((job) => String(job.finishedAt));
    expect(started2[1]! >= finished[0]! && started2[2]! >= finished[1]!).toBe(true);
    const [rows] = await runSql<{ n: string }>(target.url, 'SELECT count(*) AS n FROM shop.customers');
    expect(Number(rows?.n)).toBeGreaterThan(0);

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
