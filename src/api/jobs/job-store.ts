/**
 * Background jobs of the HTTP service, queued: at most `concurrency` run at once, at most `backlog` wait
 * (`queued`), and one more is refused with a 429 carrying Retry-After. Each running job has its own
 * AbortController (cancelling reaches the server's query), reports progress, and ends succeeded, failed or
 * cancelled. Every change of status is written to `<state>/jobs/<id>.json` atomically (job-records.ts);
 * `load` reads the records back when the service starts: finished ones are kept, a job that was running
 * when the service stopped becomes `interrupted`, and queued ones are queued again. Finished records are
 * pruned by age and count. Records hold only what may be shown: parameters carry addresses as displayed (no
 * password), errors are scrubbed.
 */
import { randomUUID } from 'node:crypto';
import { DoppelError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { redactJsonValue, redactText } from '../../shared/redact.js';
import { resolveStateDir } from '../../shared/state-dir.js';
import { BusyError, describeError, logServerSide } from '../error-handler.js';
import { ensureJobsDir, readJobRecords, removeJobRecord, writeJobRecord } from './job-records.js';
import { defaultJobSettings, type JobSettings } from './job-settings.js';
import {
  isFinished,
  type JobKind,
  type JobProgress,
  type JobRecord,
  type JobStatus,
  type JobWork,
  type PrepareStoredJob,
} from './job-types.js';

interface Job {
  record: JobRecord;
  /** The request as it may be shown, kept in the record file while the job waits (to queue it again). */
  request?: Readonly<Record<string, unknown>>;
  /** The request carried a credential, so it is not written: a restart cannot queue the job again. */
  requestWithheld?: boolean;
  work?: JobWork;
  readonly controller: AbortController;
  readonly settled: Promise<void>;
  readonly settle: () => void;
  /** Writes of this job's record, one after the other. */
  saving: Promise<void>;
}

export interface JobStoreOptions {
  readonly log: Logger;
  /** The state directory (default: `$DOPPEL_STATE_DIR`, else `.doppel/` under the working directory). */
  readonly stateDir?: string;
  /** Concurrency, backlog and retention (default `defaultJobSettings()`). */
  readonly settings?: Partial<JobSettings>;
  /** The clock (tests inject one). */
  readonly now?: () => Date;
}

/** Durations of the last jobs, for the Retry-After estimate. */
const DURATIONS_KEPT = 20;

/** Jobs by id; start (or queue), read and cancel them. */
export class JobStore {
  readonly #jobs = new Map<string, Job>();
  readonly #queue: Job[] = [];
  readonly #log: Logger;
  readonly #stateDir: string | undefined;
  readonly #settings: JobSettings;
  readonly #now: () => Date;
  readonly #durations: number[] = [];
  #running = 0;
  #closing = false;

  constructor(options: JobStoreOptions) {
    this.#log = options.log;
    this.#stateDir = options.stateDir;
    this.#settings = { ...defaultJobSettings(), ...options.settings };
    this.#now = options.now ?? (() => new Date());
  }

  /** Where run manifests and job records go. */
  get stateDir(): string {
    return this.#stateDir ?? resolveStateDir();
  }

  get settings(): JobSettings {
    return this.#settings;
  }

  /**
   * Refuses (429, with a Retry-After estimate) when every slot runs a job and the backlog is full; a route
   * asks before preparing a job's work.
   */
  checkCapacity(): void {
    const { concurrency, backlog } = this.#settings;
    if (this.#running < concurrency || this.#queue.length < backlog) return;
    throw new BusyError(
      `The service is running ${this.#running} jobs and ${this.#queue.length} are waiting, as many as it takes; try again later.`,
      this.#retryAfterSeconds(),
    );
  }

  /**
   * Starts `work` now, or queues it when every slot is taken; returns the job's first record (`running` or
   * `queued`). `request` (as it may be shown) is kept while the job waits, so a restart can queue it again.
   */
  start(
    kind: JobKind,
    params: Readonly<Record<string, unknown>>,
    work: JobWork,
    request?: Readonly<Record<string, unknown>>,
  ): JobRecord {
    this.checkCapacity();
    const record: JobRecord = {
      id: randomUUID(),
      kind,
      status: 'queued',
      params,
      createdAt: this.#timestamp(),
    };
    // A credential is never written to disk; without it the stored request could not run again.
    const withheld = request !== undefined && carriesCredential(request);
    const job = this.#add(record, work, withheld ? undefined : request);
    if (withheld) job.requestWithheld = true;
    this.#logEvent(job);
    this.#queue.push(job);
    this.#pump();
    if (job.record.status === 'queued') this.#save(job);
    return job.record;
  }

  /**
   * Reads the stored records (call once, before serving): finished ones are kept as they are, a job that
   * was running becomes `interrupted`, a queued one is queued again through `prepare` (or interrupted when
   * it cannot be), then retention is applied.
   */
  async load(prepare?: PrepareStoredJob): Promise<void> {
    const dir = await ensureJobsDir(this.#stateDir);
    const { records, unreadable } = await readJobRecords(dir);
    for (const { file, reason } of unreadable)
      this.#log.warn(`The job record ${file} cannot be read (${reason}); it is left as it is.`);
    for (const stored of records) {
      if (this.#jobs.has(stored.id)) continue;
      const { request, requestWithheld, ...record } = stored as JobRecord & {
        request?: Record<string, unknown>;
        requestWithheld?: boolean;
      };
      if (isFinished(record.status)) {
        this.#add(record).settle();
        continue;
      }
      const job = this.#add(record, undefined, request);
      if (record.status === 'queued' && prepare !== undefined && request !== undefined) {
        try {
          job.work = await prepare(record.kind, request);
          this.#queue.push(job);
          continue;
        } catch (error) {
          this.#end(job, 'failed', error);
          continue;
        }
      }
      this.#end(
        job,
        'interrupted',
        new DoppelError(
          'cancelled',
          record.status === 'running'
            ? 'The service stopped while the job was running; doppel clean removes what its run wrote.'
            : requestWithheld === true
              ? "The service stopped before the job ran; its request named an address with a password, which is never written to disk, so it could not be queued again: submit it again (or name one of the service's connections)."
              : 'The service stopped before the job ran, and its request could not be queued again.',
        ),
      );
    }
    await this.prune();
    this.#pump();
  }

  /** The job's current record. */
  get(id: string): JobRecord | undefined {
    return this.#jobs.get(id)?.record;
  }

  /** Every job, newest first. */
  list(): JobRecord[] {
    // Newest first; jobs created within the same millisecond keep the order they were added in, reversed.
    return [...this.#jobs.values()]
      .map((job) => job.record)
      .reverse()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Cancels a queued or running job and waits until it has stopped; returns its final record. */
  async cancel(id: string): Promise<JobRecord | undefined> {
    const job = this.#jobs.get(id);
    if (job === undefined) return undefined;
    const reason = new DoppelError('cancelled', 'The job was cancelled.');
    if (job.record.status === 'queued') {
      this.#queue.splice(this.#queue.indexOf(job), 1);
      this.#end(job, 'cancelled', reason);
    } else if (job.record.status === 'running') job.controller.abort(reason);
    await job.settled;
    await job.saving;
    return job.record;
  }

  /** Waits for a job to end (tests and shutdown) and for its record to be written. */
  async wait(id: string): Promise<JobRecord | undefined> {
    const job = this.#jobs.get(id);
    await job?.settled;
    await job?.saving;
    return job?.record;
  }

  /** Resolves once every record written so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.#jobs.values()].map((job) => job.saving));
  }

  /**
   * Stops: queued jobs stay queued (their records let the next start queue them again), running ones are
   * cancelled and recorded `interrupted`; resolves once every record is written.
   */
  async close(): Promise<void> {
    this.#closing = true;
    const running = [...this.#jobs.values()].filter((job) => job.record.status === 'running');
    for (const job of running) job.controller.abort(new DoppelError('cancelled', 'The service is stopping.'));
    await Promise.all(running.map((job) => job.settled));
    await this.flush();
  }

  /** Deletes finished records past the configured age or beyond the configured count (oldest first). */
  async prune(): Promise<void> {
    const { keepForMs, keep } = this.#settings;
    const oldest = this.#now().getTime() - keepForMs;
    const finished = [...this.#jobs.values()]
      .filter((job) => isFinished(job.record.status))
      .sort((a, b) => (b.record.finishedAt ?? '').localeCompare(a.record.finishedAt ?? ''));
    const dropped = finished.filter(
      (job, index) => index >= keep || Date.parse(job.record.finishedAt ?? '') < oldest,
    );
    if (dropped.length === 0) return;
    const dir = await ensureJobsDir(this.#stateDir);
    for (const job of dropped) {
      this.#jobs.delete(job.record.id);
      await job.saving;
      await removeJobRecord(dir, job.record.id);
    }
    this.#log.debug(`${dropped.length} finished job records pruned`);
  }

  #add(record: JobRecord, work?: JobWork, request?: Readonly<Record<string, unknown>>): Job {
    let settle = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const job: Job = {
      record,
      ...(work === undefined ? {} : { work }),
      ...(request === undefined ? {} : { request }),
      controller: new AbortController(),
      settled,
      settle,
      saving: Promise.resolve(),
    };
    this.#jobs.set(record.id, job);
    return job;
  }

  /** Runs queued jobs while slots are free. */
  #pump(): void {
    while (!this.#closing && this.#running < this.#settings.concurrency) {
      const job = this.#queue.shift();
      if (job === undefined) return;
      void this.#run(job);
    }
  }

  async #run(job: Job): Promise<void> {
    this.#running++;
    const { id } = job.record;
    const started = this.#now();
    delete job.request;
    job.record = { ...job.record, status: 'running', startedAt: started.toISOString() };
    this.#logEvent(job);
    this.#save(job);
    const { controller } = job;
    const report = (progress: JobProgress) => {
      if (job.record.status === 'running')
        job.record = { ...job.record, progress: { ...progress, message: redactText(progress.message) } };
    };
    try {
      const work = job.work ?? (() => Promise.reject(new Error(`job ${id} has no work`)));
      const result = await work({
        signal: controller.signal,
        report,
        ...(this.#stateDir === undefined ? {} : { stateDir: this.#stateDir }),
      });
      if (controller.signal.aborted) this.#end(job, this.#stoppedStatus(), controller.signal.reason);
      else {
        job.record = { ...job.record, status: 'succeeded', finishedAt: this.#timestamp(), result };
        this.#logEvent(job);
        this.#save(job);
        job.settle();
      }
    } catch (error) {
      this.#end(job, controller.signal.aborted ? this.#stoppedStatus() : 'failed', error);
    } finally {
      this.#running--;
      delete job.work;
      this.#durations.push(this.#now().getTime() - started.getTime());
      if (this.#durations.length > DURATIONS_KEPT) this.#durations.shift();
    }
    this.#pump();
    await this.prune().catch((error: unknown) =>
      this.#log.warn(`Pruning job records failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** A job stopped by its own cancel is `cancelled`; one stopped by the service stopping, `interrupted`. */
  #stoppedStatus(): JobStatus {
    return this.#closing ? 'interrupted' : 'cancelled';
  }

  #end(job: Job, status: JobStatus, error: unknown): void {
    const { body, status: http } = describeError(error);
    const { id, kind } = job.record;
    if (status === 'failed') logServerSide(this.#log, `job ${id} (${kind})`, error, http);
    delete job.request;
    job.record = { ...job.record, status, finishedAt: this.#timestamp(), error: body.error };
    this.#logEvent(job);
    this.#save(job);
    job.settle();
  }

  /** One log line per job event: the job's id, kind and new status (and the error's kind), never its parameters. */
  #logEvent(job: Job): void {
    const { id, kind, status, startedAt, finishedAt, error } = job.record;
    const milliseconds =
      startedAt !== undefined && finishedAt !== undefined
        ? Date.parse(finishedAt) - Date.parse(startedAt)
        : undefined;
    this.#log.info(`job ${id} (${kind}) ${status}`, {
      job: {
        id,
        kind,
        status,
        ...(milliseconds === undefined ? {} : { milliseconds }),
        ...(error === undefined ? {} : { error: error.kind }),
      },
    });
  }

  /** Queues a write of the job's record as it is now (records of one job are written in order). */
  #save(job: Job): void {
    const record = job.record;
    const stored =
      record.status !== 'queued'
        ? record
        : job.request !== undefined
          ? { ...record, request: job.request }
          : job.requestWithheld === true
            ? { ...record, requestWithheld: true }
            : record;
    job.saving = job.saving.then(async () => {
      try {
        await writeJobRecord(await ensureJobsDir(this.#stateDir), stored);
      } catch (error) {
        this.#log.warn(
          `The record of job ${record.id} could not be written: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
  }

  #retryAfterSeconds(): number {
    const mean =
      this.#durations.length === 0
        ? 10_000
        : this.#durations.reduce((sum, duration) => sum + duration, 0) / this.#durations.length;
    const waves = (this.#queue.length + 1) / this.#settings.concurrency;
    return Math.min(3_600, Math.max(1, Math.ceil((mean * waves) / 1_000)));
  }

  #timestamp(): string {
    return this.#now().toISOString();
  }
}

/** Whether scrubbing would change the request: it holds a registered secret or a password in an address. */
function carriesCredential(request: Readonly<Record<string, unknown>>): boolean {
  return JSON.stringify(request, redactJsonValue) !== JSON.stringify(request);
}
