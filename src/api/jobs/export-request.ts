/**
 * The export job: a stored profile into a schema registry, as `doppel export` (no `--out`: the service
 * writes no files outside its roots). The registry is the service's own (`DOPPEL_REGISTRY_URL`) unless the
 * request names another; the service's registry credentials go to its own registry only, never to an
 * address a caller chose.
 */
import { type ExportOptions, exportProfile } from '../../export/export-profile.js';
import { SCHEMA_FORMATS, type SchemaFormat } from '../../export/record.js';
import {
  checkTopicTemplate,
  DEFAULT_TOPIC_TEMPLATE,
  SUBJECT_STRATEGIES,
  type SubjectStrategy,
} from '../../export/subjects.js';
import { DoppelError } from '../../shared/errors.js';
import { COMPATIBILITY_LEVELS, RegistryClient } from '../../sources/registry/registry-client.js';
import { REGISTRY_ENV } from '../../sources/registry/registry-settings.js';
import { loadProfile } from '../../tasks/index.js';
import { findProfileDir } from '../profiles-root.js';
import { resolveRequestRegistry } from '../request-addresses.js';
import { type Body, readOptionalBoolean, readOptionalString, readString } from '../request-body.js';
import type { JobDeps, PreparedJob } from './job-types.js';

function readChoice<T extends string>(
  body: Body,
  key: string,
  choices: readonly T[],
  fallback?: T,
): T | undefined {
  const value = readOptionalString(body, key);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value))
    throw new DoppelError('usage', `The request field "${key}" must be one of ${choices.join(', ')}.`);
  return value as T;
}

export async function prepareExportJob(
  body: Body,
  deps: JobDeps,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PreparedJob> {
  const name = readString(body, 'profile');
  const dir = await findProfileDir(deps.profilesRoot, name);
  const resolved = resolveRequestRegistry(
    readOptionalString(body, 'registry'),
    'registry',
    deps.settings,
    env,
  );
  if (resolved === undefined)
    throw new DoppelError(
      'usage',
      `The request names no "registry" and the service has no ${REGISTRY_ENV.url}.`,
    );
  const registry = new RegistryClient(resolved.settings);
  const options: ExportOptions = {
    format: readChoice<SchemaFormat>(body, 'format', SCHEMA_FORMATS, 'avro')!,
    strategy: readChoice<SubjectStrategy>(body, 'strategy', SUBJECT_STRATEGIES, 'topic')!,
    topic: checkTopicTemplate(readOptionalString(body, 'topic') ?? DEFAULT_TOPIC_TEMPLATE),
    keys: readOptionalBoolean(body, 'keys') ?? true,
    ...(body.compatibility === undefined
      ? {}
      : { compatibility: readChoice(body, 'compatibility', COMPATIBILITY_LEVELS)! }),
    dryRun: readOptionalBoolean(body, 'dryRun') ?? false,
  };
  return {
    params: { profile: name, registry: registry.settings.url, ...options },
    work: async (context) => {
      const profile = await loadProfile(dir, { signal: context.signal });
      return exportProfile(profile, registry, {
        ...options,
        signal: context.signal,
        onProgress: (subject, index, total) =>
          context.report({ message: `[${index + 1}/${total}] checking ${subject}` }),
      });
    },
  };
}
