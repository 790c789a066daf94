/**
 * `doppel lint <profile-dir>`: checks a profile folder and prints every problem, one per line
 * (`file:line:col path: message`), ending with exit code 4 when there is any.
 */
import type { Command } from 'commander';
import { DoppelError } from '../../shared/errors.js';
import { formatProblem, loadProfile, type Problem, ProfileError } from '../../tasks/index.js';
import type { CliContext } from '../context.js';

/** Result of `doppel lint --json` (and of the HTTP API's lint route). */
export interface LintResult {
  readonly ok: boolean;
  readonly datasets?: number;
  readonly fields?: number;
  readonly problems: readonly Problem[];
}

/** Registers `doppel lint`. */
export function registerLint(program: Command, context: CliContext): void {
  program
    .command('lint')
    .description('check a profile folder: schema, versions and references across its task files')
    .argument('<profile-dir>', 'the profile folder (holds plan.yaml)')
    .action(async (dir: string) => {
      const result = await lintProfile(dir, context.signal);
      if (result.ok) {
        context.output(result, () => `${dir}: ${result.datasets} datasets, ${result.fields} fields, ok`);
        return;
      }
      context.output(result, () => result.problems.map(formatProblem).join('\n'));
      const count = result.problems.length;
      throw new DoppelError(
        'invalidInput',
        `${dir}: ${count} ${count === 1 ? 'problem' : 'problems'} found.`,
      );
    });
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
