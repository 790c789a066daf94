/**
 * The part of a generation request that only stream targets (Kafka) take: `--registry`, `--encoding`,
 * `--rate`, `--duration`. Checked before anything is planned or written: these options name a Kafka target,
 * a duration needs a rate and replaces `--rows`/`--scale` (the row count becomes rate × duration, spread over
 * the datasets in the profile's proportions), and a literal topic takes one dataset.
 */
import { DoppelError } from '../shared/errors.js';
import type { StreamTargetOptions } from '../sources/contract.js';
import type { Profile } from '../tasks/types.js';
import { createGeneration, type GenerationOptions } from './engine.js';
import type { GenerationRequest } from './generation-request.js';

const TOPIC_PLACEHOLDER = /\{(name|namespace|local|source)\}/;

/** The request as it will run: stream options checked, a duration turned into a scale. */
export function prepareStreamRequest(
  profile: Profile,
  request: GenerationRequest,
  base: GenerationOptions,
): GenerationRequest {
  const stream = request.stream;
  const target = request.target;
  const given =
    stream === undefined ? [] : Object.keys(stream).filter((key) => key !== 'registryCredentials');
  if (target.kind !== 'kafka') {
    if (given.length > 0)
      throw new DoppelError(
        'usage',
        `${given.map((name) => `--${name}`).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to kafka:// targets only.`,
      );
    return request;
  }
  if (stream?.duration !== undefined && stream.rate === undefined)
    throw new DoppelError(
      'usage',
      '--duration paces a run: give --rate too (e.g. --rate 500/s --duration 10m).',
    );
  if (
    stream?.duration !== undefined &&
    (request.scale !== undefined || Object.keys(request.rows ?? {}).length > 0)
  )
    throw new DoppelError(
      'usage',
      '--duration sets the row count (rate × duration); give it or --rows/--scale, not both.',
    );
  const planned = createGeneration(profile, base).plan.datasets.filter((dataset) => dataset.generate);
  if (target.topic !== undefined && !TOPIC_PLACEHOLDER.test(target.topic) && planned.length > 1)
    throw new DoppelError(
      'usage',
      `The Kafka address names one topic (${target.topic}) but ${planned.length} datasets would be generated; use a template such as kafka://host:9092/{namespace}.{local}, or --only one dataset.`,
    );
  if (stream?.duration === undefined || stream.rate === undefined) return request;
  const total = planned.reduce((sum, dataset) => sum + (dataset.end - dataset.start), 0);
  if (total === 0) return request;
  return { ...request, scale: (stream.rate * stream.duration) / total };
}

/** What the Kafka target's session is opened with: the request's stream options and the run's clock. */
export function streamTargetOptions(
  request: GenerationRequest,
  run: Pick<StreamTargetOptions, 'clock' | 'onPace'> | undefined,
): StreamTargetOptions | undefined {
  if (request.target.kind !== 'kafka') return undefined;
  const stream = request.stream ?? {};
  return {
    ...(stream.registry === undefined ? {} : { registry: stream.registry }),
    ...(stream.registryCredentials === undefined ? {} : { registryCredentials: stream.registryCredentials }),
    ...(stream.encoding === undefined ? {} : { encoding: stream.encoding }),
    ...(stream.rate === undefined ? {} : { rate: stream.rate }),
    ...(run?.clock === undefined ? {} : { clock: run.clock }),
    ...(run?.onPace === undefined ? {} : { onPace: run.onPace }),
  };
}
