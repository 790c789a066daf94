/**
 * Runs schedules: each enabled schedule has one timer set (through the injected clock) for its cron
 * expression's next time; when it fires, the schedule's steps are submitted to the job queue one after the
 * other, each waiting for the previous job to succeed, so they share the queue's limits and records. A run
 * that is due while the previous run of the same schedule is still going is not started: it is recorded as
 * `skipped`. Runs that were due while the service was down are not made up. Every change is written to the
 * schedule's file (schedule-records.ts); a run that was going when the service stopped is read back as
 * `interrupted`.
 */
import { randomUUID } from 'node:crypto';
import type { Cron } from 'croner';
import { DoppelError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { describeError, NotFoundError } from '../error-handler.js';

import type { JobStore } from '../jobs/job-store.js';
import type { JobKind, PreparedJob } from '../jobs/job-types.js';
import type { Body } from '../request-body.js';
import { type Clock, LONGEST_TIMER_MS, systemClock } from './clock.js';
import { parseCron, type ScheduleDefinition } from './schedule-definition.js';
import {
  ensureSchedulesDir,
  readScheduleRecords,
  removeScheduleRecord,
  type ScheduleRun,
  type StoredSchedule,
  writeScheduleRecord,
} from './schedule-records.js';

/** A schedule as the routes return it: the stored schedule, its next time and its last run. */
export interface ScheduleView extends StoredSchedule {
  /** When the expression fires next (absent when disabled or when it never fires again). */
  readonly nextRun?: string;
  /** The latest run that started (skipped ones are only in `runs`). */
  readonly lastRun?: ScheduleRun;
}

export interface SchedulerOptions {
  readonly jobs: JobStore;
  /** Turns a step into a job's parameters and work (the service passes `PREPARE_JOB`). */
  readonly prepare: (kind: JobKind, step: Body) => Promise<PreparedJob>;
  readonly log: Logger;
  /** Time and timers (tests inject a clock of their own). */
  readonly clock?: Clock;
  /** Where schedule files go (default: the job store's state directory). */
  readonly stateDir?: string;
  /** Runs kept per schedule, newest first (default 50). */
  readonly runsKept?: number;
}

interface Entry {
  schedule: StoredSchedule;
  readonly cron: Cron;
  timer?: unknown;
  nextRun?: Date;
  /** The run going now, and the promise that settles when it has ended and been recorded. */
  current?: { readonly id: string; readonly done: Promise<void> };
  saving: Promise<void>;
}

/** Schedules by name: create, change, delete, run now, and the timers that fire them. */
export class Scheduler {
  readonly #entries = new Map<string, Entry>();
  readonly #jobs: JobStore;
  readonly #prepare: SchedulerOptions['prepare'];
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #stateDir: string;
  readonly #runsKept: number;
  #closing = false;
  /** Resolves when the scheduler closes: runs stop waiting for their jobs then. */
  readonly #closed: Promise<undefined>;
  #close: () => void = () => {};

  constructor(options: SchedulerOptions) {
    this.#closed = new Promise((resolve) => {
      this.#close = () => resolve(undefined);
    });
    this.#jobs = options.jobs;
    this.#prepare = options.prepare;
    this.#log = options.log;
    this.#clock = options.clock ?? systemClock;
    this.#stateDir = options.stateDir ?? options.jobs.stateDir;
    this.#runsKept = options.runsKept ?? 50;
  }

  /**
   * Reads the stored schedules and takes `configured` (from `serve.schedules`) over them: a configured
   * schedule keeps its stored runs; a stored one that came from the file and is no longer there is deleted.
   * A run that was going when the service stopped becomes `interrupted`. Then the timers are set.
   */
  async load(configured: readonly ScheduleDefinition[] = []): Promise<void> {
    const dir = await ensureSchedulesDir(this.#stateDir);
    const { schedules, unreadable } = await readScheduleRecords(dir);
    for (const { file, reason } of unreadable)
      this.#log.warn(`The schedule file ${file} cannot be read (${reason}); it is left as it is.`);
    const stored = new Map(schedules.map((schedule) => [schedule.name, schedule]));
    const now = this.#timestamp();
    for (const definition of configured) {
      const previous = stored.get(definition.name);
      stored.delete(definition.name);
      this.#add({
        ...definition,
        origin: 'config',
        createdAt: previous?.createdAt ?? now,
        runs: interruptRuns(previous?.runs ?? [], now),
      });
    }
    for (const schedule of stored.values()) {
      if (schedule.origin === 'config') {
        await removeScheduleRecord(dir, schedule.name);
        this.#log.info(`schedule ${schedule.name} is no longer in the configuration file; removed`);
        continue;
      }
      try {
        this.#add({ ...schedule, runs: interruptRuns(schedule.runs, now) });
      } catch (error) {
        this.#log.warn(
          `The stored schedule ${schedule.name} cannot be used: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    for (const entry of this.#entries.values()) {
      this.#save(entry);
      this.#arm(entry);
    }
  }

  list(): ScheduleView[] {
    return [...this.#entries.values()]
      .map((entry) => this.#view(entry))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): ScheduleView {
    return this.#view(this.#entry(name));
  }

  /** Adds a schedule made over HTTP; a name already taken is refused (409). */
  async create(definition: ScheduleDefinition): Promise<ScheduleView> {
    if (this.#entries.has(definition.name))
      throw new DoppelError(
        'refused',
        `A schedule named "${definition.name}" exists; delete it first to replace it.`,
      );
    const entry = this.#add({ ...definition, origin: 'api', createdAt: this.#timestamp(), runs: [] });
    this.#save(entry);
    this.#arm(entry);
    this.#log.info(`schedule ${definition.name} created (${definition.cron})`);
    await entry.saving;
    return this.#view(entry);
  }

  /** Enables or disables a schedule made over HTTP (one from the configuration file is changed there). */
  async setEnabled(name: string, enabled: boolean): Promise<ScheduleView> {
    const entry = this.#changeable(name);
    entry.schedule = { ...entry.schedule, enabled };
    this.#save(entry);
    this.#arm(entry);
    this.#log.info(`schedule ${name} ${enabled ? 'enabled' : 'disabled'}`);
    await entry.saving;
    return this.#view(entry);
  }

  /** Deletes a schedule made over HTTP; a run going on goes on (its jobs stay in the job list). */
  async remove(name: string): Promise<ScheduleView> {
    const entry = this.#changeable(name);
    this.#disarm(entry);
    this.#entries.delete(name);
    await entry.saving;
    await removeScheduleRecord(await ensureSchedulesDir(this.#stateDir), name);
    this.#log.info(`schedule ${name} deleted`);
    return this.#view(entry);
  }

  /** Starts a run now (or records it skipped, when the previous run is still going); returns it. */
  runNow(name: string): ScheduleRun {
    return this.#start(this.#entry(name), 'manual', this.#clock.now());
  }

  /** Resolves once the run going on (if any) has ended and every change is written. */
  async idle(name?: string): Promise<void> {
    const entries = name === undefined ? [...this.#entries.values()] : [this.#entry(name)];
    await Promise.all(entries.map((entry) => entry.current?.done));
    await Promise.all(entries.map((entry) => entry.saving));
  }

  /**
   * Stops every timer; a run going on is recorded `interrupted` and starts no further step (its current job
   * is stopped or kept queued by the job store's own close).
   */
  close(): void {
    this.#closing = true;
    this.#close();
    for (const entry of this.#entries.values()) this.#disarm(entry);
  }

  #entry(name: string): Entry {
    const entry = this.#entries.get(name);
    if (entry === undefined) throw new NotFoundError(`There is no schedule ${name}.`);
    return entry;
  }

  #changeable(name: string): Entry {
    const entry = this.#entry(name);
    if (entry.schedule.origin === 'config')
      throw new DoppelError(
        'refused',
        `The schedule "${name}" comes from the configuration file (serve.schedules); change it there.`,
      );
    return entry;
  }

  #add(schedule: StoredSchedule): Entry {
    const cron = parseCron(schedule.cron, schedule.timezone, `The schedule "${schedule.name}"`);
    const entry: Entry = { schedule, cron, saving: Promise.resolve() };
    this.#entries.set(schedule.name, entry);
    return entry;
  }

  #view(entry: Entry): ScheduleView {
    const { schedule, nextRun } = entry;
    const lastRun = schedule.runs.find((run) => run.status !== 'skipped');
    return {
      ...schedule,
      ...(nextRun === undefined ? {} : { nextRun: nextRun.toISOString() }),
      ...(lastRun === undefined ? {} : { lastRun }),
    };
  }

  /** Sets the timer for the expression's next time after `from` (default now); none when disabled. */
  #arm(entry: Entry, from: Date = this.#clock.now()): void {
    this.#disarm(entry);
    if (this.#closing || !entry.schedule.enabled) return;
    const next = entry.cron.nextRun(from);
    if (next === null) return;
    entry.nextRun = next;
    this.#wait(entry, next);
  }

  #wait(entry: Entry, due: Date): void {
    const delay = Math.min(LONGEST_TIMER_MS, Math.max(0, due.getTime() - this.#clock.now().getTime()));
    entry.timer = this.#clock.setTimer(() => this.#fire(entry, due), delay);
  }

  #fire(entry: Entry, due: Date): void {
    entry.timer = undefined;
    if (this.#entries.get(entry.schedule.name) !== entry || this.#closing) return;
    const now = this.#clock.now();
    // A wait longer than one timer allows, or a timer that fired early: wait again for the same time.
    if (now.getTime() < due.getTime()) {
      this.#wait(entry, due);
      return;
    }
    this.#start(entry, 'cron', due);
    this.#arm(entry, now);
  }

  #disarm(entry: Entry): void {
    if (entry.timer !== undefined) this.#clock.clearTimer(entry.timer);
    entry.timer = undefined;
    entry.nextRun = undefined;
  }

  #start(entry: Entry, trigger: ScheduleRun['trigger'], scheduledFor: Date): ScheduleRun {
    const name = entry.schedule.name;
    const base = { id: randomUUID(), trigger, scheduledFor: scheduledFor.toISOString(), jobs: [] };
    if (entry.current !== undefined) {
      const skipped: ScheduleRun = {
        ...base,
        status: 'skipped',
        finishedAt: this.#timestamp(),
        reason: `The previous run (${entry.current.id}) was still going.`,
      };
      this.#record(entry, skipped);
      this.#log.info(`schedule ${name} run ${skipped.id} skipped: run ${entry.current.id} is still going`, {
        schedule: { name, run: skipped.id, status: 'skipped', trigger },
      });
      return skipped;
    }
    const run: ScheduleRun = { ...base, status: 'running', startedAt: this.#timestamp() };
    this.#record(entry, run);
    this.#log.info(`schedule ${name} run ${run.id} started (${trigger})`, {
      schedule: { name, run: run.id, status: 'running', trigger },
    });
    const done = this.#runSteps(entry, run).finally(() => {
      entry.current = undefined;
    });
    entry.current = { id: run.id, done };
    return run;
  }

  async #runSteps(entry: Entry, started: ScheduleRun): Promise<void> {
    const jobs: string[] = [];
    let run = started;
    const update = (change: Partial<ScheduleRun>) => {
      run = { ...run, ...change, jobs: [...jobs] };
      this.#record(entry, run);
    };
    const steps = entry.schedule.steps;
    try {
      for (const [index, step] of steps.entries()) {
        const kind = step.kind as JobKind;
        const what = `step ${index + 1} of ${steps.length} (${kind})`;
        let record: Awaited<ReturnType<JobStore['wait']>>;
        try {
          this.#jobs.checkCapacity();
          const prepared = await this.#prepare(kind, step);
          record = this.#jobs.start(kind, prepared.params, prepared.work, step);
        } catch (error) {
          throw new Error(`${what} was not started: ${describeError(error).body.error.message}`);
        }
        jobs.push(record.id);
        update({});
        const final = await Promise.race([this.#jobs.wait(record.id), this.#closed]);
        if (final === undefined || final.status === 'interrupted') {
          update({
            status: 'interrupted',
            finishedAt: this.#timestamp(),
            reason: `${what}: the service stopped.`,
          });
          return;
        }
        if (final.status !== 'succeeded')
          throw new Error(
            `${what}: job ${record.id} ${final.status}${final.error === undefined ? '' : `: ${final.error.message}`}`,
          );
      }
      update({ status: 'succeeded', finishedAt: this.#timestamp() });
    } catch (error) {
      update({
        status: 'failed',
        finishedAt: this.#timestamp(),
        reason: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.#log.info(`schedule ${entry.schedule.name} run ${run.id} ${run.status}`, {
        schedule: { name: entry.schedule.name, run: run.id, status: run.status, jobs: run.jobs },
      });
      await entry.saving;
    }
  }

  /** Puts `run` first (replacing the record with its id), keeps `runsKept` runs, and writes the file. */
  #record(entry: Entry, run: ScheduleRun): void {
    const others = entry.schedule.runs.filter((candidate) => candidate.id !== run.id);
    const runs = [run, ...others]
      .sort((a, b) => (b.startedAt ?? b.finishedAt ?? '').localeCompare(a.startedAt ?? a.finishedAt ?? ''))
      .slice(0, this.#runsKept);
    entry.schedule = { ...entry.schedule, runs };
    this.#save(entry);
  }

  #save(entry: Entry): void {
    const schedule = entry.schedule;
    entry.saving = entry.saving.then(async () => {
      if (this.#entries.get(schedule.name) !== entry) return;
      try {
        await writeScheduleRecord(await ensureSchedulesDir(this.#stateDir), schedule);
      } catch (error) {
        this.#log.warn(
          `The schedule ${schedule.name} could not be written: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
  }

  #timestamp(): string {
    return this.#clock.now().toISOString();
  }
}

/** Runs that were going when the service stopped, read back: `interrupted`. */
function interruptRuns(runs: readonly ScheduleRun[], now: string): ScheduleRun[] {
  return runs.map((run) =>
    run.status === 'running'
      ? { ...run, status: 'interrupted', finishedAt: now, reason: 'The service stopped during the run.' }
      : run,
  );
}
