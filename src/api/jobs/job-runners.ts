/**
 * What each kind of job does, from a request body: `profile` (a source into a new profile folder under the
 * profiles root), `generate` (a stored profile into files or a database, through the same `runGeneration`
 * as `doppel generate`, run manifest included), `validate` (a source against a stored profile), `export`
 * (a stored profile into a schema registry, export-request.ts), `clean` (what earlier generation runs into
 * a target wrote, clean-request.ts). Bodies are
 * checked and addresses parsed before a job starts (parsing registers any password for scrubbing), so a bad
 * request fails at once; parameters are kept only as they may be shown.
 */
import type { StreamRequest } from '../../generate/generation-request.js';
import { resolveFormat } from '../../generate/generation-request.js';
import { checkGenerationRequest, runGeneration } from '../../generate/run-generation.js';
import { DEFAULT_PRIVACY } from '../../profile/privacy/privacy.js';
import { type ProfileProgress, profileSource, type SamplingBudget } from '../../profile/run.js';
import { summarizeProfile } from '../../profile/summary.js';
import { databaseNameOf } from '../../shared/address.js';
import { DoppelError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/limits.js';
import { openSource, openTarget } from '../../sources/index.js';
import { loadProfile, saveProfile } from '../../tasks/index.js';
import type { ComparisonBounds } from '../../validate/compare.js';
import { parseBounds, validateSource } from '../../validate/run-validation.js';
import { leavesRoot } from '../contained-path.js';
import { findProfileDir, profileNameTaken, resolveProfileName } from '../profiles-root.js';
import { type RequestAddress, resolveRequestAddress } from '../request-addresses.js';
import {
  type Body,
  readNumberRecord,
  readOptionalBoolean,
  readOptionalNumber,
  readOptionalString,
  readString,
  readStringList,
} from '../request-body.js';
import { prepareCleanJob } from './clean-request.js';
import { prepareExportJob } from './export-request.js';
import { readGenerationRequest } from './generate-request.js';
import type { JobContext, JobDeps, JobKind, PreparedJob } from './job-types.js';

/** A source named by a body field: a connection, or (when allowed) an address of the request's own. */
function readSource(body: Body, key: string, deps: JobDeps): Promise<RequestAddress> {
  return resolveRequestAddress(deps.settings, readString(body, key), key, 'source');
}

/**
 * Where a profile job may write: a new folder, or (asked for with `"overwrite": true`, on a service that
 * allows destructive requests) an existing profile that stays inside the root.
 */
async function checkProfileDestination(body: Body, name: string, out: string, deps: JobDeps): Promise<void> {
  const overwrite = readOptionalBoolean(body, 'overwrite') ?? false;
  if (!(await profileNameTaken(deps.profilesRoot, name))) return;
  if (!overwrite)
    throw new DoppelError(
      'refused',
      `A profile named "${name}" exists; send "overwrite": true to replace it (on a service that allows destructive requests).`,
    );
  if (!deps.settings.allowDestructive)
    throw new DoppelError(
      'refused',
      'This service does not allow destructive requests ("overwrite": true needs serve.allowDestructive).',
    );
  if (await leavesRoot(deps.profilesRoot, out))
    throw new DoppelError(
      'usage',
      `The profile "${name}" leads out of the profiles root through a symbolic link.`,
    );
}

function reportProfiling(context: JobContext): (event: ProfileProgress) => void {
  return (event) => {
    if (event.kind === 'extracted') context.report({ message: `${event.datasets} datasets found` });
    else if (event.kind === 'relations') context.report({ message: `${event.relations} relations measured` });
    else
      context.report({
        message: `[${event.index + 1}/${event.total}] ${event.dataset}: ${event.rows} rows sampled`,
        dataset: event.dataset,
        rows: event.rows,
      });
  };
}

async function prepareProfileJob(body: Body, deps: JobDeps): Promise<PreparedJob> {
  const source = await readSource(body, 'source', deps);
  const name = readString(body, 'name');
  const out = resolveProfileName(deps.profilesRoot, name);
  await checkProfileDestination(body, name, out, deps);
  const include = readStringList(body, 'include');
  const exclude = readStringList(body, 'exclude');
  const rows = readOptionalNumber(body, 'sampleRows', 1, LIMITS.sampleRows, true);
  const seconds = readOptionalNumber(body, 'timeBudget', 1, 86_400);
  const seed = readOptionalNumber(body, 'seed', 0, Number.MAX_SAFE_INTEGER, true);
  const full = readOptionalBoolean(body, 'full');
  // openapi.yaml limits it to `only` and `fallback`.
  const statistics = readOptionalString(body, 'fromStats') as 'only' | 'fallback' | undefined;
  const k = readOptionalNumber(body, 'k', 1, 1_000_000, true) ?? DEFAULT_PRIVACY.k;
  const sampling: Partial<SamplingBudget> = {
    ...(rows === undefined ? {} : { rows }),
    ...(seconds === undefined ? {} : { seconds }),
    ...(seed === undefined ? {} : { seed }),
    ...(full === undefined ? {} : { full }),
  };
  return {
    params: {
      source: source.shown,
      name,
      include,
      exclude,
      sampling,
      k,
      ...(statistics === undefined ? {} : { fromStats: statistics }),
    },
    work: async (context) => {
      const session = await openSource(source.address, {
        log: deps.log,
        name: databaseNameOf(source.address),
        environmentDefaults: source.environmentDefaults,
      });
      let profile: Awaited<ReturnType<typeof profileSource>>;
      try {
        profile = await profileSource(session, {
          profile: name,
          filter: {
            ...(include.length > 0 ? { include } : {}),
            ...(exclude.length > 0 ? { exclude } : {}),
          },
          sampling,
          privacy: { k },
          ...(statistics === undefined ? {} : { statistics }),
          signal: context.signal,
          onProgress: reportProfiling(context),
        });
      } finally {
        await session.close();
      }
      await saveProfile(out, profile);
      return { profile: name, summary: summarizeProfile(profile) };
    },
  };
}

/** A Kafka generate job's stream options as its parameters show them (no credentials flag). */
function streamParams({ registryCredentials: _, ...shown }: StreamRequest): Record<string, unknown> {
  return shown;
}

async function prepareGenerateJob(body: Body, deps: JobDeps): Promise<PreparedJob> {
  const name = readString(body, 'profile');
  const dir = await findProfileDir(deps.profilesRoot, name);
  const { request, target, scenarioShown } = await readGenerationRequest(
    body,
    deps.profilesRoot,
    deps.settings,
  );
  const database = request.target.kind !== 'file';
  // Names, rows and the scenario are checked against the profile before the job is accepted.
  const profile = await loadProfile(dir);
  checkGenerationRequest(profile, request);
  return {
    params: {
      profile: name,
      target: target.shown,
      ...(database
        ? { mode: request.mode, createSchema: request.createSchema ?? false }
        : { format: resolveFormat(request) }),
      seed: request.seed,
      ...(request.scale === undefined ? {} : { scale: request.scale }),
      rows: request.rows,
      only: request.only,
      skip: request.skip,
      ...(request.shard === undefined ? {} : { shard: `${request.shard.index}/${request.shard.count}` }),
      ...(scenarioShown === undefined ? {} : { scenario: scenarioShown }),
      ...(request.edgeCases === undefined ? {} : { edgeCases: request.edgeCases }),
      ...(request.respectExisting ? { respectExisting: true } : {}),
      ...(request.dryRun ? { dryRun: true } : {}),
      ...(request.stream === undefined ? {} : streamParams(request.stream)),
    },
    work: async (context) => {
      return runGeneration(profile, dir, request, {
        log: deps.log,
        openTarget,
        signal: context.signal,
        environmentDefaults: target.environmentDefaults,
        onProgress: (dataset, rows, total) =>
          context.report({ message: `${dataset}: ${rows}/${total} rows`, dataset, rows, total }),
        ...(context.stateDir === undefined ? {} : { stateDir: context.stateDir }),
      });
    },
  };
}

function readBounds(body: Body): Partial<ComparisonBounds> {
  const bounds = readNumberRecord(body, 'bounds');
  return parseBounds(
    Object.entries(bounds)
      .map(([metric, value]) => `${metric}=${value}`)
      .join(','),
  );
}

async function prepareValidateJob(body: Body, deps: JobDeps): Promise<PreparedJob> {
  const name = readString(body, 'profile');
  const dir = await findProfileDir(deps.profilesRoot, name);
  const source = await readSource(body, 'source', deps);
  const bounds = readBounds(body);
  const exclude = readStringList(body, 'exclude');
  return {
    params: { profile: name, source: source.shown, bounds, exclude },
    work: async (context) => {
      const expected = await loadProfile(dir, { signal: context.signal });
      const session = await openSource(source.address, {
        log: deps.log,
        name: 'validated',
        environmentDefaults: source.environmentDefaults,
      });
      try {
        return await validateSource(expected, session, source.shown, {
          bounds,
          exclude,
          signal: context.signal,
          onProgress: reportProfiling(context),
        });
      } finally {
        await session.close();
      }
    },
  };
}

/** Checks a job request and returns its shown parameters and its work, without starting it. */
export const PREPARE_JOB: {
  readonly [K in JobKind]: (body: Body, deps: JobDeps) => Promise<PreparedJob>;
} = {
  profile: prepareProfileJob,
  generate: prepareGenerateJob,
  validate: prepareValidateJob,
  export: (body, deps) => prepareExportJob(body, deps),
  clean: (body, deps) => prepareCleanJob(body, deps),
};
