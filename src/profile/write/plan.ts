/**
 * The plan of a profile (`plan.yaml`): when and how it was taken, privacy settings with the overrides applied,
 * the sources (names and kinds only) and the datasets with their file names. Also combines the profiles of
 * several sources into one.
 */
import type { SourceInfo } from '../../catalog/model.js';
import { VERSION } from '../../shared/version.js';
import { assignDatasetFileNames } from '../../tasks/file-name.js';
import type { Plan, PrivacySettings, Profile, SamplingMethod } from '../../tasks/types.js';

export interface PlanInput {
  readonly profile: string;
  readonly at: Date;
  readonly sampling: {
    readonly rows: number;
    readonly seconds: number;
    readonly seed: number;
    readonly full: boolean;
  };
  /** How the source sampled (the first dataset's method); `full` when every row was read. */
  readonly method: SamplingMethod;
  readonly privacy: PrivacySettings;
  readonly sources: readonly SourceInfo[];
  readonly datasets: readonly { readonly source: string; readonly name: string }[];
}

/** Builds a plan; the sampling method is `full` or the source's own sampling. */
export function buildPlan(input: PlanInput): Plan {
  const files = assignDatasetFileNames(input.datasets);
  return {
    version: 1,
    profile: input.profile,
    taken: { at: input.at.toISOString(), by: `doppel ${VERSION}` },
    sampling: input.sampling.full
      ? { method: 'full', seconds: input.sampling.seconds, seed: input.sampling.seed }
      : {
          method: input.method,
          rows: input.sampling.rows,
          seconds: input.sampling.seconds,
          seed: input.sampling.seed,
        },
    privacy: input.privacy,
    sources: input.sources.map((source) => ({
      name: source.name,
      kind: source.kind,
      ...(source.version !== undefined ? { version: source.version } : {}),
    })),
    datasets: input.datasets.map((dataset, index) => ({
      source: dataset.source,
      name: dataset.name,
      file: files[index]!,
      enabled: true,
    })),
    relations: [],
  };
}

/** One profile out of the profiles of several sources (datasets in source order, file names re-assigned). */
export function combineProfiles(profiles: readonly Profile[]): Profile {
  const [first] = profiles;
  if (first === undefined) throw new Error('combineProfiles needs at least one profile.');
  if (profiles.length === 1) return first;
  const datasets = profiles.flatMap((profile) => profile.datasets);
  const entries = profiles.flatMap((profile) => profile.plan.datasets);
  const files = assignDatasetFileNames(entries);
  return {
    plan: {
      ...first.plan,
      sources: profiles.flatMap((profile) => profile.plan.sources),
      datasets: entries.map((entry, index) => ({ ...entry, file: files[index]! })),
      relations: profiles.flatMap((profile) => profile.plan.relations),
    },
    datasets,
  };
}
