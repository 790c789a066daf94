/**
 * The job records on disk: one JSON file per job in `<state>/jobs/`, written atomically (a temporary file and
 * a rename, so a killed service leaves either the old record or the new one, never half of one), read back
 * when the service starts, and deleted when retention lets a finished one go. Records hold only what may be
 * shown: the text is scrubbed of every registered secret before it is written.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { redactJsonValue, redactText } from '../../shared/redact.js';
import { ensureStateDir, STATE_DIR_ENV } from '../../shared/state-dir.js';
import { writeFileAtomically } from '../../tasks/save.js';
import type { JobRecord } from './job-types.js';

const RECORD_SUFFIX = '.json';
/** Job ids are UUIDs; a file named otherwise is not a record of ours. */
const RECORD_NAME = /^[0-9a-f-]{36}\.json$/;

/** The folder holding job records under `stateDir` (created when missing). */
export function ensureJobsDir(stateDir: string | undefined): Promise<string> {
  const env = stateDir === undefined ? process.env : { [STATE_DIR_ENV]: stateDir };
  return ensureStateDir({ env, subdir: 'jobs' });
}

/** Writes a record, replacing the previous one whole. */
export async function writeJobRecord(dir: string, record: JobRecord): Promise<void> {
  await writeFileAtomically(
    join(dir, `${record.id}${RECORD_SUFFIX}`),
    `${redactText(JSON.stringify(record, redactJsonValue, 2))}\n`,
  );
}

/** Deletes a record; a record already gone is fine. */
export async function removeJobRecord(dir: string, id: string): Promise<void> {
  await rm(join(dir, `${id}${RECORD_SUFFIX}`), { force: true });
}

/** What reading the records found: the records, and the files that could not be read as one. */
export interface StoredRecords {
  readonly records: JobRecord[];
  readonly unreadable: { readonly file: string; readonly reason: string }[];
}

/** Reads every record in `dir`, oldest first (by `createdAt`). */
export async function readJobRecords(dir: string): Promise<StoredRecords> {
  const records: JobRecord[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!RECORD_NAME.test(name)) continue;
    const file = join(dir, name);
    try {
      const record = JSON.parse(await readFile(file, 'utf8')) as unknown;
      const reason = checkRecord(record, name);
      if (reason === undefined) records.push(record as JobRecord);
      else unreadable.push({ file, reason });
    } catch (error) {
      unreadable.push({ file, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { records, unreadable };
}

function checkRecord(value: unknown, name: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  for (const key of ['id', 'kind', 'status', 'createdAt'] as const)
    if (typeof record[key] !== 'string') return `"${key}" is missing or not a string`;
  if (`${String(record.id)}${RECORD_SUFFIX}` !== name) return `"id" does not match the file name`;
  if (typeof record.params !== 'object' || record.params === null) return '"params" is missing';
  return undefined;
}
