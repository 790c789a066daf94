/**
 * The orchestration behind `doppel validate` and `doppel diff` (and their HTTP jobs and routes): re-profile a
 * source with the stored profile's own sampling and privacy settings, compare the two profiles, and count the
 * hard checks in the source where it can; or compare two stored profiles. Sessions are opened by the caller.
 */
import { type ProfileProgress, profileSource } from '../profile/run.js';
import { DoppelError } from '../shared/errors.js';
import type { SourceSession } from '../sources/contract.js';
import { moveToNamespace } from '../tasks/place-datasets.js';
import type { Profile } from '../tasks/types.js';
import {
  type Comparison,
  type ComparisonBounds,
  type ComparisonMetric,
  compareProfiles,
  DEFAULT_BOUNDS,
} from './compare.js';
import {
  type CheckResult,
  judgeCounted,
  judgeFromProfile,
  type ListedCheck,
  listHardChecks,
} from './hard-checks.js';

/** Result of `doppel validate --json` (and of a validate job). */
export interface ValidationReport {
  readonly profile: string;
  /** The source as it may be shown (no password). */
  readonly source: string;
  readonly comparison: Comparison;
  readonly checks: readonly CheckResult[];
  /** No drift, every metric within bounds, no hard check broken. */
  readonly ok: boolean;
}

/** Result of `doppel diff --json` (and of the HTTP diff). */
export interface DiffReport {
  readonly expected: string;
  readonly actual: string;
  readonly comparison: Comparison;
  readonly ok: boolean;
}

export interface ValidateOptions {
  readonly bounds?: Partial<ComparisonBounds>;
  /** `dataset.field` names or globs left out of the distribution metrics. */
  readonly exclude?: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProfileProgress) => void;
}

/** Parses `ks=0.05,tv=0.1` into bounds, naming the wrong part. */
export function parseBounds(text: string): Partial<ComparisonBounds> {
  const bounds: Partial<Record<ComparisonMetric, number>> = {};
  for (const part of text.split(',')) {
    const [name = '', value = ''] = part.split('=').map((piece) => piece.trim());
    if (name === '' && value === '') continue;
    if (!Object.hasOwn(DEFAULT_BOUNDS, name))
      throw new DoppelError(
        'usage',
        `--bounds names "${name}", which is not one of ${Object.keys(DEFAULT_BOUNDS).join(', ')}.`,
      );
    const number = value === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(number) || number < 0)
      throw new DoppelError('usage', `--bounds ${name} must be a number of at least 0, not "${value}".`);
    bounds[name as ComparisonMetric] = number;
  }
  return bounds;
}

/** Compares two stored profiles, `expected` first (schema drift and distribution changes). */
export function diffProfiles(
  expected: Profile,
  actual: Profile,
  names: { readonly expected: string; readonly actual: string },
  bounds: Partial<ComparisonBounds> = {},
): DiffReport {
  const comparison = compareProfiles(expected, actual, { bounds });
  return { expected: names.expected, actual: names.actual, comparison, ok: comparison.ok };
}

/**
 * Re-profiles the datasets of `expected` in `session` with the profile's own sampling (method, rows, time,
 * seed) and privacy settings, compares, and checks keys, references, not-null, checks and rules: counted by
 * the source when it offers `countViolations`, otherwise read from the re-profile.
 */
export async function validateSource(
  expected: Profile,
  session: SourceSession,
  source: string,
  options: ValidateOptions = {},
): Promise<ValidationReport> {
  return (await validateSourceWithProfile(expected, session, source, options)).report;
}

/**
 * {@link validateSource}, also returning the two profiles compared (for a report): the stored one with its
 * datasets where generate put them through this address, and the re-profile.
 */
export async function validateSourceWithProfile(
  stored: Profile,
  session: SourceSession,
  source: string,
  options: ValidateOptions = {},
): Promise<{ readonly report: ValidationReport; readonly expected: Profile; readonly actual: Profile }> {
  // Where generate put the datasets through this address (a MySQL database other than the profiled one).
  const expected =
    session.placedNamespace === undefined ? stored : moveToNamespace(stored, session.placedNamespace);
  const { sampling, privacy } = expected.plan;
  const include = expected.plan.datasets.filter((entry) => entry.enabled).map((entry) => entry.name);
  const actual = await profileSource(session, {
    profile: expected.plan.profile,
    filter: { include },
    sampling: {
      full: sampling.method === 'full',
      seed: sampling.seed,
      ...(sampling.rows === undefined ? {} : { rows: sampling.rows }),
      ...(sampling.seconds === undefined ? {} : { seconds: sampling.seconds }),
    },
    privacy,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  const comparison = compareProfiles(expected, actual, {
    ...(options.bounds === undefined ? {} : { bounds: options.bounds }),
    ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
  });
  const present = new Set(actual.datasets.map((task) => task.dataset.name));
  const listed = listHardChecks(expected).filter(
    ({ check }) =>
      present.has(check.dataset.name) && (!('parent' in check) || present.has(check.parent.name)),
  );
  const checks =
    session.countViolations === undefined
      ? judgeFromProfile(listed, actual)
      : await countEach(listed, session.countViolations.bind(session), options.signal);
  const report: ValidationReport = {
    profile: expected.plan.profile,
    source,
    comparison,
    checks,
    ok: comparison.ok && checks.every((check) => check.ok),
  };
  return { report, expected, actual };
}

/** Counts check by check, so that one the source refuses (a field gone, an expression it rejects) fails alone. */
async function countEach(
  listed: readonly ListedCheck[],
  count: NonNullable<SourceSession['countViolations']>,
  signal: AbortSignal | undefined,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const entry of listed) {
    try {
      results.push(...judgeCounted([entry], await count([entry.check], signal)));
    } catch (error) {
      if (!(error instanceof DoppelError) || error.kind !== 'refused') throw error;
      results.push({
        dataset: entry.check.dataset.name,
        kind: entry.check.kind,
        subject: entry.subject,
        violations: null,
        basis: 'query',
        ok: false,
        error: error.message,
      });
    }
  }
  return results;
}
