/**
 * Saving a profile folder: the same profile always gives the same bytes (fixed key order, clean numbers,
 * stable styling), every file is written atomically (a temporary file in the same folder, then a rename),
 * and dataset files that the previous plan listed but the new one does not are removed. Files doppel did
 * not write are never touched.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DoppelError } from '../shared/errors.js';
import { checkProfile } from './check-profile.js';
import { describeUnsafeFileName } from './consistency.js';
import { PLAN_FILE_NAME } from './file-name.js';
import { orderDatasetTask, orderPlan } from './order-document.js';
import { ProfileError } from './problems.js';
import { renderYaml } from './render-yaml.js';
import type { DatasetTask, Plan, Profile } from './types.js';

/** Header comment of saved files: says where the format is described. */
const HEADER = ' doppel task file (format: schema/task-file.v1.json)';

/** The text of `plan.yaml` for `plan`. */
export function renderPlan(plan: Plan): string {
  return renderYaml(orderPlan(plan), HEADER);
}

/** The text of a dataset file for `task`. */
export function renderDatasetTask(task: DatasetTask): string {
  return renderYaml(orderDatasetTask(task), HEADER);
}

/**
 * Writes `profile` into `dir` (created when missing). The profile is checked first: an invalid one throws
 * {@link ProfileError} and nothing is written.
 */
export async function saveProfile(dir: string, profile: Profile): Promise<void> {
  const problems = checkProfile(profile, dir);
  if (problems.length > 0) throw new ProfileError(problems, 'The profile to save');
  const files = profile.plan.datasets.map((entry, index) => ({
    name: entry.file,
    text: renderDatasetTask(profile.datasets[index] as DatasetTask),
  }));
  const planText = renderPlan(profile.plan);

  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw describeWriteFailure(dir, error);
  });
  const previous = await readPreviousFiles(dir);
  for (const file of files) await writeFileAtomically(join(dir, file.name), file.text);
  await writeFileAtomically(join(dir, PLAN_FILE_NAME), planText);
  const current = new Set(files.map((file) => file.name));
  for (const stale of previous) if (!current.has(stale)) await removeIfPresent(join(dir, stale));
}

/** Writes `text` to `path` through a temporary file in the same folder and a rename. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await removeIfPresent(temporary);
    throw describeWriteFailure(path, error);
  }
}

/** The dataset files the plan already in `dir` lists (read leniently: a broken plan lists none). */
async function readPreviousFiles(dir: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(join(dir, PLAN_FILE_NAME), 'utf8');
  } catch {
    return [];
  }
  try {
    const plan = parse(text) as { datasets?: unknown } | null;
    const datasets = Array.isArray(plan?.datasets) ? plan.datasets : [];
    return datasets
      .map((entry: unknown) =>
        typeof entry === 'object' && entry !== null ? (entry as { file?: unknown }).file : undefined,
      )
      .filter(
        (file): file is string => typeof file === 'string' && describeUnsafeFileName(file) === undefined,
      );
  } catch {
    return [];
  }
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw describeWriteFailure(path, error);
  }
}

function describeWriteFailure(path: string, error: unknown): DoppelError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new DoppelError('refused', `Cannot write ${path} (${code}).`, { cause: error });
}
