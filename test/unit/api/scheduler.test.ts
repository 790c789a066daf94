/**
 * Schedules driven by an injected clock (no test waits on the wall clock): a schedule fires at its cron time,
 * runs its steps in order through the job queue, records the outcome with the jobs' ids, skips (and records)
 * a run due while the previous one is still going, stops at a failing step, and is read back after a restart
 * with a run that was going marked interrupted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import type { PreparedJob } from '../../../src/api/jobs/job-types.js';
import {
  checkScheduleDefinition,
  readConfiguredSchedules,
  type ScheduleDefinition,
} from '../../../src/api/schedules/schedule-definition.js';
import { Scheduler } from '../../../src/api/schedules/scheduler.js';
import { DoppelError } from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/shared/log.js';
import { ManualClock } from '../../helpers/manual-clock.js';

/** A promise with its resolve, to hold a step's job until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const step = (profile: string) => ({ kind: 'validate', profile, source: 'staging' });

describe('the scheduler', () => {
  let dir: string;
  let clock: ManualClock;
  let jobs: JobStore;
  let order: string[];
  let gates: Map<string, Promise<void>>;
  let failing: Set<string>;
  let scheduler: Scheduler;

  const prepare = async (_kind: string, body: Readonly<Record<string, unknown>>): Promise<PreparedJob> => {
    const name = String(body.profile);
    return {
      params: { profile: name },
      work: async () => {
        order.push(name);
        await gates.get(name);
        if (failing.has(name)) throw new DoppelError('checkFailed', `${name} does not match`);
        return { ok: true };
      },
    };
  };

  const newScheduler = () =>
    new Scheduler({ jobs, prepare, log: silentLogger, clock, stateDir: join(dir, 'state') });

  const nightly: ScheduleDefinition = {
    name: 'nightly',
    cron: '0 3 * * *',
    timezone: 'UTC',
    enabled: true,
    steps: [step('first'), step('second'), step('third')],
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'doppel-scheduler-'));
    clock = new ManualClock('2026-03-01T12:00:00Z');
    jobs = new JobStore({ log: silentLogger, stateDir: join(dir, 'state'), now: () => clock.now() });
    order = [];
    gates = new Map();
    failing = new Set();
    scheduler = newScheduler();
  });
  afterEach(async () => {
    scheduler.close();
    await jobs.close();
    await scheduler.idle();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires at the cron time, runs the steps in order through the job queue and records the outcome', async () => {
    await scheduler.load();
    await scheduler.create(nightly);
    expect(scheduler.get('nightly').nextRun).toBe('2026-03-02T03:00:00.000Z');
    clock.advanceTo('2026-03-02T02:59:59Z');
    expect(scheduler.get('nightly').runs).toEqual([]);

    clock.advanceTo('2026-03-02T03:00:00Z');
    expect(scheduler.get('nightly').lastRun).toMatchObject({ status: 'running', trigger: 'cron' });
    await scheduler.idle('nightly');
    const schedule = scheduler.get('nightly');
    expect(order).toEqual(['first', 'second', 'third']);
    expect(schedule.lastRun).toMatchObject({
      status: 'succeeded',
      scheduledFor: '2026-03-02T03:00:00.000Z',
      finishedAt: '2026-03-02T03:00:00.000Z',
    });
    expect(schedule.lastRun?.jobs).toHaveLength(3);
    const records = schedule.lastRun?.jobs.map((id) => jobs.get(id));
    expect(records?.map((record) => [record?.params.profile, record?.status])).toEqual([
      ['first', 'succeeded'],
      ['second', 'succeeded'],
      ['third', 'succeeded'],
    ]);
    expect(schedule.nextRun).toBe('2026-03-03T03:00:00.000Z');
  });

  it('skips a run that is due while the previous run is still going, and records it as skipped', async () => {
    await scheduler.load();
    await scheduler.create({ ...nightly, cron: '*/10 * * * *' });
    const held = gate();
    gates.set('second', held.promise);
    clock.advanceTo('2026-03-01T12:10:00Z');
    // Let the first step finish and the second start.
    while (!order.includes('second')) await new Promise((resolve) => setImmediate(resolve));
    clock.advanceTo('2026-03-01T12:20:00Z');
    const during = scheduler.get('nightly');
    expect(during.runs.map((run) => [run.status, run.scheduledFor])).toEqual([
      ['skipped', '2026-03-01T12:20:00.000Z'],
      ['running', '2026-03-01T12:10:00.000Z'],
    ]);
    expect(during.runs[0]?.reason).toMatch(/previous run .* still going/);
    expect(during.lastRun).toMatchObject({ status: 'running' });
    expect(scheduler.runNow('nightly')).toMatchObject({ status: 'skipped', trigger: 'manual' });

    held.open();
    await scheduler.idle('nightly');
    expect(order).toEqual(['first', 'second', 'third']);
    expect(scheduler.get('nightly').runs.map((run) => run.status)).toEqual([
      'skipped',
      'skipped',
      'succeeded',
    ]);
    // The next due time runs again.
    clock.advanceTo('2026-03-01T12:30:00Z');
    await scheduler.idle('nightly');
    expect(scheduler.get('nightly').lastRun).toMatchObject({
      status: 'succeeded',
      scheduledFor: '2026-03-01T12:30:00.000Z',
    });
  });

  it('stops at a failing step and records which one failed', async () => {
    await scheduler.load();
    await scheduler.create(nightly);
    failing.add('second');
    scheduler.runNow('nightly');
    await scheduler.idle('nightly');
    const run = scheduler.get('nightly').lastRun;
    expect(order).toEqual(['first', 'second']);
    expect(run).toMatchObject({ status: 'failed', trigger: 'manual' });
    expect(run?.reason).toMatch(/^step 2 of 3 \(validate\): job \S+ failed: second does not match/);
    expect(run?.jobs).toHaveLength(2);
  });

  it('records a step the queue refuses as a failed run', async () => {
    const busy = new JobStore({
      log: silentLogger,
      stateDir: join(dir, 'state'),
      settings: { concurrency: 1, backlog: 0 },
    });
    const held = gate();
    busy.start('generate', {}, () => held.promise);
    const refused = new Scheduler({
      jobs: busy,
      prepare,
      log: silentLogger,
      clock,
      stateDir: join(dir, 'state'),
    });
    await refused.create(nightly);
    refused.runNow('nightly');
    await refused.idle();
    expect(refused.get('nightly').lastRun?.reason).toMatch(
      /^step 1 of 3 \(validate\) was not started: The service is running 1 jobs/,
    );
    held.open();
    await busy.close();
  });

  it('keeps schedules and runs across a restart; a run that was going is read back interrupted', async () => {
    await scheduler.load();
    await scheduler.create(nightly);
    await scheduler.create({ ...nightly, name: 'paused', enabled: false });
    expect(scheduler.get('paused').nextRun).toBeUndefined();
    const held = gate();
    gates.set('first', held.promise);
    scheduler.runNow('nightly');
    while (!order.includes('first')) await new Promise((resolve) => setImmediate(resolve));
    // The file says so once the write is done.
    const stored = () => JSON.parse(readFileSync(join(dir, 'state', 'schedules', 'nightly.json'), 'utf8'));
    while (stored().runs[0]?.jobs.length !== 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stored().runs[0]).toMatchObject({ status: 'running' });

    // The service is gone without a word (the old scheduler is simply dropped): a new one reads the files.
    const again = newScheduler();
    await again.load();
    expect(again.list().map((schedule) => [schedule.name, schedule.enabled, schedule.origin])).toEqual([
      ['nightly', true, 'api'],
      ['paused', false, 'api'],
    ]);
    expect(again.get('nightly').lastRun).toMatchObject({ status: 'interrupted' });
    expect(again.get('nightly').nextRun).toBe('2026-03-02T03:00:00.000Z');
    again.close();
    held.open();
  });

  it('takes schedules from the configuration file over stored ones, and refuses to change them over HTTP', async () => {
    const configured = readConfiguredSchedules(
      { serve: { schedules: { refresh: { cron: '@daily', timezone: 'UTC', steps: [step('first')] } } } },
      'doppel.yaml',
    );
    await scheduler.load(configured);
    expect(scheduler.get('refresh')).toMatchObject({
      origin: 'config',
      enabled: true,
      nextRun: '2026-03-02T00:00:00.000Z',
    });
    await expect(scheduler.remove('refresh')).rejects.toThrow(/configuration file \(serve.schedules\)/);
    await expect(scheduler.setEnabled('refresh', false)).rejects.toThrow(/change it there/);
    await expect(scheduler.create({ ...nightly, name: 'refresh' })).rejects.toThrow(/exists/);
    scheduler.close();
    // Gone from the file: gone from the service (and its file removed).
    const again = newScheduler();
    await again.load([]);
    expect(again.list()).toEqual([]);
    again.close();
  });
});

