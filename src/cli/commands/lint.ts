/**
 * `doppel lint <profile-dir>`: checks a profile folder and prints every problem, one per line
 * (`file:line:col path: message`), ending with exit code 4 when there is any.
 */
import type { Command } from 'commander';
import { DoppelError } from '../../shared/errors.js';
import { formatProblem } from '../../tasks/index.js';
import { type LintResult, lintProfile } from '../../tasks/lint-profile.js';
import type { CliContext } from '../context.js';

export type { LintResult };
export { lintProfile };

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
