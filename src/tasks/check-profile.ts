/**
 * Checking a profile held in memory (before saving it, or after editing one through the API): the same
 * schema and cross-file checks the loader runs, with problems named by file and path (no line numbers).
 */
import { join } from 'node:path';
import { checkDocumentValue, guardAgainstBugs } from './check-document.js';
import { checkProfileConsistency, type DatasetUnderCheck } from './consistency.js';
import { PLAN_FILE_NAME } from './file-name.js';
import { type Problem, ProblemList, sortProblems } from './problems.js';
import type { Profile } from './types.js';

/** Every problem of an in-memory profile whose files would live in `dir`; empty when it is valid. */
export function checkProfile(profile: Profile, dir = '.'): Problem[] {
  const planFile = join(dir, PLAN_FILE_NAME);
  const planProblems = new ProblemList(planFile);
  const plan = checkDocumentValue('plan', profile.plan, planProblems);
  const entries = plan?.datasets ?? [];
  const datasets: DatasetUnderCheck[] = profile.datasets.map((task, index) => {
    const file = entries[index]?.file ?? `datasets[${index}]`;
    const problems = new ProblemList(join(dir, file));
    return { entry: index, task: checkDocumentValue('dataset', task, problems), problems };
  });
  if (plan !== undefined) {
    if (profile.datasets.length !== plan.datasets.length)
      planProblems.add(
        ['datasets'],
        `lists ${plan.datasets.length} datasets but the profile holds ${profile.datasets.length} dataset tasks`,
      );
    guardAgainstBugs(planProblems, () => checkProfileConsistency({ plan, problems: planProblems }, datasets));
  }
  const order = [planFile, ...entries.map((entry) => join(dir, entry.file))];
  return sortProblems(
    [...planProblems.problems, ...datasets.flatMap((dataset) => dataset.problems.problems)],
    order,
  );
}
