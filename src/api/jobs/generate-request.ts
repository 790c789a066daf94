/**
 * The body of a generate job read into the generation request `doppel generate` builds from its flags:
 * target (a directory or a database), format, seed, scale, scaleLookups, rows, only, skip, shard `i/N`, scenario (a file
 * inside the profiles root or an inline object), edgeCases, respectExisting, createSchema, mode, dryRun; for
 * Kafka targets registry, encoding, rate and duration.
 */
import { access } from 'node:fs/promises';
import { FILE_FORMATS, type FileFormat } from '../../generate/output/sinks/sink.js';
import { loadScenario, parseScenario } from '../../generate/plan/scenario.js';
import type { GenerationRequest } from '../../generate/run-generation.js';
import { DoppelError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/limits.js';
import { parseDuration, parseRate } from '../../sources/kafka/pacer.js';
import { resolveInside } from '../contained-path.js';
import { NotFoundError } from '../error-handler.js';
import { type RequestAddress, resolveRequestAddress, resolveRequestRegistry } from '../request-addresses.js';
import {
  type Body,
  readNumberRecord,
  readOptionalBoolean,
  readOptionalNumber,
  readOptionalString,
  readString,
  readStringList,
} from '../request-body.js';
import type { ServiceSettings } from '../settings.js';

/** A shard `i/N` (0-based index); `auto` is a CLI convenience a request has no use for. */
function readShard(body: Body): { index: number; count: number } | undefined {
  const text = readOptionalString(body, 'shard');
  if (text === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count)
    throw new DoppelError('usage', `The request field "shard" must be i/N with 0 <= i < N, not "${text}".`);
  return { index, count };
}

/**
 * The request's scenario: a file path inside the profiles root (recorded in the run manifest as that file),
 * or an inline scenario object (saved beside the manifest by the run). `shown` is what the job's
 * parameters say about it.
 */
async function readScenario(
  body: Body,
  profilesRoot: string,
): Promise<Pick<GenerationRequest, 'scenario' | 'scenarioFile'> & { shown?: string }> {
  const value = body.scenario;
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return {
      scenario: parseScenario(JSON.stringify(value, null, 2), 'the request field "scenario"'),
      shown: 'inline',
    };
  if (typeof value !== 'string' || value.trim() === '')
    throw new DoppelError(
      'usage',
      'The request field "scenario" must be a file path inside the profiles root or a scenario object.',
    );
  const file = await resolveInside(profilesRoot, value, 'profiles root').catch((error: unknown) => {
    throw new DoppelError(
      'usage',
      `The scenario "${value}" is not a file path inside the profiles root${error instanceof DoppelError ? ` (${error.message})` : ''}.`,
    );
  });
  const found = await access(file).then(
    () => true,
    () => false,
  );
  if (!found) throw new NotFoundError(`There is no scenario file "${value}" under the profiles root.`);
  return { scenario: await loadScenario(file), scenarioFile: file, shown: value };
}

const STREAM_FIELDS = ['registry', 'encoding', 'rate', 'duration'] as const;

/** A rate (records per second, or text such as `500/s`) or a duration (seconds, or text such as `10m`). */
function readPace(body: Body, key: 'rate' | 'duration'): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  const parsed =
    typeof value === 'number' && Number.isFinite(value) && value > 0
      ? value
      : typeof value === 'string'
        ? (key === 'rate' ? parseRate : parseDuration)(value)
        : undefined;
  if (parsed === undefined)
    throw new DoppelError(
      'usage',
      key === 'rate'
        ? `The request field "rate" must be records per second or a rate such as 500/s or 30000/m, not ${JSON.stringify(value)}.`
        : `The request field "duration" must be seconds or a time such as 90s or 10m, not ${JSON.stringify(value)}.`,
    );
  return parsed;
}

/**
 * A Kafka target's stream options, as `doppel generate`'s `--registry`, `--encoding`, `--rate` and
 * `--duration`. The registry is the service's own unless the request names another (see
 * `resolveRequestRegistry`); the target's environment defaults decide whether the service's own is used
 * when the request names none, as for the brokers' own settings.
 */
