/**
 * Background jobs of the HTTP service: each runs with its own AbortController (cancelling reaches the
 * server's query), reports progress, and ends succeeded, failed or cancelled. Jobs live in memory, and a JSON
 * record of each is written to `<state>/jobs/<id>.json` when it starts and ends. Records hold only what may be
 * shown: parameters carry addresses as displayed (no password), errors are scrubbed.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DoppelError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/limits.js';
import type { Logger } from '../../shared/log.js';
import { redactJsonValue, redactText } from '../../shared/redact.js';
import { ensureStateDir, resolveStateDir, STATE_DIR_ENV } from '../../shared/state-dir.js';
import { BusyError, describeError, type ErrorResponse, logServerSide } from '../error-handler.js';

export const JOB_KINDS = ['profile', 'generate', 'validate', 'export'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobProgress {
  readonly message: string;
  readonly dataset?: string;
  readonly rows?: number;
  readonly total?: number;
}

/** A job as `GET /jobs/{id}` returns it and as its record file holds it. */
export interface JobRecord {
  readonly id: string;
  readonly kind: JobKind;
  readonly status: JobStatus;
  /** The request's parameters as they may be shown (addresses without passwords). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly finishedAt?: string;
  readonly progress?: JobProgress;
  readonly result?: unknown;
  readonly error?: ErrorResponse['error'];
}

export interface JobContext {
  readonly signal: AbortSignal;
  readonly report: (progress: JobProgress) => void;
  /** The store's state directory (run manifests go under it); absent: `$DOPPEL_STATE_DIR` or `.doppel/`. */
  readonly stateDir?: string;
}

export type JobWork = (context: JobContext) => Promise<unknown>;

interface RunningJob {
  record: JobRecord;
  readonly controller: AbortController;
  settled: Promise<void>;
}

export interface JobStoreOptions {
  readonly log: Logger;
  /** The state directory (default: `$DOPPEL_STATE_DIR`, else `.doppel/` under the working directory). */
  readonly stateDir?: string;
  /** Jobs running at once (default `LIMITS.runningJobs`); starting one more throws a `BusyError` (429). */
  readonly maxRunning?: number;
}

/** Jobs by id; start, read and cancel them. */
export class JobStore {
  readonly #jobs = new Map<string, RunningJob>();
  readonly #log: Logger;
  readonly #stateDir: string | undefined;
  readonly #maxRunning: number;
  #running = 0;

  constructor(options: JobStoreOptions) {
    this.#log = options.log;
    this.#stateDir = options.stateDir;
    this.#maxRunning = options.maxRunning ?? LIMITS.runningJobs;
  }

  /** Refuses (429) when `maxRunning` jobs are running; a route asks before preparing a job's work. */
  checkCapacity(): void {
    if (this.#running >= this.#maxRunning)
      throw new BusyError(
        `The service is running ${this.#running} jobs, as many as it runs at once; try again when one has ended.`,
      );
  }

  /** Where run manifests and job records go. */
  get stateDir(): string {
    return this.#stateDir ?? resolveStateDir();
  }

  /** Starts `work` in the background and returns its first record (status `running`). */
  start(kind: JobKind, params: Readonly<Record<string, unknown>>, work: JobWork): JobRecord {
    this.checkCapacity();
    this.#running++;
    const id = randomUUID();
    const controller = new AbortController();
    const record: JobRecord = { id, kind, status: 'running', params, createdAt: new Date().toISOString() };
    const job: RunningJob = { record, controller, settled: Promise.resolve() };
    this.#jobs.set(id, job);
    void this.#save(record);
    const report = (progress: JobProgress) => {
      if (job.record.status === 'running')
        job.record = { ...job.record, progress: { ...progress, message: redactText(progress.message) } };
    };
    const settled = (async () => {
      try {
        const result = await work({
          signal: controller.signal,
          report,
          ...(this.#stateDir === undefined ? {} : { stateDir: this.#stateDir }),
        });
        job.record = controller.signal.aborted
          ? this.#finish(job.record, 'cancelled', new DoppelError('cancelled', 'The job was cancelled.'))
          : { ...job.record, status: 'succeeded', finishedAt: new Date().toISOString(), result };
      } catch (error) {
        job.record = this.#finish(job.record, controller.signal.aborted ? 'cancelled' : 'failed', error);
      } finally {
        this.#running--;
      }
      this.#log.info(`job ${id} (${kind}) ${job.record.status}`);
      await this.#save(job.record);
    })();
    job.settled = settled;
    return record;
  }

  /** The job's current record. */
  get(id: string): JobRecord | undefined {
    return this.#jobs.get(id)?.record;
  }

  /** Every job, newest first. */
  list(): JobRecord[] {
    return [...this.#jobs.values()].map((job) => job.record).reverse();
  }

  /** Cancels a running job and waits until it has stopped; returns its final record. */
  async cancel(id: string): Promise<JobRecord | undefined> {
    const job = this.#jobs.get(id);
    if (job === undefined) return undefined;
    if (job.record.status === 'running')
      job.controller.abort(new DoppelError('cancelled', 'The job was cancelled.'));
    await job.settled;
    return job.record;
  }

  /** Waits for a job to end (tests and shutdown). */
  async wait(id: string): Promise<JobRecord | undefined> {
    const job = this.#jobs.get(id);
    await job?.settled;
    return job?.record;
  }

  /** Cancels every running job and waits for all of them. */
  async close(): Promise<void> {
    for (const job of this.#jobs.values())
      if (job.record.status === 'running')
        job.controller.abort(new DoppelError('cancelled', 'The service is stopping.'));
    await Promise.all([...this.#jobs.values()].map((job) => job.settled));
  }

  #finish(record: JobRecord, status: JobStatus, error: unknown): JobRecord {
    const { body, status: http } = describeError(error);
    if (status === 'failed') logServerSide(this.#log, `job ${record.id} (${record.kind})`, error, http);
    return { ...record, status, finishedAt: new Date().toISOString(), error: body.error };
  }

  async #save(record: JobRecord): Promise<void> {
    try {
      const env = this.#stateDir === undefined ? process.env : { [STATE_DIR_ENV]: this.#stateDir };
      const dir = await ensureStateDir({ env, subdir: 'jobs' });
      await writeFile(
        join(dir, `${record.id}.json`),
        `${redactText(JSON.stringify(record, redactJsonValue, 2))}\n`,
      );
    } catch (error) {
      this.#log.warn(
        `The record of job ${record.id} could not be written: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
