/**
 * The service runs a bounded number of jobs at once: one more is a 429 in the common error shape (not
 * started, no record), and a slot frees when a job ends or is cancelled.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { LIMITS } from '../../../src/shared/limits.js';
import { silentLogger } from '../../../src/shared/log.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

/** Work that runs until its job is cancelled. */
const untilCancelled = ({ signal }: { signal: AbortSignal }) =>
  new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

describe('concurrent jobs', () => {
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
    dir = mkdtempSync(join(tmpdir(), 'doppel-job-limit-'));
    cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
    mkdirSync(join(dir, 'output'));
    jobs = new JobStore({ log: silentLogger, stateDir: join(dir, 'state'), maxRunning: 2 });
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

  it('answers 429 once the limit is running, and accepts again when a job ends', async () => {
    const first = jobs.start('generate', {}, untilCancelled);
    jobs.start('generate', {}, untilCancelled);
    const refused = await post(dryRun);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      error: {
        kind: 'busy',
        message: 'The service is running 2 jobs, as many as it runs at once; try again when one has ended.',
      },
    });
    expect(jobs.list()).toHaveLength(2);
    expect(() => jobs.start('generate', {}, untilCancelled)).toThrow(/as many as it runs at once/);

    await jobs.cancel(first.id);
    const accepted = await post(dryRun);
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    expect((await jobs.wait(id))?.status).toBe('succeeded');
    // The finished dry run gave its slot back: one running job, room for one more.
    expect((await post(dryRun)).status).toBe(202);
  });

  it('runs at most LIMITS.runningJobs by default', () => {
    const store = new JobStore({ log: silentLogger, stateDir: join(dir, 'default-state') });
    for (let index = 0; index < LIMITS.runningJobs; index++) store.start('export', {}, untilCancelled);
    expect(() => store.start('export', {}, untilCancelled)).toThrow(`running ${LIMITS.runningJobs} jobs`);
    return store.close();
  });
});