describe('a schedule definition', () => {
  const base = { name: 'n', cron: '0 3 * * *', steps: [step('demo')] };
  const check = (change: Record<string, unknown>) => () =>
    checkScheduleDefinition({ ...base, ...change }, 'The schedule');

  it('accepts a valid one, enabled by default', () => {
    expect(check({})()).toMatchObject({ name: 'n', enabled: true, steps: [step('demo')] });
  });

  it('refuses a bad cron expression, time zone, name, step or step with a credential, naming it', () => {
    expect(check({ cron: '61 * * * *' })).toThrow(
      /The schedule: the cron expression "61 \* \* \* \*" is not valid/,
    );
    expect(check({ timezone: 'Mars/Olympus' })).toThrow(/the time zone "Mars\/Olympus" is not known/);
    expect(check({ name: '../x' })).toThrow(/a schedule name is/);
    expect(check({ steps: [] })).toThrow(/"steps" must be a list of 1 to 20/);
    expect(check({ steps: [{ kind: 'dance' }] })).toThrow(/step 1: the field "kind" must be one of/);
    expect(check({ steps: [step('demo'), { kind: 'validate', profile: 'demo' }] })).toThrow(
      /step 2: the field "source" is required/,
    );
    expect(
      check({ steps: [{ kind: 'validate', profile: 'demo', source: 'postgres://u:hunter22@db/app' }] }),
    ).toThrow(/step 1 carries a credential; schedules are stored on disk/);
    expect(() =>
      readConfiguredSchedules({ serve: { schedules: { bad: { cron: 'x', steps: [] } } } }, 'doppel.yaml'),
    ).toThrow(/serve.schedules in doppel.yaml: bad: the cron expression "x"/);
  });
});