function readStream(
  body: Body,
  target: RequestAddress,
  settings: ServiceSettings,
  env: NodeJS.ProcessEnv,
): Pick<GenerationRequest, 'stream'> {
  if (target.address.kind !== 'kafka') {
    const given = STREAM_FIELDS.filter((field) => body[field] !== undefined);
    if (given.length > 0)
      throw new DoppelError(
        'usage',
        `The request field${given.length === 1 ? '' : 's'} ${given.map((field) => `"${field}"`).join(', ')} apply to kafka:// targets only.`,
      );
    return {};
  }
  const encoding = readOptionalString(body, 'encoding');
  if (encoding !== undefined && encoding !== 'avro' && encoding !== 'json-schema')
    throw new DoppelError(
      'usage',
      `The request field "encoding" must be avro or json-schema, not "${encoding}".`,
    );
  const named = readOptionalString(body, 'registry');
  const registry =
    named === undefined && !target.environmentDefaults
      ? undefined
      : resolveRequestRegistry(named, 'registry', settings, env);
  if (encoding !== undefined && registry === undefined)
    throw new DoppelError(
      'usage',
      'The request field "encoding" chooses a registry format: name a "registry" (or give the service one).',
    );
  const rate = readPace(body, 'rate');
  const duration = readPace(body, 'duration');
  const stream = {
    ...(registry === undefined ? {} : { registry: registry.settings.url, registryCredentials: registry.own }),
    ...(encoding === undefined ? {} : { encoding: encoding as 'avro' | 'json-schema' }),
    ...(rate === undefined ? {} : { rate }),
    ...(duration === undefined ? {} : { duration }),
  };
  return Object.keys(stream).length === 0 ? {} : { stream };
}

/** The generation request a job body describes (the same request `doppel generate` builds from flags). */
export async function readGenerationRequest(
  body: Body,
  profilesRoot: string,
  settings: ServiceSettings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ request: GenerationRequest; target: RequestAddress; scenarioShown?: string }> {
  const target = await resolveRequestAddress(settings, readString(body, 'target'), 'target', 'target');
  const format = readOptionalString(body, 'format');
  if (format !== undefined && !(FILE_FORMATS as readonly string[]).includes(format))
    throw new DoppelError('usage', `The format "${format}" is not one of ${FILE_FORMATS.join(', ')}.`);
  const mode = readOptionalString(body, 'mode') ?? 'append';
  if (mode !== 'append' && mode !== 'truncate')
    throw new DoppelError('usage', `The mode "${mode}" is not append or truncate.`);
  if (mode === 'truncate' && !settings.allowDestructive)
    throw new DoppelError(
      'refused',
      'This service does not allow destructive requests ("mode": "truncate" needs serve.allowDestructive).',
    );
  const scale = readOptionalNumber(body, 'scale', 0, LIMITS.scale);
  const shard = readShard(body);
  const edgeCases = readOptionalNumber(body, 'edgeCases', 0, 1);
  const { shown, ...scenario } = await readScenario(body, profilesRoot);
  const flags = {
    respectExisting: readOptionalBoolean(body, 'respectExisting'),
    createSchema: readOptionalBoolean(body, 'createSchema'),
    dryRun: readOptionalBoolean(body, 'dryRun'),
    scaleLookups: readOptionalBoolean(body, 'scaleLookups'),
  };
  const request: GenerationRequest = {
    target: target.address,
    ...(format === undefined ? {} : { format: format as FileFormat }),
    seed: readOptionalNumber(body, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true) ?? 1,
    ...(scale === undefined ? {} : { scale }),
    ...(flags.scaleLookups ? { scaleLookups: true } : {}),
    rows: readNumberRecord(body, 'rows'),
    only: readStringList(body, 'only'),
    skip: readStringList(body, 'skip'),
    ...(shard === undefined ? {} : { shard }),
    ...scenario,
    ...(edgeCases === undefined ? {} : { edgeCases }),
    ...(flags.respectExisting ? { respectExisting: true } : {}),
    ...(flags.createSchema ? { createSchema: true } : {}),
    mode,
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...readStream(body, target, settings, env),
  };
  return { request, target, ...(shown === undefined ? {} : { scenarioShown: shown }) };
}
