/** `lintProfile`: a profile folder's problems, or how much it holds (behind `doppel lint` and the HTTP lint route). */
import { loadProfile } from './load.js';
import { type Problem, ProfileError } from './problems.js';

/** Result of `doppel lint --json` (and of the HTTP API's lint route). */
export interface LintResult {
  readonly ok: boolean;
  readonly datasets?: number;
  readonly fields?: number;
  readonly problems: readonly Problem[];
}

/** Loads the profile in `dir` and reports what is wrong with it, or how much it holds. */
export async function lintProfile(dir: string, signal?: AbortSignal): Promise<LintResult> {
  try {
    const profile = await loadProfile(dir, signal === undefined ? {} : { signal });
    const fields = profile.datasets.reduce((sum, task) => sum + task.fields.length, 0);
    return { ok: true, datasets: profile.datasets.length, fields, problems: [] };
  } catch (error) {
    if (error instanceof ProfileError) return { ok: false, problems: error.problems };
    throw error;
  }
}
