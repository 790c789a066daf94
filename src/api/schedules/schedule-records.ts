/**
 * Schedules on disk: one JSON file per schedule in `<state>/schedules/<name>.json`, written atomically (a
 * temporary file, then a rename) and scrubbed of every registered secret, holding the definition, where it
 * came from and its recent runs. Read back when the service starts.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { redactJsonValue, redactText } from '../../shared/redact.js';
import { ensureStateDir, STATE_DIR_ENV } from '../../shared/state-dir.js';
import { writeFileAtomically } from '../../tasks/save.js';
import type { ScheduleDefinition } from './schedule-definition.js';
import { SCHEDULE_NAME } from './schedule-definition.js';

export const SCHEDULE_RUN_STATUSES = ['running', 'succeeded', 'failed', 'skipped', 'interrupted'] as const;
export type ScheduleRunStatus = (typeof SCHEDULE_RUN_STATUSES)[number];

/** One run of a schedule: its steps' jobs in order, and how it ended. */
export interface ScheduleRun {
  readonly id: string;
  /** `cron`: the expression fired; `manual`: `POST /schedules/{name}/runs`. */
  readonly trigger: 'cron' | 'manual';
  /** When the expression was due (or when the run was asked for). */
  readonly scheduledFor: string;
  readonly status: ScheduleRunStatus;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Ids of the jobs the steps started, in step order. */
  readonly jobs: readonly string[];
  /** Why the run was skipped, or which step failed and why. */
  readonly reason?: string;
}

/** What the file holds. */
export interface StoredSchedule extends ScheduleDefinition {
  /** `config`: from `serve.schedules` (changed there, not over HTTP); `api`: from `POST /schedules`. */
  readonly origin: 'config' | 'api';
  readonly createdAt: string;
  /** Newest first. */
  readonly runs: readonly ScheduleRun[];
}

const SUFFIX = '.json';

/** The folder holding schedule files under `stateDir` (created when missing). */
export function ensureSchedulesDir(stateDir: string | undefined): Promise<string> {
  const env = stateDir === undefined ? process.env : { [STATE_DIR_ENV]: stateDir };
  return ensureStateDir({ env, subdir: 'schedules' });
}

export async function writeScheduleRecord(dir: string, schedule: StoredSchedule): Promise<void> {
  await writeFileAtomically(
    join(dir, `${schedule.name}${SUFFIX}`),
    `${redactText(JSON.stringify(schedule, redactJsonValue, 2))}\n`,
  );
}

export async function removeScheduleRecord(dir: string, name: string): Promise<void> {
  await rm(join(dir, `${name}${SUFFIX}`), { force: true });
}

/** Every schedule file in `dir`, and those that cannot be read as one (with the reason). */
export async function readScheduleRecords(dir: string): Promise<{
  readonly schedules: StoredSchedule[];
  readonly unreadable: { readonly file: string; readonly reason: string }[];
}> {
  const schedules: StoredSchedule[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!name.endsWith(SUFFIX) || !SCHEDULE_NAME.test(name.slice(0, -SUFFIX.length))) continue;
    const file = join(dir, name);
    try {
      const value = JSON.parse(await readFile(file, 'utf8')) as Partial<StoredSchedule>;
      if (
        typeof value !== 'object' ||
        value === null ||
        `${value.name}${SUFFIX}` !== name ||
        typeof value.cron !== 'string' ||
        !Array.isArray(value.steps) ||
        !Array.isArray(value.runs)
      )
        unreadable.push({ file, reason: 'not a schedule (name, cron, steps, runs)' });
      else schedules.push(value as StoredSchedule);
    } catch (error) {
      unreadable.push({ file, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { schedules, unreadable };
}
