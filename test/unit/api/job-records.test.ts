/**
 * Job records survive a restart: finished and queued jobs are kept (a queued one runs), the job that was
 * running when the service died is marked `interrupted`, records are written whole (no temporary files
 * left), and finished records are pruned by age and count (with an injected clock).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveJobSettings } from '../../../src/api/jobs/job-settings.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import type { JobRecord } from '../../../src/api/jobs/job-types.js';
import { silentLogger } from '../../../src/shared/log.js';

const untilCancelled = ({ signal }: { signal: AbortSignal }) =>
  new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

const dirs: string[] = [];
function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doppel-job-records-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function readRecords(dir: string): JobRecord[] {
  return readdirSync(join(dir, 'jobs')).map(
    (name) => JSON.parse(readFileSync(join(dir, 'jobs', name), 'utf8')) as JobRecord,
  );
}

describe('job records across a restart', () => {
  it('keeps finished and queued jobs and marks the running one interrupted', async () => {
    const dir = stateDir();
    // The first service: one finished job, one running, one queued; then it dies without closing.
    const first = new JobStore({ log: silentLogger, stateDir: dir, settings: { concurrency: 1 } });
    const done = first.start('export', { profile: 'demo' }, async () => ({ ok: true }));
    await first.wait(done.id);
    const running = first.start('generate', { profile: 'demo' }, untilCancelled);
    const queued = first.start('validate', { profile: 'demo' }, async () => 'never here', {
      kind: 'validate',
      profile: 'demo',
      source: 'staging',
    });
    expect(queued.status).toBe('queued');
    await first.flush();
    const onDisk = readRecords(dir);
    expect(onDisk.map((record) => record.status).sort()).toEqual(['queued', 'running', 'succeeded']);
    expect(readdirSync(join(dir, 'jobs')).every((name) => /^[0-9a-f-]{36}\.json$/.test(name))).toBe(true);

    const second = new JobStore({ log: silentLogger, stateDir: dir, settings: { concurrency: 1 } });
    const prepared: unknown[] = [];
    await second.load(async (kind, request) => {
      prepared.push({ kind, request });
      return async () => ({ validated: true });
    });
    expect(second.get(done.id)).toMatchObject({ status: 'succeeded', result: { ok: true } });
    const interrupted = second.get(running.id);
    expect(interrupted).toMatchObject({ status: 'interrupted', error: { kind: 'cancelled' } });
    expect(interrupted?.finishedAt).toBeDefined();
    expect(prepared).toEqual([
      { kind: 'validate', request: { kind: 'validate', profile: 'demo', source: 'staging' } },
    ]);
    expect(await second.wait(queued.id)).toMatchObject({ status: 'succeeded', result: { validated: true } });
    expect(new Set(second.list().map((record) => record.id))).toEqual(
      new Set([queued.id, running.id, done.id]),
    );
    const statuses = Object.fromEntries(readRecords(dir).map((record) => [record.id, record.status]));
    expect(statuses).toEqual({
      [done.id]: 'succeeded',
      [running.id]: 'interrupted',
      [queued.id]: 'succeeded',
    });
    await first.close();
    await second.close();
  });

  it('marks jobs cancelled by a stopping service interrupted; their waiting ones stay queued', async () => {
    const dir = stateDir();
    const store = new JobStore({ log: silentLogger, stateDir: dir, settings: { concurrency: 1 } });
    const running = store.start('generate', {}, untilCancelled);
    const waiting = store.start('generate', {}, untilCancelled, { kind: 'generate' });
    await store.close();
    expect(store.get(running.id)?.status).toBe('interrupted');
    const statuses = Object.fromEntries(readRecords(dir).map((record) => [record.id, record.status]));
    expect(statuses).toEqual({ [running.id]: 'interrupted', [waiting.id]: 'queued' });
  });

  it('skips a record that cannot be read, and interrupts a queued one that cannot be prepared', async () => {
    const dir = stateDir();
    const first = new JobStore({ log: silentLogger, stateDir: dir, settings: { concurrency: 1 } });
    first.start('generate', {}, untilCancelled);
    const waiting = first.start('generate', {}, untilCancelled, { kind: 'generate', profile: 'gone' });
    await first.flush();
    writeFileSync(join(dir, 'jobs', '00000000-0000-0000-0000-000000000000.json'), '{ broken');
    const warnings: string[] = [];
    const second = new JobStore({
      log: { ...silentLogger, warn: (line) => warnings.push(line) },
      stateDir: dir,
    });
    await second.load(async () => {
      throw new Error('There is no profile "gone".');
    });
    expect(warnings.join('\n')).toContain('00000000-0000-0000-0000-000000000000.json cannot be read');
    expect(second.get(waiting.id)?.status).toBe('failed');
    await first.close();
  });

  it('never writes a queued request that carries a password, and asks for it again after a restart', async () => {
    const dir = stateDir();
    const first = new JobStore({ log: silentLogger, stateDir: dir, settings: { concurrency: 1 } });
    first.start('generate', {}, untilCancelled);
    const source = 'postgres://reader:queued-canary-pw-61@db:5432/shop';
    const waiting = first.start(
      'validate',
      { source: 'postgres://reader:***@db:5432/shop' },
      untilCancelled,
      {
        kind: 'validate',
        profile: 'shop',
        source,
      },
    );
    await first.flush();
    const text = readdirSync(join(dir, 'jobs'))
      .map((name) => readFileSync(join(dir, 'jobs', name), 'utf8'))
      .join('\n');
    expect(text).not.toContain('queued-canary-pw-61');
    expect(text).toContain('"requestWithheld": true');
    const second = new JobStore({ log: silentLogger, stateDir: dir });
    let prepared = 0;
    await second.load(async () => {
      prepared++;
      return async () => 'never here';
    });
    expect(prepared).toBe(0);
    expect(second.get(waiting.id)).toMatchObject({
      status: 'interrupted',
      error: {
        kind: 'cancelled',
        message: expect.stringMatching(/address with a password.*submit it again/),
      },
    });
    await first.close();
  });
});

describe('retention', () => {
  it('prunes finished records past keepFor and beyond keep, oldest first', async () => {
    const dir = stateDir();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = () => new Date(now);
    const store = new JobStore({
      log: silentLogger,
      stateDir: dir,
      now: clock,
      settings: { keep: 2, keepForMs: 3_600_000 },
    });
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const record = store.start('export', {}, async () => index);
      await store.wait(record.id);
      ids.push(record.id);
      now += 60_000;
    }
    await store.prune();
    expect(store.list().map((record) => record.id)).toEqual([ids[2], ids[1]]);
    expect(readdirSync(join(dir, 'jobs')).sort()).toEqual([`${ids[1]}.json`, `${ids[2]}.json`].sort());
    const running = store.start('generate', {}, untilCancelled);
    now += 2 * 3_600_000;
    await store.prune();
    // Past keepFor: both finished records go; the running job stays.
    expect(store.list().map((record) => record.id)).toEqual([running.id]);
    await store.close();
    // A restart applies retention too.
    const restarted = new JobStore({ log: silentLogger, stateDir: dir, now: clock, settings: { keep: 0 } });
    await restarted.load();
    expect(restarted.list()).toEqual([]);
  });

  it('reads serve.jobs and DOPPEL_JOB_* over the defaults', () => {
    const config = { serve: { jobs: { concurrency: 3, backlog: 10, keepFor: '2d', keep: 50 } } };
    expect(resolveJobSettings(config, 'doppel.yaml', {})).toEqual({
      concurrency: 3,
      backlog: 10,
      keepForMs: 2 * 86_400_000,
      keep: 50,
    });
    expect(resolveJobSettings(config, 'doppel.yaml', { DOPPEL_JOB_CONCURRENCY: '1' }).concurrency).toBe(1);
    expect(() => resolveJobSettings({ serve: { jobs: { keepFor: 'soon' } } }, 'doppel.yaml', {})).toThrow(
      'serve.jobs.keepFor in doppel.yaml must be a duration such as 30m, 12h or 7d, not "soon".',
    );
    expect(() => resolveJobSettings({ serve: { jobs: { concurency: 2 } } }, 'doppel.yaml', {})).toThrow(
      'unknown setting "concurency"',
    );
    expect(() => resolveJobSettings({}, 'doppel.yaml', { DOPPEL_JOB_CONCURRENCY: '0' })).toThrow(
      'DOPPEL_JOB_CONCURRENCY must be a whole number of at least 1, not "0".',
    );
  });
});
