/**
 * The types of the service's jobs, shared by the store (job-store.ts), the record files (job-records.ts) and
 * the request readers of each kind (job-runners.ts and the *-request.ts files), so that none of them imports
 * another for its types alone.
 */
import type { Logger } from '../../shared/log.js';
import type { ErrorResponse } from '../error-handler.js';
import type { ServiceSettings } from '../settings.js';

export const JOB_KINDS = ['profile', 'generate', 'validate', 'export', 'clean'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses a job does not leave. */
export function isFinished(status: JobStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

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
  readonly startedAt?: string;
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

/** Turns a stored request back into work (for jobs still queued when the service stopped). */
export type PrepareStoredJob = (
  kind: JobKind,
  request: Readonly<Record<string, unknown>>,
) => Promise<JobWork>;

/** What a job's request reader needs from the service. */
export interface JobDeps {
  readonly log: Logger;
  readonly profilesRoot: string;
  readonly settings: ServiceSettings;
}

export interface PreparedJob {
  readonly params: Readonly<Record<string, unknown>>;
  readonly work: JobWork;
}
