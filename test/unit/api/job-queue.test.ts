/**
 * The service queues jobs: `concurrency` run, `backlog` wait (`queued`), one more is a 429 in the common
 * error shape with Retry-After (not started, no record); a queued job starts when a slot frees, and can be
 * cancelled while it waits.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { silentLogger } from '../../../src/shared/log.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

/** Work that runs until its job is cancelled. */
const untilCancelled = ({ signal }: { signal: AbortSignal }) =>
  new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

describe('the job queue', () => {
  let dir: string;
  let server: RunningServer;
  let jobs: JobStore;
  const dryRun = { kind: 'generate', profile: 'demo', target: 'out', dryRun: true };
  const post = (body: unknown) =>
    fetch(`${server.url}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doppel-job-queue-'));
    cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
    mkdirSync(join(dir, 'output'));
    jobs = new JobStore({
      log: silentLogger,
      stateDir: join(dir, 'state'),
      settings: { concurrency: 1, backlog: 1 },
    });
    const app = createApp({
      profilesRoot: join(dir, 'profiles'),
      jobs,
      settings: { outputRoot: join(dir, 'output') },
    });
    server = await startServer(app, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await jobs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs `concurrency` jobs, queues `backlog` more, and answers 429 with Retry-After beyond', async () => {
    const first = jobs.start('generate', {}, untilCancelled);
    expect(first.status).toBe('running');
    const waiting = await post(dryRun);
    expect(waiting.status).toBe(202);
    const queued = (await waiting.json()) as { id: string; status: string };
    expect(queued.status).toBe('queued');

    const refused = await post(dryRun);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({
      error: {
        kind: 'busy',
        message: 'The service is running 1 jobs and 1 are waiting, as many as it takes; try again later.',
      },
    });
    expect(jobs.list()).toHaveLength(2);
    expect(() => jobs.start('generate', {}, untilCancelled)).toThrow(/as many as it takes/);

    // The slot frees: the queued dry run starts and succeeds.
    await jobs.cancel(first.id);
    expect((await jobs.wait(queued.id))?.status).toBe('succeeded');
    expect((await jobs.get(queued.id))?.startedAt).toBeDefined();
    expect((await post(dryRun)).status).toBe(202);
  });

  it('cancels a queued job before it runs', async () => {
    const running = jobs.start('export', {}, untilCancelled);
    let ran = false;
    const waiting = jobs.start('export', {}, async () => {
      ran = true;
    });
    expect(waiting.status).toBe('queued');
    expect((await jobs.cancel(waiting.id))?.status).toBe('cancelled');
    await jobs.cancel(running.id);
    expect(ran).toBe(false);
  });

  it('defaults to one running job per core and a backlog of 100', async () => {
    const { availableParallelism } = await import('node:os');
    const store = new JobStore({ log: silentLogger, stateDir: join(dir, 'default-state') });
    expect(store.settings.concurrency).toBe(availableParallelism());
    expect(store.settings.backlog).toBe(100);
  });
});
