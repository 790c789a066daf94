/**
 * The clean job: deletes what earlier generation runs into one target wrote, from their run manifests in the
 * service's state directory, as `doppel clean --target` does (the latest run not yet cleaned, a run by id, or
 * all of them; `dryRun` lists without deleting). The target is required and resolved like a generate job's
 * (a writable connection, a folder in the output root), so a request cleans only where it could generate.
 * No run left to clean is a success with no runs: a schedule's clean step on its first day has nothing to do.
 * `deleteTopics` (Kafka targets, as `--delete-topics`) deletes the topics the runs created, every record in them
 * included, so it is destructive: only on a service that allows destructive requests.
 */
import { cleanRuns } from '../../clean/clean-runs.js';
import { resolveRunsDir } from '../../generate/manifest.js';
import { DoppelError } from '../../shared/errors.js';
import { resolveStateDir } from '../../shared/state-dir.js';
import { openTarget } from '../../sources/index.js';
import { resolveRequestAddress } from '../request-addresses.js';
import { type Body, readOptionalBoolean, readOptionalString, readString } from '../request-body.js';
import type { JobDeps, PreparedJob } from './job-types.js';

/** Checks a clean job's body and returns its shown parameters and its work. */
export async function prepareCleanJob(body: Body, deps: JobDeps): Promise<PreparedJob> {
  const target = await resolveRequestAddress(deps.settings, readString(body, 'target'), 'target', 'target');
  const run = readOptionalString(body, 'run');
  const last = readOptionalBoolean(body, 'last') ?? false;
  const all = readOptionalBoolean(body, 'all') ?? false;
  const dryRun = readOptionalBoolean(body, 'dryRun') ?? false;
  const deleteTopics = readOptionalBoolean(body, 'deleteTopics') ?? false;
  if (deleteTopics && target.address.kind !== 'kafka')
    throw new DoppelError('usage', 'The request field "deleteTopics" applies to kafka:// targets only.');
  if (deleteTopics && !dryRun && !deps.settings.allowDestructive)
    throw new DoppelError(
      'refused',
      'This service does not allow destructive requests ("deleteTopics" needs serve.allowDestructive).',
    );
  const selection = {
    ...(run === undefined ? {} : { run }),
    ...(last ? { last } : {}),
    ...(all ? { all } : {}),
  };
  return {
    params: {
      target: target.shown,
      ...selection,
      ...(dryRun ? { dryRun } : {}),
      ...(deleteTopics ? { deleteTopics } : {}),
    },
    work: (context) =>
      cleanRuns(selection, {
        runsDir: resolveRunsDir(context.stateDir ?? resolveStateDir()),
        target: target.address,
        environmentDefaults: target.environmentDefaults,
        dryRun,
        deleteTopics,
        openTarget,
        log: deps.log,
        signal: context.signal,
      }),
  };
}
