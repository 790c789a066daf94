/**
 * Loading a profile folder: `plan.yaml` and every dataset file it lists, each parsed with positions,
 * migrated, validated against the schema, then checked across files. Every problem found anywhere is
 * reported at once in one {@link ProfileError}; nothing else escapes, whatever the files contain.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DoppelError } from '../shared/errors.js';
import { type CheckedDocument, checkDocumentText, guardAgainstBugs } from './check-document.js';
import { checkProfileConsistency, type DatasetUnderCheck, describeUnsafeFileName } from './consistency.js';
import { PLAN_FILE_NAME } from './file-name.js';
import { type Problem, ProblemList, ProfileError, sortProblems } from './problems.js';
import type { DatasetTask, Plan, Profile } from './types.js';

export interface LoadOptions {
  readonly signal?: AbortSignal;
}

/** Files read at once; enough to hide latency, few enough to stay far from the open-file limit. */
const READ_CONCURRENCY = 32;

/**
 * Loads and checks the profile in `dir`. Throws {@link ProfileError} listing every problem (file, line,
 * column, path, message) when anything is wrong; returns the profile, datasets in plan order, otherwise.
 */
export async function loadProfile(dir: string, options: LoadOptions = {}): Promise<Profile> {
  const planFile = join(dir, PLAN_FILE_NAME);
  const planText = await readTextFile(planFile);
  if (typeof planText === 'object') throw new ProfileError([planText], dir);
  if (planText === undefined) {
    const exists = (await listFolder(dir)) !== undefined;
    throw new ProfileError([
      {
        file: exists ? planFile : dir,
        line: 0,
        column: 0,
        path: '',
        message: exists ? 'missing: a profile folder needs a plan.yaml' : 'profile folder does not exist',
      },
    ]);
  }
  throwIfAborted(options.signal);
  const plan = checkDocumentText('plan', planText, planFile);
  const entries = readPlanEntries(plan);
  const datasets = await mapConcurrently(entries, READ_CONCURRENCY, async ({ index, file }) => {
    throwIfAborted(options.signal);
    const path = join(dir, file);
    const text = await readTextFile(path);
    if (text === undefined) {
      plan.problems.add(['datasets', index, 'file'], `file ${file} does not exist in the profile folder`);
      return { entry: index, task: undefined, problems: new ProblemList(path) } satisfies DatasetUnderCheck;
    }
    if (typeof text === 'object') {
      const problems = new ProblemList(path);
      problems.problems.push(text);
      return { entry: index, task: undefined, problems } satisfies DatasetUnderCheck;
    }
    const checked = checkDocumentText('dataset', text, path);
    return { entry: index, task: checked.value, problems: checked.problems } satisfies DatasetUnderCheck;
  });
  throwIfAborted(options.signal);

  const listed = new Set(entries.map((entry) => entry.file));
  const unlisted = ((await listFolder(dir)) ?? []).filter(
    (name) => /\.ya?ml$/i.test(name) && name !== PLAN_FILE_NAME && !listed.has(name),
  );
  const extra = unlisted.map((name) => ({
    file: join(dir, name),
    line: 1,
    column: 1,
    path: '',
    message: 'is not listed in plan.yaml (add it under "datasets" or remove the file)',
  }));

  if (plan.value !== undefined) {
    const planValue = plan.value;
    guardAgainstBugs(plan.problems, () =>
      checkProfileConsistency({ plan: planValue, problems: plan.problems }, datasets),
    );
  }
  const problems: Problem[] = [
    ...plan.problems.problems,
    ...datasets.flatMap((dataset) => dataset.problems.problems),
    ...extra,
  ];
  if (problems.length > 0 || plan.value === undefined) {
    const order = [planFile, ...entries.map((entry) => join(dir, entry.file))];
    throw new ProfileError(sortProblems(problems, order), dir);
  }
  return { plan: plan.value, datasets: datasets.map((dataset) => dataset.task as DatasetTask) };
}

/** Loads and checks one dataset file on its own (no cross-file checks). */
export async function loadDatasetTask(file: string): Promise<DatasetTask> {
  return loadDocument('dataset', file);
}

/** Loads and checks one plan file on its own (the dataset files it lists are not read). */
export async function loadPlan(file: string): Promise<Plan> {
  return loadDocument('plan', file);
}

async function loadDocument<K extends 'plan' | 'dataset'>(
  kind: K,
  file: string,
): Promise<CheckedDocument<K>['value'] & object> {
  const text = await readTextFile(file);
  if (typeof text === 'object') throw new ProfileError([text], file);
  if (text === undefined)
    throw new ProfileError([{ file, line: 0, column: 0, path: '', message: 'file does not exist' }], file);
  const checked = checkDocumentText(kind, text, file);
  if (checked.value === undefined) throw new ProfileError(sortProblems(checked.problems.problems), file);
  return checked.value;
}

/**
 * The dataset files a plan lists, read leniently so that a plan with problems still gets its dataset files
 * checked: every entry that names a safe file name.
 */
function readPlanEntries(plan: CheckedDocument<'plan'>): { index: number; file: string }[] {
  const raw = plan.value ?? plan.raw;
  const datasets =
    typeof raw === 'object' && raw !== null ? (raw as { datasets?: unknown }).datasets : undefined;
  if (!Array.isArray(datasets)) return [];
  const seen = new Set<string>();
  const entries: { index: number; file: string }[] = [];
  for (const [index, entry] of datasets.entries()) {
    const file = typeof entry === 'object' && entry !== null ? (entry as { file?: unknown }).file : undefined;
    if (typeof file !== 'string' || describeUnsafeFileName(file) !== undefined || seen.has(file)) continue;
    seen.add(file);
    entries.push({ index, file });
  }
  return entries;
}

/** The text of `file`: undefined when it does not exist, a problem when it cannot be read. */
async function readTextFile(file: string): Promise<string | undefined | Problem> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { file, line: 0, column: 0, path: '', message: `cannot be read (${code ?? String(error)})` };
  }
}

async function listFolder(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch {
    return undefined;
  }
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DoppelError('cancelled', 'Loading the profile was cancelled.');
}
